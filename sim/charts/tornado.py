"""Charts of what drives the outcome: the one-at-a-time tornado, and the indices of the global methods
(Morris effects or Sobol shares), each with its interval and in plain words."""

from __future__ import annotations

import textwrap

from ..analysis.outcomes import LABELS, SHARES, SHORT
from ..analysis.sensitivity import Indices, Screening, extent
from .style import SERIES_COLOURS, figure, footer, save

NOISE_COLOUR = "#555555"


def _wrapped(text: str, width: int = 44) -> str:
    return "\n".join(textwrap.wrap(text, width))


def _title(label: str, verb: str, measure: str) -> str:
    """A one-line title naming the input that matters most (and the measure, when it fits)."""
    title = f"{label[0].upper() + label[1:]} {verb} {SHORT[measure]} most"
    return title if len(title) <= 85 else f"{label[0].upper() + label[1:]} {verb} the outcome most"


def _value(value: float | None) -> str:
    return "" if value is None else f"{value:.4g}"


def tornado(rows: list[dict], measure: str, subtitle: str, sources: list[str], path: str) -> None:
    """A bar an input that moves the measure at all, from the measure with the input at the low end of
    its range to the measure at the high end, around the scenario as it is (the line); a whisker on each
    bar end shows what chance alone could move it; the inputs that move it most on top. Inputs that
    move it not at all are counted in a note, not drawn as empty rows."""
    scale = 100 if measure in SHARES else 1
    moving = sorted((r for r in rows if extent(r, measure) > 0), key=lambda r: extent(r, measure))
    still = len(rows) - len(moving)
    height = 2.6 + 0.5 * max(len(moving), 1)
    top = moving[-1]["label"] if moving else "nothing"
    fig, axes = figure(_title(top, "moves", measure), subtitle, size=(11, height))
    base = rows[0][f"{measure}_base"] * scale if rows else 0
    for y, row in enumerate(moving):
        band = row[f"{measure}_noise"] * scale
        for offset, end, colour, hatch, label in ((0.18, "low", SERIES_COLOURS[0], None, "input at the low end"),
                                                   (-0.18, "high", SERIES_COLOURS[1], "//", "input at the high end")):
            value = row[f"{measure}_at_{end}"] * scale
            axes.barh(y + offset, value - base, left=base, color=colour, height=0.34, hatch=hatch,
                      label=label if y == 0 else None)
            axes.errorbar(value, y + offset, xerr=band, fmt="none", ecolor=NOISE_COLOUR, elinewidth=1.2, capsize=3,
                          label="what chance alone could move it (95%)" if y == 0 and end == "low" else None)
    axes.axvline(base, color="#333333", linewidth=1, label="the scenario as it is")
    axes.set_yticks(range(len(moving)), [_wrapped(f"{r['label']} ({_value(r['low'])} to {_value(r['high'])}"
                                                  + (f"; scenario {_value(r['own'])})" if r["own"] is not None else ")"))
                                         for r in moving], fontsize=8)
    note = f"; {still} other inputs do not move it at all (see sensitivity.csv)" if still else ""
    axes.set_xlabel(LABELS[measure] + (" (%)" if scale == 100 else "") + note)
    axes.grid(axis="y", visible=False)
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    fig.tight_layout(rect=(0, 0.5 / height, 1, 1 - 0.75 / height))
    footer(fig, sources)
    save(fig, path)


def indices_chart(inputs: list, found: Indices | Screening, measure: str, subtitle: str, sources: list[str],
                  path: str) -> None:
    """Sobol: each input's share of the measure's variance with interactions (bar) and alone (dot),
    with 95% intervals. Morris: each input's effect over its range, with its interval, and the
    effect chance alone would show (dashed line)."""
    from ..analysis.outcomes import NAMES

    m = NAMES.index(measure)
    sobol = isinstance(found, Indices)
    main, main_conf = (found.ST, found.ST_conf) if sobol else (found.mu_star, found.mu_star_conf)
    order = sorted(range(len(inputs)), key=lambda k: main[k, m])
    height = 2.4 + 0.42 * len(order)
    fig, axes = figure(_title(inputs[order[-1]].label, "drives" if sobol else "moves", measure), subtitle,
                       size=(11, height))
    y = range(len(order))
    axes.barh(y, [main[k, m] for k in order], xerr=[main_conf[k, m] for k in order], color=SERIES_COLOURS[0],
              height=0.5, capsize=3, label="with its interactions (total index)" if sobol else "effect over the range")
    if sobol:
        axes.errorbar([found.S1[k, m] for k in order], y, xerr=[found.S1_conf[k, m] for k in order], fmt="o",
                      color=SERIES_COLOURS[1], capsize=3, label="alone (first-order index)")
        axes.set_xlabel("share of the variance between design points")
        axes.set_xlim(left=min(0.0, min(found.S1[k, m] - found.S1_conf[k, m] for k in order)))
    else:
        axes.axvline(found.noise_floor[m], color=NOISE_COLOUR, linestyle="--", label="what chance alone shows")
        axes.set_xlabel(f"change in {LABELS[measure]} over the input's range (mean absolute effect)")
    axes.set_yticks(list(y), [_wrapped(inputs[k].label) for k in order], fontsize=8)
    axes.grid(axis="y", visible=False)
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    fig.tight_layout(rect=(0, 0.5 / height, 1, 1 - 0.75 / height))
    footer(fig, sources)
    save(fig, path)

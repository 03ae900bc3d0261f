"""Charts of what drives the outcome: the one-at-a-time tornado, and the indices of the global methods
(Morris effects or Sobol shares), each with its interval and in plain words."""

from __future__ import annotations

import textwrap

from ..analysis.measures import Measure
from ..analysis.sensitivity import Indices, Screening, extent
from ..words.drivers import idle_line, order_title
from .style import SERIES_COLOURS, figure, footer, save

NOISE_COLOUR = "#555555"


def _wrapped(text: str, width: int = 44) -> str:
    return "\n".join(textwrap.wrap(text, width))


def _value(value: float | None) -> str:
    return "" if value is None else f"{value:.4g}"


def tornado(rows: list[dict], headline: Measure, subtitle: str, sources: list[str], path: str) -> None:
    """A bar an input that moves the measure beyond chance, from the measure with the input at the low end
    of its range to the measure at the high end, around the scenario as it is (the line); a whisker on each
    bar end shows what chance alone could move it; the inputs that move it most on top. The title names
    a largest input only when its bar is longer than the next by more than chance; the inputs that do
    not move it beyond chance are summed up in one line, not drawn as rows."""
    measure, scale = headline.name, headline.scale
    moving = sorted((r for r in rows if extent(r, measure) > r[f"{measure}_noise"]), key=lambda r: extent(r, measure))
    still = [r["label"] for r in rows if r not in moving]
    height = 2.6 + 0.5 * max(len(moving), 1)
    title = order_title([r["label"] for r in moving], [extent(r, measure) for r in moving],
                        [r[f"{measure}_noise"] for r in moving], "move", headline.label)
    fig, axes = figure(title, subtitle, size=(11, height))
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
    axes.set_xlabel(headline.label + (" (%)" if scale == 100 else ""))
    if still:
        fig.text(0.01, 0.5 / height, textwrap.fill(idle_line(still, "it") + " See sensitivity.csv.", 150), fontsize=8)
    axes.grid(axis="y", visible=False)
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    fig.tight_layout(rect=(0, 0.5 / height, 1, 1 - 0.75 / height))
    footer(fig, sources)
    save(fig, path)


def indices_chart(inputs: list, found: Indices | Screening, headline: Measure, subtitle: str, sources: list[str],
                  path: str) -> None:
    """Sobol: each input's share of the measure's variance with interactions (bar) and alone (dot),
    with 95% intervals. Morris: each input's effect over its range, with its interval, and the
    effect chance alone would show (dashed line); the inputs whose effect is not above it are summed
    up in one line. The title claims a largest input only when its interval is clear of the others'."""
    m = 0  # the headline is the first measure
    sobol = isinstance(found, Indices)
    main, main_conf = (found.ST, found.ST_conf) if sobol else (found.mu_star, found.mu_star_conf)
    drawn = range(len(inputs)) if sobol else [k for k in range(len(inputs))
                                              if main[k, m] - main_conf[k, m] > found.noise_floor[m]]
    still = [inputs[k].label for k in range(len(inputs)) if k not in drawn]
    order = sorted(drawn, key=lambda k: main[k, m])
    height = 2.4 + 0.42 * max(len(order), 1)
    title = order_title([inputs[k].label for k in order], [main[k, m] for k in order], [main_conf[k, m] for k in order],
                        "drive" if sobol else "move", headline.label)
    fig, axes = figure(title, subtitle, size=(11, height))
    y = range(len(order))
    axes.barh(y, [main[k, m] for k in order], xerr=[main_conf[k, m] for k in order], color=SERIES_COLOURS[0],
              height=0.5, capsize=3, label="with its interactions (total index)" if sobol else "effect over the range")
    if sobol:
        axes.errorbar([found.S1[k, m] for k in order], y, xerr=[found.S1_conf[k, m] for k in order], fmt="o",
                      color=SERIES_COLOURS[1], capsize=3, label="alone (first-order index)")
        axes.set_xlabel("share of the measure's variance across the ranges (chance taken out)")
        axes.set_xlim(left=min(0.0, min(found.S1[k, m] - found.S1_conf[k, m] for k in order)))
    else:
        axes.axvline(found.noise_floor[m], color=NOISE_COLOUR, linestyle="--", label="what chance alone shows")
        axes.set_xlabel(f"change in the {headline.label} over the input's range (mean absolute effect)")
        if still:
            fig.text(0.01, 0.5 / height, textwrap.fill(idle_line(still, "it") + " See sensitivity.csv.", 150),
                     fontsize=8)
    axes.set_yticks(list(y), [_wrapped(inputs[k].label) for k in order], fontsize=8)
    axes.grid(axis="y", visible=False)
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    fig.tight_layout(rect=(0, 0.5 / height, 1, 1 - 0.75 / height))
    footer(fig, sources)
    save(fig, path)

"""The tornado chart of one-at-a-time sensitivity: which inputs move each outcome measure most."""

from __future__ import annotations

from ..analysis.outcomes import LABELS, NAMES
from ..analysis.sensitivity import extent
from ..analysis.variants import parse_path
from ..scenario.labels import key_label
from .style import SERIES_COLOURS, figure, footer, save


def tornado(rows: list[dict], subtitle: str, sources: list[str], path: str, data: dict | None = None) -> None:
    """For each measure, a bar an input from its value at the input's low to its value at the high,
    around the scenario's own value; the inputs that move it most on top. Inputs are named in plain
    words (``data``: the scenario's data, to call list items by their names)."""
    height = 1.6 + 3 * (0.8 + 0.32 * len(rows))
    fig, panels = figure("What drives the outcomes: one input at a time", subtitle, size=(10, height), nrows=3)
    for axes, name in zip(panels, NAMES):
        scale = 100 if name != "hostages_still_held" else 1
        ordered = sorted(rows, key=lambda r: extent(r, name))
        base = ordered[0][f"{name}_base"] * scale if ordered else 0
        for y, row in enumerate(ordered):
            low, high = row[f"{name}_at_low"] * scale, row[f"{name}_at_high"] * scale
            axes.barh(y + 0.17, low - base, left=base, color=SERIES_COLOURS[0], height=0.34,
                      label="input at its low" if y == 0 else None)
            axes.barh(y - 0.17, high - base, left=base, color=SERIES_COLOURS[1], height=0.34, hatch="//",
                      label="input at its high" if y == 0 else None)
        axes.axvline(base, color="#333333", linewidth=1)
        axes.set_yticks(range(len(ordered)), [key_label(parse_path(r["input"]), data) for r in ordered], fontsize=8)
        axes.set_title(LABELS[name] + (" (%)" if scale == 100 else "") + "; line: the scenario as it is",
                       fontsize=9, loc="left")
        axes.grid(axis="y", visible=False)
    panels[0].legend(loc="lower right", fontsize=8)
    fig.tight_layout(rect=(0, 0.03, 1, 1 - 1.0 / height))
    footer(fig, sources)
    save(fig, path)

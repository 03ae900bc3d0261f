"""Hostages still held and prisoners released over time: the median by day, with bands.

Each day's bands are taken across runs: the darker band holds the middle half
of the runs on that day, the lighter one the middle 80%. Several scenarios get
a column each (same scales), with the first scenario's median as a grey
reference line in the others.
"""

from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..analysis.runs import Runs
from ..results.series import bands, cumulative, still_held
from .base import finish, series_style, short, start
from .style import dated_axis, day_numbers, legend_outside

PERCENTILES = (10, 25, 50, 75, 90)
REFERENCE = "#777777"
PANELS = (("Living hostages still held", "People", still_held),
          ("Prisoners released (cumulative)", "People",
           lambda records, days: cumulative(records, days, "prisoners_released")))


def levels(runs: Runs, matrix_of) -> tuple[np.ndarray, dict[float, np.ndarray]]:
    """Dates and the percentiles across runs of a day-by-day matrix."""
    days = np.arange(runs.scenario.horizon_days + 1, dtype=float)
    return day_numbers(runs.scenario.start_date, days), bands(matrix_of(runs.records, days), PERCENTILES)


def fan(ax, runs: Runs, index: int, matrix_of) -> dict[float, np.ndarray]:
    """Median line and 25-75 / 10-90 bands of one scenario; the percentiles drawn."""
    x, level = levels(runs, matrix_of)
    style = series_style(index)
    ax.fill_between(x, level[10], level[90], color=style["color"], alpha=0.15, linewidth=0)
    ax.fill_between(x, level[25], level[75], color=style["color"], alpha=0.35, linewidth=0)
    ax.plot(x, level[50], linewidth=2, label=short(f"Median: {runs.name}", 26), **style)
    return level


def reference(ax, runs: Runs, matrix_of) -> None:
    """The first scenario's median, thin and grey, for comparison in another scenario's panel."""
    x, level = levels(runs, matrix_of)
    ax.plot(x, level[50], color=REFERENCE, linewidth=1, linestyle="-", zorder=1)


def handles(runs: list[Runs]) -> list:
    out = [Line2D([], [], linewidth=2, label=short(f"Median: {r.name}", 26), **series_style(i))
           for i, r in enumerate(runs)]
    out += [Patch(facecolor="#333333", alpha=0.45, label="Middle 50% of runs"),
            Patch(facecolor="#333333", alpha=0.18, label="Middle 80% of runs")]
    if len(runs) > 1:
        out.append(Line2D([], [], color=REFERENCE, linewidth=1, label="Median of the first\nscenario "
                                                                       "(for comparison)"))
    return out


def grid(title: str, runs: list[Runs], panels, height: float):
    """A figure with a row a panel and a column a scenario, sharing scales; returns (fig, axes 2-D)."""
    fig, axes = start(title, runs, "Median across runs by day; bands hold the middle 50% and 80% of runs.",
                      size=(11 + 2.5 * max(len(runs) - 3, 0), height), nrows=len(panels), ncols=len(runs),
                      sharex=True, sharey="row", squeeze=False)
    for column, r in enumerate(runs):
        for row, (panel, unit, matrix_of) in enumerate(panels):
            ax = axes[row][column]
            fan(ax, r, column, matrix_of)
            if column:
                reference(ax, runs[0], matrix_of)
            heading = panel if len(runs) == 1 else (f"{short(r.name, 84 // len(runs))}\n{panel}" if row == 0 else panel)
            ax.set_title(heading, loc="left", fontsize=10)
            ax.set_ylim(bottom=0)
            if column == 0:
                ax.set_ylabel(unit)
        dated_axis(axes[-1][column], *(("Date", 5) if len(runs) > 1 else ("Date (day 0 is the scenario's start date)",)))
    return fig, axes


def chart(runs: list[Runs]):
    fig, axes = grid("Hostages still held and prisoners released", runs, PANELS, 7.6)
    legend_outside(axes[0][-1], handles(runs), title="Lines and bands")
    return finish(fig, runs, top=0.8 if len(runs) > 1 else 0.84, bottom=0.12, right=0.76, hspace=0.35,
                  wspace=0.12)

"""Aid delivered: cumulative trucks by date, runs split by how they end, against the deal's target.

The target line is the promised trucks a day from the median day on which phase one
began (the scenario's target; a distribution is shown by its median).
"""

from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from ..analysis.runs import Runs
from ..results.series import aid_delivered
from ..words.findings import Findings
from ..words.numbers import typical
from .base import finish
from .fan import GAP, RIGHT, label_ends, split_grid
from .style import day_numbers, legend_outside

AID_LEFT = 0.95  # inches: room for "200,000"
TARGET_STYLE = {"color": "black", "linewidth": 1.2, "linestyle": (0, (1, 1.5))}


def target(runs: Runs, days: np.ndarray) -> np.ndarray | None:
    """Cumulative target trucks by day from the median start of phase one; None if it never began."""
    begun = [r.entered["phase_one"] for r in runs.records if "phase_one" in r.entered]
    if not begun:
        return None
    return typical(runs.scenario.aid.target_trucks_per_day) * np.clip(days - float(np.median(begun)), 0, None)


def draw_target(ax, runs: Runs) -> None:
    days = np.arange(runs.scenario.horizon_days + 1, dtype=float)
    goal = target(runs, days)
    if goal is not None:
        ax.plot(day_numbers(runs.scenario.start_date, days), goal, **TARGET_STYLE)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))


def chart(runs: list[Runs], findings: Findings):
    fig, axes, handles = split_grid(
        findings.title("aid"), "Aid trucks entered since the start, by date: for each way the runs end, the "
        "median of those runs (line) and the middle 80% of them (band); dotted: the deal's target.",
        runs, aid_delivered, "Trucks (cumulative)", AID_LEFT, draw_target)
    note = Line2D([], [], **TARGET_STYLE, label="Target: trucks a day\npromised, from the median\nstart of phase one")
    legend_outside(axes[0][-1], [*handles, note], title="Lines and bands", fontsize=8)
    finish(fig, runs, left=AID_LEFT, right=RIGHT, below=0.35, wspace=GAP, **fig.layout)
    label_ends(fig)
    return fig

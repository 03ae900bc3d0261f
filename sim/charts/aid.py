"""Aid delivered: trucks a day by date, runs split by how they end, against the deal's target.

Drawn as a rate, so that the target (the promised trucks a day; a distribution shown by
its median) is a level line the runs can be read against, from the median day on which
phase one began; a total over a year would run the target far above the runs' lines.
"""

from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from ..analysis.runs import Runs
from ..results.series import aid_delivered
from ..words.findings import Findings
from ..words.numbers import typical
from .fan import finish_grid, split_grid
from .style import day_numbers

AID_LEFT = 0.75  # inches: room for "1,000"
TARGET_STYLE = {"color": "black", "linewidth": 1.2, "linestyle": (0, (1, 1.5))}


def aid_rate(records, days: np.ndarray) -> np.ndarray:
    """Aid trucks entered on each day (one row a run): the day's share of the running total."""
    return aid_delivered(records, days + 1.0) - aid_delivered(records, days)


def draw_target(ax, runs: Runs) -> None:
    """The promised trucks a day, from the median day phase one began to the horizon (nothing if it never did)."""
    begun = [r.entered["phase_one"] for r in runs.records if "phase_one" in r.entered]
    if begun:
        days = np.array([float(np.median(begun)), float(runs.scenario.horizon_days)])
        goal = typical(runs.scenario.aid.target_trucks_per_day)
        ax.plot(day_numbers(runs.scenario.start_date, days), [goal, goal], **TARGET_STYLE)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))


def chart(runs: list[Runs], findings: Findings, room: float | None = None, phone: bool = False):
    fig, axes, handles = split_grid(
        findings.title("aid"), "Aid trucks entered a day, by date: for each way the runs end, the median of those "
        "runs (line) and the middle 80% of them (band); dotted: the deal's target. Each panel has its own scale.",
        runs, aid_rate, "Trucks a day", AID_LEFT, draw_target, room=room, phone=phone)
    note = Line2D([], [], **TARGET_STYLE, label="Target: trucks a day\npromised, from the median\nstart of "
                  + runs[0].machine.opening)
    finish_grid(fig, axes, runs, [*handles, note], AID_LEFT)
    return fig

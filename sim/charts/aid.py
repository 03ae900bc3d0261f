"""Aid delivered: cumulative trucks by day (median and bands) against the deal's target.

The target line is the promised trucks a day from the median day on which
phase one began (the scenario's target; a distribution is shown by its median).
"""

from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from ..analysis.runs import Runs
from ..results.series import aid_delivered
from ..scenario import Distribution
from .base import finish
from .fan import grid, handles
from .style import day_numbers, legend_outside

TARGET_STYLE = {"color": "black", "linewidth": 1.2, "linestyle": (0, (1, 1.5))}


def typical(quantity) -> float:
    """A fixed value as it is; a distribution by the median of many draws (fixed seed)."""
    if not isinstance(quantity, Distribution):
        return float(quantity)
    rng = np.random.default_rng(0)
    return float(np.median([quantity.sample(rng) for _ in range(2001)]))


def target(runs: Runs, days: np.ndarray) -> np.ndarray | None:
    """Cumulative target trucks by day from the median start of phase one; None if it never began."""
    begun = [r.entered["phase_one"] for r in runs.records if "phase_one" in r.entered]
    if not begun:
        return None
    return typical(runs.scenario.aid.target_trucks_per_day) * np.clip(days - float(np.median(begun)), 0, None)


def chart(runs: list[Runs]):
    fig, axes = grid("Aid trucks entered, against the target", runs,
                     (("Aid trucks entered", "Trucks (cumulative)", aid_delivered),), 5.8)
    for ax, r in zip(axes[0], runs):
        days = np.arange(r.scenario.horizon_days + 1, dtype=float)
        goal = target(r, days)
        if goal is not None:
            ax.plot(day_numbers(r.scenario.start_date, days), goal, **TARGET_STYLE)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    note = Line2D([], [], **TARGET_STYLE, label="Target: trucks a day promised,\nfrom the median start of\nphase one")
    legend_outside(axes[0][-1], handles(runs) + [note], title="Lines and bands")
    return finish(fig, runs, top=0.74 if len(runs) > 1 else 0.84, right=0.76, left=0.09, wspace=0.12)

"""How runs end: the share of runs ending in each terminal state, one bar a scenario."""

from __future__ import annotations

from collections import Counter

from matplotlib.patches import Patch

from ..analysis.compare import ONGOING, ending_label, ending_of
from ..analysis.runs import Runs
from ..machine import TERMINAL_STATES
from .base import finish, short, start
from .style import is_dark, legend_outside, patch_style

ENDINGS = (*TERMINAL_STATES, ONGOING)


def shares(runs: Runs) -> dict[str, float]:
    """Share of runs ending in each terminal state (and still going at the horizon)."""
    counts = Counter(ending_of(r.final_state) for r in runs.records)
    return {ending: counts.get(ending, 0) / len(runs) for ending in ENDINGS}


def chart(runs: list[Runs]):
    fig, ax = start("How the runs end", runs, "Share of runs in each end state at the end of the run.",
                    size=(11, max(4.2, 2.6 + 0.75 * len(runs))))
    rows = range(len(runs))[::-1]  # first scenario on top
    for y, r in zip(rows, runs):
        left = 0.0
        for ending, share in shares(r).items():
            if share == 0:
                continue
            bar = ax.barh(y, share * 100, left=left * 100, height=0.6, **patch_style(ending))[0]
            bar.set_label(ending_label(ending))  # on the bar itself, for readers of the figure (tests)
            if share >= 0.05:
                colour = "white" if is_dark(patch_style(ending)["facecolor"]) else "black"
                ax.text((left + share / 2) * 100, y, f"{share:.0%}", ha="center", va="center", fontsize=9,
                        color=colour, fontweight="bold",
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": patch_style(ending)["facecolor"],
                              "edgecolor": "none"})
            left += share
    ax.set_yticks(list(rows), [short(r.name, 28) for r in runs])
    ax.set_xlim(0, 100)
    ax.set_xlabel("Share of runs (%)")
    ax.grid(axis="y", visible=False)
    legend_outside(ax, [Patch(label=ending_label(e), **patch_style(e)) for e in ENDINGS], title="End state")
    return finish(fig, runs, top=0.78, bottom=0.2, left=0.2)

"""How runs end: the share of runs ending in each end state, one bar a scenario."""

from __future__ import annotations

from collections import Counter

from matplotlib.patches import Patch

from ..analysis.compare import ONGOING, ending_label, ending_of
from ..analysis.runs import Runs
from ..machine import TERMINAL_STATES
from ..words.findings import Findings
from ..words.numbers import percent
from .base import PHONE_WIDTH, WIDTH, finish, legend_below, legend_rows, short, start
from .style import is_dark, legend_outside, patch_style, text_points

ENDINGS = (*TERMINAL_STATES, ONGOING)
NAME_WIDTH = 50  # characters of a scenario's name on a line, left of its bar
PHONE_NAME_WIDTH = 20


def shares(runs: Runs) -> dict[str, float]:
    """Share of runs ending in each terminal state (and still going at the horizon)."""
    counts = Counter(ending_of(r.final_state) for r in runs.records)
    return {ending: counts.get(ending, 0) / len(runs) for ending in ENDINGS}


def chart(runs: list[Runs], findings: Findings, room: float | None = None, phone: bool = False):
    """``room``: the most height the page gives, in inches (the bars closer, never the text smaller); ``phone``:
    narrow, the legend below."""
    names = [short(r.name, PHONE_NAME_WIDTH if phone else NAME_WIDTH, 8.5) for r in runs]
    lines = max(n.count("\n") + 1 for n in names)
    tall = max(0.55, 0.17 * lines + 0.25)  # a bar's room, in inches
    if room is not None:
        tall = max(0.15 * lines + 0.06, min(tall, (room - 2.1) / len(runs)))
    present = [e for e in ENDINGS if any(shares(r)[e] for r in runs)]
    handles = [Patch(label=ending_label(e), **patch_style(e)) for e in present]
    below = legend_rows(handles) if phone else 0.0
    fig, ax = start(findings.title("outcomes"), runs, "Share of runs ending each way.", 2.1 + below + tall * len(runs),
                    PHONE_WIDTH if phone else WIDTH)
    rows = range(len(runs))[::-1]  # first scenario on top
    for y, r in zip(rows, runs):
        left = 0.0
        for ending, share in shares(r).items():
            if share == 0:
                continue
            bar = ax.barh(y, share * 100, left=left * 100, height=0.62, **patch_style(ending))[0]
            bar.set_label(ending_label(ending))  # on the bar itself, for readers of the figure (tests)
            if share >= 0.05:
                colour = "white" if is_dark(patch_style(ending)["facecolor"]) else "black"
                ax.text((left + share / 2) * 100, y, percent(share), ha="center", va="center", fontsize=9,
                        color=colour, fontweight="bold",
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": patch_style(ending)["facecolor"],
                              "edgecolor": "none"})
            left += share
    ax.set_yticks(list(rows), names, fontsize=8.5)
    ax.set_ylim(-0.5, len(runs) - 0.5)
    ax.set_xlim(0, 100)
    ax.set_xlabel("Share of runs (%)")
    ax.grid(axis="y", visible=False)
    left = 0.3 + max(text_points(line, 8.5) for n in names for line in n.split("\n")) / 72  # the names' room
    if phone:
        finish(fig, runs, left=left, right=0.25, below=0.55 + below)
        legend_below(fig, handles, "How runs end")
        return fig
    legend_outside(ax, handles, title="How runs end", fontsize=8)
    return finish(fig, runs, left=left, right=2.2, below=0.55)

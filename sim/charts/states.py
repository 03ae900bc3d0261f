"""Where the runs are, date by date: the share of runs in each state on each day, a panel a scenario.

The honest picture of a two-way outcome: no single run stands for the others; on each
date the runs are split among the states of the scenario's deal (its built machine, so
a deal's own phases appear without a change here).
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Patch

from ..analysis.runs import Runs, segments
from ..machine import Machine
from ..words.findings import Findings
from ..words.numbers import percent
from .base import (PHONE_WIDTH, WIDTH, bottom_labels, finish, fitting, legend_below, legend_rows, panel_grid,
                   panel_inches, start, text_inches)
from .style import dated_axis, day_numbers, is_dark, legend_outside, patch_style

LEFT, RIGHT, GAP = 0.75, 1.75, 0.08  # margins (inches) and the gap between panels (in panel widths)
PHONE_RIGHT = 0.25  # a phone's chart: its legend below, not at the right
LABEL_AT_LEAST = 0.07  # a band this thick (share of runs) carries its name at the right


def stack_order(machine: Machine) -> list[str]:
    """Bottom to top: the first end state (completion), the running states from the furthest on,
    then the other end states, so that good ends pile up from below and bad ones hang from above."""
    ends = [s.name for s in machine.states if s.terminal]
    running = [s.name for s in machine.states if not s.terminal]
    return [*ends[:1], *reversed(running), *ends[1:]]


def shares_by_day(runs: Runs) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Days 0..horizon and, for each state, the share of runs in it at midday of each day."""
    horizon = runs.scenario.horizon_days
    days = np.arange(horizon + 1, dtype=float)
    index = {name: i for i, name in enumerate(stack_order(runs.machine))}
    counts = np.zeros((len(index), len(days)))
    for record in runs.records:
        for state, begin, end in segments(record, horizon + 1):
            first, last = int(np.ceil(begin - 0.5)), int(np.ceil(end - 0.5))
            counts[index[state], max(first, 0):max(last, 0)] += 1
    return days, {state: counts[i] / len(runs) for state, i in index.items()}


def _legend(runs: list[Runs], seen: dict[str, tuple[str, dict]]) -> list[tuple[str, dict]]:
    """The states drawn, each once, in the stacking order of the first deal that has them."""
    order = list(dict.fromkeys(s for r in runs for s in stack_order(r.machine)))
    return [seen[s] for s in order if s in seen]


PANEL = 2.0  # a panel's height in inches when the page has room for it
SMALLEST_PANEL = 1.3  # never lower: more scenarios than fit are split across figures by the caller


def chart(runs: list[Runs], findings: Findings, room: float | None = None, phone: bool = False):
    """``room``: the most height the page gives, in inches (the panels lower, never the text); ``phone``:
    narrow, a panel a row, the legend below."""
    rows, columns = panel_grid(len(runs), 1 if phone else 2 if len(runs) <= 4 else 3)
    right, width = (PHONE_RIGHT, PHONE_WIDTH) if phone else (RIGHT, WIDTH)
    titles = [fitting(r.name, panel_inches(LEFT, right, columns, GAP, width) - 0.1, 9.5) for r in runs]
    lines = max(t.count("\n") + 1 for t in titles)  # room between rows: the ticks, then the longest panel title
    titled = text_inches("\n" * (lines - 1), 9.5)  # a long name's extra lines take room of their own, not the panel's
    panel = (min(PANEL, 4.6 / rows) if room is None
             else max(SMALLEST_PANEL, min(PANEL, (room - 2.3) / rows - titled)))
    if phone:
        panel = PANEL
    states = list(dict.fromkeys(s for r in runs for s in stack_order(r.machine)))
    handles_room = legend_rows(states) if phone else 0.0
    fig, axes = start(findings.title("states"), runs,
                      "On each date, the share of runs in each state of the deal.",
                      1.7 + handles_room + (panel + titled) * rows + 0.35, width, nrows=rows, ncols=columns,
                      sharey=True, squeeze=False)
    seen: dict[str, tuple[str, dict]] = {}  # state -> its label and look, in the order first drawn
    for ax, r, title in zip(axes.flat, runs, titles):
        days, shares = shares_by_day(r)
        x = day_numbers(r.scenario.start_date, days)
        machine = r.machine
        drawn = [s for s in stack_order(machine) if shares[s].any()]
        looks = {s: patch_style(s, machine) for s in drawn}
        for s in drawn:
            seen.setdefault(s, (machine.labels[s], looks[s]))
        bands = ax.stackplot(x, *(shares[s] * 100 for s in drawn), linewidth=0.4)
        for band, state in zip(bands, drawn):
            band.set(**looks[state])
        bottom = 0.0
        for state in drawn:  # the band's name and share at the horizon, inside it, where it is thick enough
            share = shares[state][-1]
            if share >= LABEL_AT_LEAST:
                colour = "white" if is_dark(looks[state]["facecolor"]) else "black"
                ax.text(x[-1] - 0.01 * (x[-1] - x[0]), (bottom + share / 2) * 100,
                        f"{machine.labels[state]} {percent(share)}", ha="right", va="center", fontsize=7.5,
                        color=colour, bbox={"boxstyle": "round,pad=0.12", "facecolor": looks[state]["facecolor"],
                              "edgecolor": "none"})
            bottom += share
        ax.set_title(title, loc="left", fontsize=9.5)
        ax.set_xlim(x[0], x[-1])
        ax.set_ylim(0, 100)
        ax.grid(False)
        dated_axis(ax, "", most=6)
    for ax in axes.flat[len(runs):]:
        ax.set_visible(False)
    bottom_labels(axes, len(runs))
    for ax in axes[:, 0]:
        ax.set_ylabel("% of runs")
    handles = [Patch(label=label, **look) for label, look in _legend(runs, seen)]
    if not phone:
        legend_outside(axes[0][-1], handles, title="State", fontsize=8)
    finish(fig, runs, left=LEFT, right=right, below=0.35 + handles_room, above=0.1 + titled,
           rows=rows, gap=0.3 + titled + 0.05, wspace=GAP)
    if phone:
        legend_below(fig, handles, "State")
    return fig

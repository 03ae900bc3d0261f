"""Does the ceasefire hold? Kaplan-Meier curves of the share still holding, with numbers at risk."""

from __future__ import annotations

import numpy as np

from ..analysis.runs import Runs
from ..analysis.survival import ceasefire_durations, kaplan_meier
from .base import finish, series_style, short, start
from .style import legend_outside

STEP = 30  # days between the columns of numbers at risk


def chart(runs: list[Runs]):
    fig, (ax, table) = start("How long the ceasefire holds", runs,
                             "Runs in which phase one began; day 0 is its first day. Runs that had not "
                             "collapsed by the horizon count as censored (Kaplan-Meier).",
                             size=(11, 6.8 + 0.25 * len(runs)), nrows=2,
                             gridspec_kw={"height_ratios": [4, 0.5 + 0.3 * len(runs)]})
    longest = 1.0
    curves = []
    for i, r in enumerate(runs):
        durations, observed = ceasefire_durations(r)
        if not len(durations):
            curves.append(None)
            ax.plot([], [], label=f"{short(r.name, 26)}\n(the ceasefire began in no run)", **series_style(i))
            continue
        curve = kaplan_meier(durations, observed)
        curves.append(curve)
        longest = max(longest, float(durations.max()))
        times = np.append(curve.times, durations.max())
        values = np.append(curve.survival, curve.survival[-1]) * 100
        share = len(durations) / len(r)
        ax.step(times, values, where="post", linewidth=2,
                label=f"{short(r.name, 26)}\n({len(durations):,} runs, {share:.0%} of all)", **series_style(i))
    ax.set_xlim(0, longest)
    ax.set_ylim(0, 102)
    ax.set_ylabel("Ceasefires still holding (%)")
    ax.set_xlabel("Days since the ceasefire began")
    legend_outside(ax, title="Scenario")

    ticks = np.arange(0, longest + 1, STEP)
    ax.set_xticks(ticks)
    table.set_xlim(ax.get_xlim())
    table.set_ylim(-0.5, len(runs) - 0.5)
    table.axis("off")
    table.set_title("Number at risk (still holding and still watched)", loc="left", fontsize=9, fontweight="normal")
    for row, (r, curve) in enumerate(zip(runs, curves)):
        y = len(runs) - 1 - row
        colour = series_style(row)["color"]
        label = r.name if len(r.name) <= 30 else r.name[:29] + "…"
        table.text(-0.04 * longest, y, label, ha="right", va="center", fontsize=8, color=colour)
        for tick in ticks:
            table.text(tick, y, f"{curve.at_risk(tick) if curve else 0:,}", ha="center", va="center", fontsize=8)
    return finish(fig, runs, top=0.83, bottom=0.1, left=0.2, right=0.76, hspace=0.35)

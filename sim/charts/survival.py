"""Does the ceasefire hold? Kaplan-Meier curves of the share still holding, each with its 95% band
(Greenwood), and numbers at risk.

Lines are labelled directly at their right end; the table of numbers at risk names each
scenario in full (wrapped), in the colour of its line.
"""

from __future__ import annotations

import numpy as np

from ..analysis.runs import Runs
from ..analysis.survival import ceasefire_durations, kaplan_meier
from ..words.findings import Findings
from ..words.numbers import percent
from .base import finish, series_style, short, spread, start, text_inches

STEP = 30  # days between the columns of numbers at risk
NAME_WIDTH = 30  # characters a line of a scenario's name
PLOT_INCHES = 3.6


def chart(runs: list[Runs], findings: Findings):
    names = [short(r.name, NAME_WIDTH, 7.5) for r in runs]
    table_rows = sum(n.count("\n") + 1 for n in names)
    table_inches = 0.3 + 0.15 * table_rows
    fig, (ax, table) = start(findings.title("survival"), runs,
                             "Share of ceasefires still holding, by days since it began (Kaplan-Meier), over the "
                             "runs in which phase one began; a run that had not collapsed by the end of the days "
                             "simulated counts as holding as long as it was watched. Shaded: the 95% interval (Greenwood).",
                             PLOT_INCHES + table_inches + 2.9, nrows=2,
                             gridspec_kw={"height_ratios": [PLOT_INCHES, table_inches]})
    longest = 1.0
    curves, ends = [], []
    for i, r in enumerate(runs):
        durations, observed = ceasefire_durations(r)
        if not len(durations):
            curves.append(None)
            ends.append(None)
            continue
        curve = kaplan_meier(durations, observed)
        curves.append(curve)
        longest = max(longest, float(durations.max()))
        times = np.append(curve.times, durations.max())
        values = np.append(curve.survival, curve.survival[-1]) * 100
        style = series_style(i)
        ax.fill_between(times, np.append(curve.lower, curve.lower[-1]) * 100,
                        np.append(curve.upper, curve.upper[-1]) * 100, step="post", color=style["color"],
                        alpha=0.18, linewidth=0)
        ax.step(times, values, where="post", linewidth=2, **style)
        ends.append(values[-1])
    ax.set_xlim(0, longest)
    ax.set_ylim(0, 102)
    ax.set_ylabel("Ceasefires still holding (%)")
    ax.set_xlabel("Days since the ceasefire began")

    ticks = np.arange(0, longest + 1, STEP)
    ax.set_xticks(ticks)
    table.set_xlim(ax.get_xlim())
    table.set_ylim(table_rows - 0.5, -0.5)
    table.axis("off")
    table.set_title("Runs still holding and still watched (number at risk)", loc="left", fontsize=8.5,
                    fontweight="normal")
    y = 0.0
    for i, (name, curve) in enumerate(zip(names, curves)):
        lines = name.count("\n") + 1
        middle = y + (lines - 1) / 2
        table.text(-0.05 * longest, middle, name, ha="right", va="center", fontsize=7.5,
                   color=series_style(i)["color"], linespacing=1.0)
        for tick in ticks:
            table.text(tick, middle, f"{curve.at_risk(tick) if curve else 0:,}", ha="center", va="center",
                       fontsize=7.5)
        y += lines
    finish(fig, runs, left=2.2, right=2.5, below=0.1, rows=2, gap=0.85)
    label_ends(ax, names, ends, longest)
    return fig


def label_ends(ax, names: list[str], ends: list[float | None], longest: float) -> None:
    """Each line's name and last value at its right end, moved apart so that no two labels touch (placed
    once the axes have their size, which sets how far apart in percent a line of text is)."""
    shown = [i for i, end in enumerate(ends) if end is not None]
    if not shown:
        ax.text(0.5, 0.5, "The ceasefire began in no run", transform=ax.transAxes, ha="center")
        return
    labels = [f"{names[i]}\n{percent(ends[i] / 100)} still holding" for i in shown]
    axes_inches = ax.get_position().height * ax.figure.get_figheight()
    per_inch = (ax.get_ylim()[1] - ax.get_ylim()[0]) / axes_inches
    tallest = max(text_inches(label, 7.5) for label in labels) + 0.08
    places = spread([ends[i] for i in shown], tallest * per_inch, ax.get_ylim()[0] + tallest / 2 * per_inch)
    for i, label, y in zip(shown, labels, places):
        ax.annotate(label, (longest, ends[i]), xytext=(longest * 1.015, y), textcoords="data", fontsize=7.5,
                    va="center", color=series_style(i)["color"], annotation_clip=False, linespacing=1.0,
                    arrowprops={"arrowstyle": "-", "color": "#999999", "linewidth": 0.6})

"""One run told as a dated Gantt of phases, with its releases, incidents and scripted events.

Which run: the replication asked for (:attr:`Runs.told`), shown as an
illustration and never as typical (the states chart shows all runs). Several
scenarios are stacked as rows; with the same seed, replication k of each faced
the same luck.
"""

from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..analysis.runs import Runs, segments
from ..engine import Record
from ..machine import TERMINAL_STATES
from ..words.findings import Findings
from .base import finish, short, start
from .style import dated_axis, day_numbers, is_dark, legend_outside, patch_style

MARKERS = {  # kind of event -> (marker, face colour, where on the bar, legend label)
    "release": ("v", "black", 0.33, "Release"),
    "obligation": ("^", "white", 0.33, "Obligation met"),
    "incident": ("X", "#555555", -0.33, "Incident"),
    "absorbed": ("X", "white", -0.33, "Absorbed incident"),
    "scripted": ("D", "white", -0.33, "Scripted event"),
}


def event_days(record: Record) -> dict[str, list[float]]:
    """Days of releases (on a separate track too), obligations met, incidents (not scripted; those absorbed
    apart) and scripted events, from the run's chronology."""
    days: dict[str, list[float]] = {kind: [] for kind in MARKERS}
    for event in record.events or ():
        if event["kind"] in ("release", "release_outside"):
            days["release"].append(event["day"])
        elif event["kind"] == "obligation_met":
            days["obligation"].append(event["day"])
        elif event["kind"] == "incident" and event["cause"] != "scripted":
            days["absorbed" if event["cause"] == "absorbed" else "incident"].append(event["day"])
        elif event["kind"] == "scripted":
            days["scripted"].append(event["day"])
    return days


def chart(runs: list[Runs], findings: Findings):
    chosen = [r.told.replication for r in runs]
    which = (f"Run number {chosen[0]} of each scenario, by date: its phases, releases, obligations met, incidents "
             "and scripted events. Other runs differ; the states chart shows them all.")
    fig, ax = start(findings.title("timeline"), runs, which, max(4.6, 2.8 + 1.0 * len(runs)))
    seen: dict[str, tuple[str, dict]] = {}  # state -> its label and look, in the order first drawn
    shown: set[str] = set()  # kinds of event drawn: only they are in the legend
    rows = range(len(runs))[::-1]
    span = max(r.scenario.horizon_days for r in runs)
    for y, r, k in zip(rows, runs, chosen):
        scenario = r.scenario
        record = r.told
        machine = r.machine
        for state, begin, end in segments(record, scenario.horizon_days):
            if end <= begin and state != record.final_state:
                continue  # left on the day it was entered (accepted at once): nothing to draw
            look, label = patch_style(state, machine), machine.labels[state]
            seen.setdefault(state, (label, look))
            x0, x1 = day_numbers(scenario.start_date, [begin, end])
            ax.broken_barh([(x0, max(x1 - x0, 0.5))], (y - 0.22, 0.44), **look)
            if x1 - x0 >= 0.012 * span * len(label):
                colour = "white" if is_dark(look["facecolor"]) else "black"
                ax.text((x0 + x1) / 2, y, label, ha="center", va="center", fontsize=8, color=colour,
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": look["facecolor"],
                              "edgecolor": "none"})
        for kind, days in event_days(record).items():
            if days:
                shown.add(kind)
                marker, colour, offset, label = MARKERS[kind]
                ax.plot(day_numbers(scenario.start_date, days), np.full(len(days), y + offset), linestyle="none",
                        marker=marker, markerfacecolor=colour, markeredgecolor="black", markersize=6,
                        clip_on=False, label=label)
        if record.final_state not in TERMINAL_STATES:
            x = day_numbers(scenario.start_date, record.end_day)
            ax.annotate("still going", (x, y), xytext=(4, 0), textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(list(rows), [short(f"{r.name} (run {k})", 29, 8.5) for r, k in zip(runs, chosen)], fontsize=8.5)
    ax.set_ylim(-0.6, len(runs) - 0.4)
    ax.grid(axis="y", visible=False)
    dated_axis(ax, "Date")
    order = dict.fromkeys(s for r in runs for s in r.machine.state_names)
    phases = [Patch(label=seen[s][0], **seen[s][1]) for s in order if s in seen]
    marks = [Line2D([], [], linestyle="none", marker=m, markerfacecolor=c, markeredgecolor="black", label=label)
             for kind, (m, c, _, label) in MARKERS.items() if kind in shown]
    legend_outside(ax, phases + marks, title="Phase and events")
    return finish(fig, runs, left=2.2, right=2.3, below=0.55)

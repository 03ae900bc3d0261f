"""The replay chart: the record drawn over the ensemble's fan, and its states over the timeline.

Three panels of cumulative releases (living hostages, bodies, prisoners; and a
fourth, the other side's bodies returned, when the record gives them), each
with the ensemble's 10-90% band and median and the record as a black step
line; a last panel with the record's states and the median run's states as
two coloured bars. The record's changes of state are dashed lines across all
panels.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from ..machine import machine_of
from ..replay.fit import SERIES, Replay
from ..words.numbers import calendar
from .style import SERIES_COLOURS, figure, footer, patch_style, save, state_colour

RECORD_COLOUR = "#000000"


def _segments(changes: list[tuple[float, str]], end: float) -> list[tuple[float, float, str]]:
    """(from day, to day, state) from dated changes of state, up to ``end``."""
    out = []
    for (day, state), nxt in zip(changes, [*changes[1:], (end, "")]):
        if nxt[0] > day or state in ("collapsed", "completed", "rejected"):
            out.append((day, max(nxt[0], day + 1), state))
    return out


def _timeline(axes, replay: Replay, end: float) -> None:
    run = replay.median_record
    rows = (("record", [(float(d), s) for d, s in replay.record_states]),
            (f"median run\n(replication {run.replication})", [(0.0, "proposed"), *((t[0], t[2]) for t in run.transitions)]))
    seen: set[str] = set()
    machine = machine_of(replay.loaded.scenario)
    for y, (label, changes) in enumerate(reversed(rows)):
        for start, stop, state in _segments(changes, end):
            if start >= end:
                continue
            look = patch_style(state, machine)
            axes.barh(y, min(stop, end) - start, left=start, height=0.6, color=look["facecolor"],
                      hatch=look["hatch"], edgecolor="white", linewidth=0.5,
                      label=None if state in seen else machine.labels[state])
            seen.add(state)
    axes.set_yticks(range(len(rows)), [label for label, _ in reversed(rows)])
    axes.set_xlim(0, end)
    axes.grid(False, axis="y")
    suspensions = [(r.date - replay.loaded.scenario.start_date).days for r in replay.history.rows
                   if r.event == "suspension"]
    if suspensions:
        axes.plot(suspensions, [len(rows) - 1 + 0.42] * len(suspensions), "v", color=RECORD_COLOUR,
                  markersize=5, label="suspension (record)", linestyle="none")
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.05), fontsize=8)


def replay_chart(replay: Replay, path: str) -> None:
    """Draw the chart and save it to ``path`` (PNG, SVG or PDF)."""
    summary = replay.summary
    scenario = replay.loaded.scenario
    # the other side's bodies get a panel only when the record gives them
    shown = [series for series in SERIES if series[0] != "bodies_returned" or series[0] in summary["series"]]
    fig, axes = figure(f"{scenario.name} against the record",
                       f"{summary['runs']:,} runs, seed {summary['seed']}; record {calendar(replay.history.first_date, 0)} "
                       f"to {calendar(replay.history.last_date, 0)}; band 10-90%, line the median; day 0 is "
                       f"{calendar(scenario.start_date, 0)}",
                       size=(10, 9.5 + 2 * (len(shown) - 3)), nrows=len(shown) + 1, sharex=True,
                       gridspec_kw={"height_ratios": [3, 2, 3, 2][:len(shown)] + [1.4], "hspace": 0.25})
    fig.subplots_adjust(top=0.89, bottom=0.1, left=0.14, right=0.8)
    days = replay.days
    for ax, (name, _, words), colour in zip(axes, shown, SERIES_COLOURS):
        band = replay.bands[name]
        ax.fill_between(days, band[10], band[90], step="post", color=colour, alpha=0.25, linewidth=0,
                        label="ensemble 10-90%")
        ax.step(days, band[50], where="post", color=colour, linewidth=1.5, label="ensemble median")
        known = summary["series"].get(name)
        if known is None:
            ax.set_title(f"{words[0].upper()}{words[1:]} (cumulative): not in the record", loc="left", fontsize=10)
        elif known["known"] == "totals":  # the record knows only its running totals, on their dates
            ax.plot(days, replay.observed[name], "o", color=RECORD_COLOUR, markersize=6, label="record (totals)")
            ax.set_title(f"{words[0].upper()}{words[1:]} (cumulative): record inside the band on "
                         f"{known['days_inside']} of the {known['days_compared']} dates it gives a total for",
                         loc="left", fontsize=10)
        else:
            ax.step(days, replay.observed[name], where="post", color=RECORD_COLOUR, linewidth=2, label="record")
            ax.set_title(f"{words[0].upper()}{words[1:]} (cumulative): record inside the band on "
                         f"{known['share_inside']:.0%} of days", loc="left", fontsize=10)
        ax.set_ylim(bottom=0)
    axes[0].legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    end = float(days[-1] + 1)
    _timeline(axes[-1], replay, end)
    machine = machine_of(scenario)
    for ax in axes:
        for day, state in replay.record_states:
            ax.axvline(day, color=state_colour(state, machine), linestyle="--", linewidth=1)
    ticks = np.arange(0, end, 7)
    axes[-1].set_xticks(ticks, [f"{int(t)}\n{(scenario.start_date + dt.timedelta(days=int(t))):%d %b}" for t in ticks],
                       fontsize=8)
    axes[-1].set_xlabel("day (date)")
    outcome = summary["outcome"]
    if outcome is None:
        axes[-1].set_title("States: the record has no change of state", loc="left", fontsize=10)
    else:
        labels = machine.labels
        came = f" from {labels[outcome['from']].lower()}" if outcome["from"] else ""
        axes[-1].set_title(f"States: the record ends {labels[outcome['state']].lower()}{came} on day "
                          f"{outcome['day']}; probability {outcome['probability']:.0%}", loc="left", fontsize=10)
    footer(fig, [s.id for s in scenario.sources] + [replay.history.file])
    save(fig, path)

"""Figures of fit: how well a scenario's ensemble covers the record.

For each series the record gives (living hostages released, bodies returned,
prisoners released, cumulative by the end of each day; aid trucks on the days
the record knows them), the share of days on which the record lies inside the
ensemble's 10-90% band. For each recorded change of state, the day error of
the *median run* (the replication whose releases stay closest to the
ensemble's median, a real run that ``explain`` can tell) and the median day
over all runs. And the ensemble's probability of the recorded outcome: the
state on the record's last day and, for an end such as a collapse, the state
it came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import __version__
from ..engine import Record
from ..machine import TERMINAL_STATES, machine_of
from ..results.series import aid_delivered, bands, cumulative
from ..results.summary import total_labels
from ..scenario import LoadedScenario
from .record import History

# (series, record column, words): the cumulative series compared day by day.
SERIES = (
    ("hostages_released", "hostages", "living hostages released"),
    ("remains_returned", "remains", "bodies returned"),
    ("prisoners_released", "prisoners", "prisoners released"),
    ("bodies_returned", "bodies", "the other side's bodies returned"),
)
AID = ("aid_trucks_per_day", "aid trucks a day")
BAND = (10, 50, 90)
END_OF_DAY = 1 - 1e-9  # "by the end of day d" is every time before d + 1


def _day(start: dt.date, date: dt.date) -> int:
    return (date - start).days


def knowledge(history: History, column: str) -> str | None:
    """What the record knows of a series: ``totals`` (only the running totals on the dates of its
    `total` rows), ``daily`` (every release, so the cumulative count on every day), or None."""
    if any(column in row.given for row in history.totals()):
        return "totals"
    if any(column in row.given for row in history.releases()):
        return "daily"
    return None


def observed(history: History, start: dt.date, days: np.ndarray) -> dict[str, np.ndarray]:
    """The record's cumulative series by the end of each day; NaN on the days it does not know."""
    out = {}
    for name, column, _ in SERIES:
        mode = knowledge(history, column)
        series = np.full(len(days), np.nan)
        if mode == "daily":
            when = np.array([_day(start, r.date) for r in history.releases()], dtype=float)
            counts = np.array([getattr(r, column) for r in history.releases()], dtype=float)
            series = np.array([counts[when <= d].sum() for d in days])
        elif mode == "totals":
            place = {int(day): index for index, day in enumerate(days)}  # the days asked for need not be 0, 1, 2...
            for row in history.totals():
                index = place.get(_day(start, row.date))
                if column in row.given and index is not None:
                    series[index] = getattr(row, column)
        out[name] = series
    return out


def observed_aid(history: History, start: dt.date, last_day: int) -> dict[int, float]:
    """Aid trucks on the days the record knows them: `aid` rows, and 0 from a halt to a resumption."""
    known: dict[int, float] = {}
    halted_from: int | None = None
    for row in history.rows:
        day = _day(start, row.date)
        if row.event == "aid_halted" and halted_from is None:
            halted_from = day
        elif row.event == "aid_resumed" and halted_from is not None:
            known.update({d: 0.0 for d in range(halted_from, day)})
            halted_from = None
    if halted_from is not None:
        known.update({d: 0.0 for d in range(halted_from, last_day + 1)})
    for row in history.rows:
        if row.event == "aid":
            known[_day(start, row.date)] = row.aid_trucks
    return dict(sorted(known.items()))


def state_at(record: Record, day: float) -> tuple[str, str | None]:
    """(state, the state it came from) at the end of ``day``."""
    state, before = "proposed", None
    for when, source, dest, _, _ in record.transitions:
        if when >= day + END_OF_DAY:
            break
        state, before = dest, source
    return state, before


def median_run(matrices: dict[str, np.ndarray], medians: dict[str, np.ndarray]) -> int:
    """The row closest to the median on every series at once (each series scaled by its largest median)."""
    distance = sum(np.abs(m - medians[name]).sum(axis=1) / max(float(medians[name].max()), 1.0)
                   for name, m in matrices.items())
    return int(np.argmin(distance))  # the first of equals: the lowest replication


def _share(inside: int, total: int) -> float | None:
    return round(inside / total, 4) if total else None


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(float(value), digits)


def recorded_outcome(history: History, records: Sequence[Record], last: int) -> dict | None:
    """The record's last state (and, for an end, the state it came from) and its ensemble probabilities;
    None when the record has no change of state."""
    changes = [state for _, state in history.state_changes()]
    if not changes:
        return None
    state, before = changes[-1], (changes[-2] if len(changes) > 1 else None)
    terminal = state in TERMINAL_STATES
    ends = [state_at(r, last) for r in records]

    def share(count: int) -> float:
        return round(count / len(records), 4)

    return {
        "state": state, "from": before if terminal else None, "day": last, "date": history.last_date.isoformat(),
        "probability_state": share(sum(s == state for s, _ in ends)),
        "probability": share(sum(s == state and (not terminal or before is None or b == before) for s, b in ends)),
        "probability_ever": share(sum(r.final_state == state for r in records)) if terminal else None,
    }


@dataclass
class Replay:
    """Everything the table, the chart and replay.json need."""

    loaded: LoadedScenario
    history: History
    seed: int
    days: np.ndarray
    bands: dict[str, dict[float, np.ndarray]]  # series -> percentile -> by day
    observed: dict[str, np.ndarray]
    median_record: Record
    record_states: list[tuple[int, str]]  # (day, state entered)
    summary: dict


def replay(loaded: LoadedScenario, history: History, seed: int, records: Sequence[Record]) -> Replay:
    """Set the ensemble beside the record; the figures of fit."""
    scenario = loaded.scenario
    start = scenario.start_date
    last = _day(start, history.last_date)
    if _day(start, history.first_date) < 0:
        raise ValueError(f"the record starts on {history.first_date}, before the scenario's start_date ({start}); "
                         "replay a scenario that starts on or before the record's first date")
    days = np.arange(0, last + 1, dtype=float)
    matrices = {name: cumulative(records, days + END_OF_DAY, name) for name, _, _ in SERIES}
    band = {name: bands(m, BAND) for name, m in matrices.items()}
    record_series = observed(history, start, days)
    median = median_run(matrices, {name: b[50] for name, b in band.items()})
    median_record = records[median]

    series = {}
    first = _day(start, history.first_date)
    labels = total_labels(machine_of(scenario).words)  # each series in the deal's words
    for name, column, words in SERIES:
        mode = knowledge(history, column)
        if mode is None:
            continue  # the record says nothing of this series: nothing to score
        known = np.flatnonzero(~np.isnan(record_series[name]))
        known = known[known >= first]
        low, high = band[name][10][known], band[name][90][known]
        seen = record_series[name][known]
        inside = int(((seen >= low) & (seen <= high)).sum())
        series[name] = {"label": labels.get(name, words), "known": mode, "days_compared": len(seen), "days_inside": inside,
                        "share_inside": _share(inside, len(seen)), "record_total": int(seen[-1]),
                        "median_total": _round(band[name][50][known[-1]]),
                        "p10_total": _round(band[name][10][known[-1]]), "p90_total": _round(band[name][90][known[-1]])}
    aid_known = observed_aid(history, start, last)
    if aid_known:
        known_days = np.array(list(aid_known), dtype=float)
        delivered = aid_delivered(records, np.concatenate([known_days, known_days + 1]))
        per_day = delivered[:, len(known_days):] - delivered[:, :len(known_days)]
        aid_band = bands(per_day, BAND)
        values = np.array(list(aid_known.values()))
        inside = int(((values >= aid_band[10] - 1e-6) & (values <= aid_band[90] + 1e-6)).sum())
        series[AID[0]] = {"label": AID[1], "days_compared": len(values), "days_inside": inside,
                          "share_inside": _share(inside, len(values))}

    changes = []
    for date, state in history.state_changes():
        day = _day(start, date)
        entered = [r.entered[state] for r in records if state in r.entered]
        run_day = median_record.entered.get(state)
        changes.append({
            "date": date.isoformat(), "day": day, "state": state,
            "share_reaching": round(len(entered) / len(records), 4),
            "median_day": _round(np.median(entered)) if entered else None,
            "median_day_error": _round(np.median(entered) - day) if entered else None,
            "median_run_day": _round(run_day),
            "median_run_day_error": None if run_day is None else _round(run_day - day),
        })

    outcome = recorded_outcome(history, records, last)
    summary = {
        "scenario": scenario.name, "file": loaded.file, "scenario_sha256": loaded.sha256,
        "record": history.file, "record_sha256": history.sha256, "version": __version__,
        "seed": seed, "runs": len(records), "start_date": start.isoformat(),
        "states": dict(machine_of(scenario).labels),
        "record_first_date": history.first_date.isoformat(), "record_last_date": history.last_date.isoformat(),
        "band": "10-90%", "median_run": median_record.replication,
        "series": series, "state_changes": changes, "outcome": outcome,
    }
    record_states = [(_day(start, d), s) for d, s in history.state_changes()]
    return Replay(loaded, history, seed, days, band, record_series, median_record, record_states, summary)

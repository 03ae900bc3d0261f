"""Aggregates over replications: what share ends where, when, and with what totals.

:class:`Aggregate` takes records one at a time and keeps only what the summary
needs, so a caller can stream records through it and drop them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from .. import __version__
from ..engine import Record
from ..machine import STATE_NAMES
from ..scenario import LoadedScenario

# The per-run totals, in the order of tables and files: (column, description).
TOTALS = (
    ("hostages_released", "living hostages released"),
    ("remains_returned", "remains returned"),
    ("prisoners_released", "prisoners released"),
    ("hostages_still_held", "living hostages still held at the end"),
    ("aid_trucks", "aid trucks entered"),
    ("incidents", "incidents"),
)


def totals_of(record: Record) -> dict[str, float]:
    return {name: getattr(record, name) for name, _ in TOTALS}


def date_of(start: dt.date, day: float | None) -> str | None:
    """The calendar date of a simulated day (day 0 is the start date)."""
    return None if day is None else (start + dt.timedelta(days=int(day))).isoformat()


@dataclass
class Aggregate:
    runs: int = 0
    final_states: Counter = field(default_factory=Counter)
    entered_days: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in STATE_NAMES})
    totals: dict[str, list[float]] = field(default_factory=lambda: {name: [] for name, _ in TOTALS})

    def add(self, record: Record) -> None:
        self.runs += 1
        self.final_states[record.final_state] += 1
        for state, day in record.entered.items():
            self.entered_days[state].append(day)
        for name, value in totals_of(record).items():
            self.totals[name].append(value)

    def summary(self, loaded: LoadedScenario, seed: int) -> dict:
        start = loaded.scenario.start_date
        medians = {s: float(np.median(days)) if days else None for s, days in self.entered_days.items()}
        return {
            "scenario": loaded.scenario.name,
            "file": loaded.file,
            "scenario_sha256": loaded.sha256,
            "extends": [{"file": f, "sha256": h} for f, h in zip(loaded.files[1:], loaded.extends_sha256)],
            "version": __version__,
            "seed": seed,
            "runs": self.runs,
            "start_date": start.isoformat(),
            "final_states": {s: self.final_states.get(s, 0) for s in STATE_NAMES},
            "reached": {s: len(self.entered_days[s]) for s in STATE_NAMES},
            "median_day_entered": {s: None if d is None else round(d, 3) for s, d in medians.items()},
            "median_date_entered": {s: date_of(start, d) for s, d in medians.items()},
            "totals": {name: _describe(values) for name, values in self.totals.items()},
        }


def _describe(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"mean": None, "p10": None, "median": None, "p90": None}
    p10, median, p90 = np.percentile(values, [10, 50, 90])
    return {"mean": round(float(np.mean(values)), 3), "p10": round(float(p10), 3),
            "median": round(float(median), 3), "p90": round(float(p90), 3)}

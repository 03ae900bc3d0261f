"""Aggregates over replications: what share ends where, when, and with what totals.

:class:`Aggregate` takes records one at a time and keeps only what the summary
needs, in a fixed amount of memory however many runs there are: counts, running
sums and a :class:`Sketch` (a bounded histogram) per state's day of entry and
per total. Up to ``Sketch.LIMIT`` distinct values a sketch is exact, so medians
and percentiles are those of the values themselves; past it (continuous values
over thousands of runs) values share bins, and a median or percentile is exact
to within half a bin (for days, a small fraction of a day; see docs/scale.md).
Counts of people never need bins.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .. import __version__
from ..engine import Record
from ..machine import machine_of
from ..scenario import LoadedScenario
from ..scenario.wording import DealWords

# The per-run totals, in the order of tables and files: the column names of runs.csv and summary.json,
# the same for every deal (a reader sees them in the deal's own words: :func:`total_labels`).
TOTALS = ("hostages_released", "remains_returned", "prisoners_released", "bodies_returned", "hostages_still_held",
          "aid_trucks", "incidents")


def total_labels(words: DealWords, every: bool = False) -> dict[str, str]:
    """The totals that mean something for a deal, in its words (column -> label), in the order of TOTALS:
    a deal that holds nobody, or frees no one in return, has no such total to show (``every``: all of them)."""
    labels = {"hostages_released": f"{words.living} released", "remains_returned": f"{words.remains.many} returned",
              "prisoners_released": f"{words.freed.many} released",
              "bodies_returned": f"{words.other_remains.many} returned",
              "hostages_still_held": f"{words.living} still held at the end", "aid_trucks": "aid trucks entered",
              "incidents": "incidents"}
    return {name: labels[name] for name in TOTALS if every or words.shows(name)}


def totals_of(record: Record) -> dict[str, float]:
    """The record's totals, in the order of TOTALS (one pass over its releases)."""
    hostages = remains = prisoners = bodies = 0
    for _, living, returned, freed, handed in record.releases:
        hostages += living
        remains += returned
        prisoners += freed
        bodies += handed
    return {"hostages_released": hostages, "remains_returned": remains, "prisoners_released": prisoners,
            "bodies_returned": bodies,
            "hostages_still_held": record.hostages_at_start - hostages, "aid_trucks": record.aid_trucks,
            "incidents": record.incidents}


# What became of an obligation in a run (:attr:`sim.engine.Record.obligations`), in the order files list them.
OBLIGATION_STATUSES = ("met", "late", "partly", "not_met", "pending", "not_begun")


def obligation_name(phase: str, place: int) -> str:
    """An obligation's name in files: ``obligation_PHASE_N``, N counting from 1 within its phase."""
    return f"obligation_{phase}_{place + 1}"


class DealTerms:
    """The columns of runs.csv that a deal's own terms add: for each obligation its status, days late and
    share met; each named kind of incident; the people released on a separate track (when there is one)."""

    def __init__(self, scenario):
        self.obligations = [obligation_name(phase, place) for phase, place, _ in scenario.obligations()]
        self.kinds = list(scenario.incidents.kinds)
        self.outside = any(phase.released_outside for phase in scenario.phases.values())
        self.columns = tuple(
            [column for name in self.obligations for column in (name, f"{name}_days_late", f"{name}_share")]
            + [f"incidents_{kind}" for kind in self.kinds] + (["released_outside"] if self.outside else []))

    def values(self, record: Record) -> list:
        out: list = []
        for status, due, met, share in record.obligations:
            out += [status, None if met is None else max(met - due, 0.0), share if met is not None else 0]
        out += [record.incidents_by_kind.get(kind, 0) for kind in self.kinds]
        return out + ([record.released_outside] if self.outside else [])


def date_of(start: dt.date, day: float | None) -> str | None:
    """The calendar date of a simulated day (day 0 is the start date)."""
    return None if day is None else (start + dt.timedelta(days=int(day))).isoformat()


class Sketch:
    """Count, sum and a histogram of values that never holds more than ``2 * LIMIT`` entries.

    Whole numbers (counts of people, a deadline's day, the zero of a run that never began)
    are counted exactly while there are at most LIMIT different ones. Other values are kept
    exactly while there are at most LIMIT different ones; past that each counts in a bin
    ``[i * width, (i + 1) * width)``, ``width`` a power of two from ``FINEST`` up, doubled while
    there are more than LIMIT bins, and a bin stands for the mean of its values. Which values
    share a bin depends only on the values, not on their order.
    """

    LIMIT = 4096
    FINEST = 2.0 ** -10

    __slots__ = ("count", "total", "whole", "width", "bins")

    def __init__(self) -> None:
        self.count = 0
        self.total = 0.0
        self.whole: dict[float, int] | None = {}  # whole number -> count (None once there were too many)
        self.width = 0.0  # 0: the other values are exact
        self.bins: dict[float, list] = {}  # value (exact) or bin index -> [count, sum of the values]

    def add(self, value: float) -> None:
        self.count += 1
        self.total += value
        whole = self.whole
        if whole is not None and value % 1 == 0:
            whole[value] = whole.get(value, 0) + 1
            if len(whole) > self.LIMIT:
                self.whole = None
                for number, count in sorted(whole.items()):
                    self._bin(number, count, number * count)
            return
        self._bin(value, 1, value)

    def _bin(self, value: float, count: int, total: float) -> None:
        key = math.floor(value / self.width) if self.width else value
        entry = self.bins.get(key)
        if entry is None:
            self.bins[key] = [count, total]
            if len(self.bins) > self.LIMIT:
                self._coarsen()
        else:
            entry[0] += count
            entry[1] += total

    def _coarsen(self) -> None:
        if not self.width:
            self.width = self.FINEST
            self.bins = self._rebin(lambda value: math.floor(value / self.FINEST))
        while len(self.bins) > self.LIMIT:
            self.width *= 2
            self.bins = self._rebin(lambda index: index // 2)

    def _rebin(self, key) -> dict[float, list]:
        bins: dict[float, list] = {}
        for old, (count, total) in sorted(self.bins.items()):
            entry = bins.setdefault(key(old), [0, 0.0])
            entry[0] += count
            entry[1] += total
        return bins

    @property
    def exact(self) -> bool:
        return not self.width

    def _values(self) -> list[tuple[float, int]]:
        """(value, count) in increasing order; a bin stands for the mean of its values."""
        if self.exact:
            values = [(value, count) for value, (count, _) in self.bins.items()]
        else:
            values = [(total / count, count) for count, total in self.bins.values()]
        return sorted([*values, *(self.whole or {}).items()])

    def _ranked(self, ranks: list[int]) -> list[float]:
        """The values at these ranks (from 0) of the sorted values; ranks in increasing order."""
        out, seen, wanted = [], 0, iter(ranks)
        rank = next(wanted, None)
        for value, count in self._values():
            seen += count
            while rank is not None and rank < seen:
                out.append(value)
                rank = next(wanted, None)
        return out

    def mean(self) -> float | None:
        return self.total / self.count if self.count else None

    def median_among(self, runs: int) -> float | None:
        """The median over ``runs`` values of which those never added (runs that never get there) are
        later than any added, as compare's day figures are: None when half the runs or more never get there."""
        ranks = [(runs - 1) // 2, runs // 2]
        if runs < 1 or ranks[1] >= self.count:
            return None
        low, high = self._ranked(ranks)
        return (low + high) / 2

    def median(self) -> float | None:
        """As numpy.median: the middle value, or the mean of the two middle ones."""
        if not self.count:
            return None
        low, high = self._ranked([(self.count - 1) // 2, self.count // 2])
        return (low + high) / 2

    def percentiles(self, qs: list[float]) -> list[float] | None:
        """As numpy.percentile (linear interpolation between the closest ranks)."""
        if not self.count:
            return None
        positions = [q / 100 * (self.count - 1) for q in qs]
        lows = [math.floor(p) for p in positions]
        highs = [min(low + 1, self.count - 1) for low in lows]
        values = self._ranked(sorted({*lows, *highs}))
        at = dict(zip(sorted({*lows, *highs}), values))
        out = []
        for position, low, high in zip(positions, lows, highs):
            a, b, t = at[low], at[high], position - low
            out.append(b - (b - a) * (1 - t) if t >= 0.5 else a + (b - a) * t)  # numpy's lerp
        return out


@dataclass
class Aggregate:
    runs: int = 0
    final_states: Counter = field(default_factory=Counter)
    entered_days: defaultdict[str, Sketch] = field(default_factory=lambda: defaultdict(Sketch))
    totals: dict[str, Sketch] = field(default_factory=lambda: {name: Sketch() for name in TOTALS})
    obligations: defaultdict[int, Counter] = field(default_factory=lambda: defaultdict(Counter))
    days_late: defaultdict[int, Sketch] = field(default_factory=lambda: defaultdict(Sketch))  # of those met late
    shares: defaultdict[int, Sketch] = field(default_factory=lambda: defaultdict(Sketch))  # of those partly met
    incident_kinds: defaultdict[str, Sketch] = field(default_factory=lambda: defaultdict(Sketch))
    released_outside: Sketch = field(default_factory=Sketch)
    exchanged: list = field(default_factory=lambda: [0, 0])  # living freed in the exchange; prisoners freed

    def add(self, record: Record, totals: dict[str, float] | None = None) -> None:
        """Count a record in; ``totals`` are its :func:`totals_of`, when the caller has them already."""
        self.runs += 1
        self.final_states[record.final_state] += 1
        for state, day in record.entered.items():
            self.entered_days[state].add(day)
        totals = totals or totals_of(record)
        for name, value in totals.items():
            self.totals[name].add(value)
        for place, (status, due, met, share) in enumerate(record.obligations):
            self.obligations[place][status] += 1
            if met is not None and met > due:
                self.days_late[place].add(met - due)
            if status == "partly":
                self.shares[place].add(share)
        for kind, count in record.incidents_by_kind.items():
            self.incident_kinds[kind].add(count)
        self.released_outside.add(record.released_outside)
        self.exchanged[0] += totals["hostages_released"] - record.released_outside
        self.exchanged[1] += totals["prisoners_released"]

    def summary(self, loaded: LoadedScenario, seed: int) -> dict:
        start = loaded.scenario.start_date
        machine = machine_of(loaded.scenario)
        states = machine.state_names
        medians = {s: self.entered_days[s].median() if s in self.entered_days else None for s in states}
        over_all = {s: self.entered_days[s].median_among(self.runs) if s in self.entered_days else None
                    for s in states}
        return {
            "scenario": loaded.scenario.name,
            "file": loaded.file,
            "scenario_sha256": loaded.sha256,
            "extends": [{"file": f, "sha256": h} for f, h in zip(loaded.files[1:], loaded.extends_sha256)],
            "version": __version__,
            "seed": seed,
            "runs": self.runs,
            "start_date": start.isoformat(),
            "states": dict(machine.labels),
            "final_states": {s: self.final_states.get(s, 0) for s in states},
            "reached": {s: self.entered_days[s].count if s in self.entered_days else 0 for s in states},
            "median_day_entered": {s: None if d is None else round(d, 3) for s, d in medians.items()},
            "median_date_entered": {s: date_of(start, d) for s, d in medians.items()},
            "median_day_over_all_runs": {s: None if d is None else round(d, 3) for s, d in over_all.items()},
            "median_date_over_all_runs": {s: date_of(start, d) for s, d in over_all.items()},
            "totals": {name: _describe(values) for name, values in self.totals.items()},
            "total_labels": total_labels(machine.words),
            **self._terms(loaded.scenario),
        }

    def _terms(self, scenario) -> dict:
        """What the deal's own terms add to the summary: each obligation's fate, incidents by kind and side,
        releases on a separate track, and the exchange's ratio (which leaves that track out)."""
        out: dict = {}
        owed = scenario.obligations()
        if owed:
            out["obligations"] = [{
                "name": obligation_name(phase, place), "phase": phase, "side": spec.side, "what": spec.what,
                "gates": spec.gates, "runs": {status: self.obligations[i].get(status, 0)
                                              for status in OBLIGATION_STATUSES},
                "days_late_when_late": _describe(self.days_late[i]),
                "share_when_partly": _describe(self.shares[i])} for i, (phase, place, spec) in enumerate(owed)]
        if scenario.incidents.kinds:
            out["incidents_by_kind"] = {kind: {"side": spec.side, "what": spec.what,
                                               "ends_ceasefire": spec.ends_ceasefire,
                                               **_describe(self.incident_kinds[kind])}
                                        for kind, spec in scenario.incidents.kinds.items()}
        if any(phase.released_outside for phase in scenario.phases.values()):
            out["released_outside"] = _describe(self.released_outside)
        freed, prisoners = self.exchanged
        out["exchange_ratio"] = {"prisoners_per_living_released": round(prisoners / freed, 3) if freed else None,
                                 "living_released_in_exchange": freed, "prisoners_released": prisoners}
        return out


def _describe(values: Sketch) -> dict[str, float | None]:
    if not values.count:
        return {"mean": None, "p10": None, "median": None, "p90": None}
    p10, p90 = values.percentiles([10, 90])
    return {"mean": round(values.mean(), 3), "p10": round(float(p10), 3),
            "median": round(float(values.median()), 3), "p90": round(float(p90), 3)}

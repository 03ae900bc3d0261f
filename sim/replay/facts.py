"""The record's typed facts, what each run did of the same kinds, and how likely each fact is given a run.

A record's rows (:mod:`sim.replay.record`) become *facts*, each dated: a state entered, a running total
released by a date, talks begun / broken down / not begun by a date, a release postponed, one side's half
of an exchange held back, aid halted, resumed or counted in trucks, incidents counted. A run's *trace* is
what the run did of the same kinds, read from its record and its chronology.

The observation model says how a report relates to what happened:

- a **date** may be off by up to ``days`` days either way; within that the fit falls as
  ``1 - (error / (days + 1))²`` (a report on the run's very day fits fully), beyond it the fact
  contradicts the run;
- a **count** (a running total, trucks a day, incidents) is off by a normal error whose standard
  deviation is ``share`` of the recorded count plus one, so a count never rules a run out alone; a
  running total is compared with the run's on the closest day its date allows (within ``days``);
- a report is **reliable** with a chance ``r`` (the row's ``reliability`` column, else the command's):
  its likelihood is ``r × fit + (1 - r)``, so that with ``r`` below 1 a contradiction weighs ``1 - r``
  instead of ruling the run out.

The record's changes of state are complete: a run that entered a state the record does not show, so long
before the as-of date that a report would be out by then (its day plus ``days`` is at most the as-of
day), contradicts it too. Every check reads only facts dated up to the as-of date, and once a run is
contradicted it stays so for every later date.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np

from ..engine import Record
from .record import History, Row

POSTPONED_WITHIN = 7  # a postponement announced on a day concerns a release due within this many days
COUNTED = (("hostages", 1, "living hostages released"), ("remains", 2, "bodies returned"),
           ("prisoners", 3, "prisoners released"), ("bodies", 4, "the other side's bodies returned"))


@dataclass(frozen=True)
class Observation:
    """How far a report may be off: dates by ``days``, counts by ``share`` of them (plus one); and how
    far a report is trusted by default (``reliability``: 1 rules out a run that contradicts it)."""

    share: float = 0.2
    days: int = 3
    reliability: float = 1.0


@dataclass(frozen=True)
class Fact:
    """One dated fact of the record, as the forecast weighs it."""

    kind: str  # state, total, talks_begun, talks_broken_down, talks_not_begun, release_postponed,
    #            held_back, aid_halted, aid_resumed, aid, incidents
    day: int  # day of the scenario (its start_date is day 0)
    date: dt.date
    line: int
    what: str = ""  # the state entered, the series counted, the half held back
    value: float | None = None  # the count, where the fact has one
    reliability: float | None = None


def facts(history: History, start: dt.date) -> list[Fact]:
    """Every weighed fact of the record, in date order (rows in words only are left out)."""
    from .fit import knowledge

    def day(row: Row) -> int:
        return (row.date - start).days

    out: list[Fact] = []
    running = {column: 0 for column, _, _ in COUNTED}
    modes = {column: knowledge(history, column) for column, _, _ in COUNTED}
    for row in history.rows:
        base = {"day": day(row), "date": row.date, "line": row.line, "reliability": row.reliability}
        if row.event in ("phase", "hostilities_resumed"):
            out.append(Fact("state", what="collapsed" if row.event == "hostilities_resumed" else row.state, **base))
        elif row.event in ("release", "total"):
            for column, _, _ in COUNTED:
                if column not in row.given or modes[column] != ("daily" if row.event == "release" else "totals"):
                    continue
                running[column] = getattr(row, column) + (running[column] if row.event == "release" else 0)
                out.append(Fact("total", what=column, value=float(running[column]), **base))
        elif row.event == "held_back":
            out.append(Fact("held_back", what="prisoners" if row.prisoners else "hostages", **base))
        elif row.event == "aid" or (row.event == "aid_resumed" and row.aid_trucks is not None):
            if row.event == "aid_resumed":
                out.append(Fact("aid_resumed", **base))
            out.append(Fact("aid", value=row.aid_trucks, **base))
        elif row.event == "incidents":
            out.append(Fact("incidents", value=float(row.incidents), **base))
        elif row.event in ("talks_begun", "talks_broken_down", "talks_not_begun", "release_postponed",
                           "aid_halted", "aid_resumed"):
            out.append(Fact(row.event, **base))
    # A running total given on several rows of one day is one fact: the day's last.
    last = {(f.kind, f.what, f.day): index for index, f in enumerate(out) if f.kind == "total"}
    return [f for index, f in enumerate(out) if f.kind != "total" or last[(f.kind, f.what, f.day)] == index]


@dataclass(frozen=True)
class Trace:
    """What one run did, of the kinds of fact a record gives (days of the scenario, in order)."""

    entries: tuple[tuple[float, str], ...]  # (day, state entered), every change of state
    releases: tuple[tuple[float, int, int, int, int], ...]
    aid_intervals: tuple[tuple[float, float], ...]
    aid_per_day: float
    terminal_day: float  # the day the run ended (collapsed, completed, rejected), or inf
    talks_begun: tuple[float, ...] = ()
    talks_broken_down: tuple[float, ...] = ()
    delays: tuple[float, ...] = ()  # days a release was postponed (including postponements called off)
    incidents: tuple[float, ...] = field(default=())


def trace(record: Record) -> Trace:
    """A run's trace, from its record and its chronology (the run must have kept its events)."""
    from ..machine import TERMINAL_STATES

    if record.events is None:
        raise ValueError("a run's trace needs its chronology: run with keep_events")
    kinds: dict[str, list[float]] = {"talks_begin": [], "talks_broken_down": [], "release_delayed": [], "incident": []}
    for event in record.events:
        kind = "release_delayed" if event["kind"] == "release_postponement_called_off" else event["kind"]
        if kind in kinds:  # a postponement called off was still announced: a record reports it as one
            kinds[kind].append(float(event["day"]))
    ended = min((when for when, _, dest, _, _ in record.transitions if dest in TERMINAL_STATES), default=math.inf)
    return Trace(tuple((when, dest) for when, _, dest, _, _ in record.transitions), tuple(record.releases),
                 tuple(record.aid_intervals), record.aid_trucks_per_day, ended, tuple(kinds["talks_begin"]),
                 tuple(kinds["talks_broken_down"]), tuple(kinds["release_delayed"]), tuple(kinds["incident"]))


def _date_fit(days: list[float], on: int, within: int) -> float:
    """How well the closest of ``days`` fits a report on day ``on`` (1 on the day, 0 beyond ``within``)."""
    errors = [abs(math.floor(d) - on) for d in days]
    best = min(errors, default=math.inf)
    return 0.0 if best > within else 1.0 - (best / (within + 1)) ** 2


def _count_fit(ran: float, recorded: float, share: float) -> float:
    """A normal error of ``share`` of the count plus one; ``share`` 0: the count must be met exactly."""
    if share == 0:
        return float(ran == recorded)
    z = (ran - recorded) / (share * recorded + 1.0)
    return math.exp(-0.5 * z * z)


def fit(fact: Fact, run: Trace, model: Observation) -> float:
    """How well a run fits one fact, from 0 (it contradicts the fact) to 1, before the report's reliability."""
    days = model.days
    if fact.kind == "state":
        return _date_fit([when for when, state in run.entries if state == fact.what], fact.day, days)
    if fact.kind == "total":  # the run's running total on the closest day the report's date allows
        column = next(index for name, index, _ in COUNTED if name == fact.what)
        return max(_count_fit(sum(r[column] for r in run.releases if r[0] < on + 1), fact.value, model.share)
                   for on in range(fact.day - days, fact.day + days + 1))
    if fact.kind == "talks_begun":
        return _date_fit(list(run.talks_begun), fact.day, days)
    if fact.kind == "talks_broken_down":
        return _date_fit(list(run.talks_broken_down), fact.day, days)
    if fact.kind == "talks_not_begun":
        return float(all(math.floor(t) > fact.day - days for t in run.talks_begun))
    if fact.kind == "release_postponed":
        return float(any(fact.day - days <= math.floor(t) <= fact.day + POSTPONED_WITHIN + days for t in run.delays))
    if fact.kind == "held_back":
        if fact.what == "prisoners":
            halves = [r[0] for r in run.releases if r[1] > 0 and r[3] == 0]
        else:
            halves = [r[0] for r in run.releases if r[3] > 0 and r[1] == 0 and r[2] == 0]
        return _date_fit(halves, fact.day, days)
    if fact.kind == "aid_halted":  # aid stopped while the ceasefire still held
        return _date_fit([end for _, end in run.aid_intervals if end < run.terminal_day], fact.day, days)
    if fact.kind == "aid_resumed":
        return _date_fit([begin for begin, _ in run.aid_intervals[1:]], fact.day, days)
    if fact.kind == "aid":
        flowing = any(begin <= fact.day + 0.5 < end for begin, end in run.aid_intervals)
        return _count_fit(run.aid_per_day, fact.value, model.share) if flowing else 0.0
    if fact.kind == "incidents":
        ran = sum(1 for t in run.incidents if abs(math.floor(t) - fact.day) <= days)
        return _count_fit(ran, fact.value, model.share)
    raise ValueError(f"unknown kind of fact: {fact.kind}")


def likelihood(fit_value: float, fact: Fact, model: Observation) -> float:
    """A fact's likelihood given a run: its fit, trusted as far as the report is reliable."""
    trust = model.reliability if fact.reliability is None else fact.reliability
    return trust * fit_value + (1.0 - trust)


def unreported_since(run: Trace, recorded: list[Fact], first: int, days: int) -> float:
    """The earliest day of a change of state the run made that no recorded change matches (within
    ``days``), from the record's first day on; inf when every change is matched. The record's changes of
    state are complete, so such a change contradicts the record from that day plus ``days`` on."""
    earliest = math.inf
    for when, state in run.entries:
        if math.floor(when) < first - days:
            continue
        if not any(f.what == state and abs(math.floor(when) - f.day) <= days for f in recorded):
            earliest = min(earliest, math.floor(when))
    return earliest


def _running(traces: list[Trace], days: np.ndarray, index: int) -> np.ndarray:
    """Each run's running total of one count (``index`` into a release) by the end of each day."""
    out = np.zeros((len(traces), len(days)))
    for row, run in enumerate(traces):
        if run.releases:
            when = np.array([r[0] for r in run.releases])
            counts = np.cumsum([r[index] for r in run.releases])
            at = np.searchsorted(when, days + 1, side="left")
            out[row] = np.where(at > 0, counts[np.maximum(at - 1, 0)], 0)
    return out


class Evidence:
    """Every fact's likelihood for every run, computed once; the weight of each run given the record up to
    any as-of day is then a product over the facts dated up to it."""

    def __init__(self, traces: list[Trace], history: History, start: dt.date, model: Observation):
        self.model, self.traces = model, traces
        self.facts = facts(history, start)
        self.first = (history.first_date - start).days
        self.fits = np.zeros((len(self.facts), len(traces)))
        totals = [k for k, f in enumerate(self.facts) if f.kind == "total"]
        if totals:  # running totals, the most numerous facts, at once for every run
            days = np.arange(min(self.facts[k].day for k in totals) - model.days,
                             max(self.facts[k].day for k in totals) + model.days + 1)
            running = {name: _running(traces, days, index) for name, index, _ in COUNTED
                       if any(self.facts[k].what == name for k in totals)}
            for k in totals:
                f = self.facts[k]
                near = running[f.what][:, (days >= f.day - model.days) & (days <= f.day + model.days)]
                fits = (near == f.value).astype(float) if model.share == 0 else np.exp(
                    -0.5 * ((near - f.value) / (model.share * f.value + 1.0)) ** 2)
                self.fits[k] = fits.max(axis=1)
        for k, f in enumerate(self.facts):
            if f.kind != "total":
                self.fits[k] = [fit(f, run, model) for run in traces]
        trust = np.array([[model.reliability if f.reliability is None else f.reliability] for f in self.facts])
        self.likelihoods = trust * self.fits + (1.0 - trust)

    def known(self, day: int) -> list[int]:
        """The indices of the facts dated up to the end of ``day``: no later fact may weigh."""
        return [k for k, f in enumerate(self.facts) if f.day <= day]

    def unreported(self, day: int) -> np.ndarray:
        """Whether each run made a change of state that the record up to ``day`` does not show, so long
        before ``day`` that a report would be out by then."""
        states = [self.facts[k] for k in self.known(day) if self.facts[k].kind == "state"]
        since = np.array([unreported_since(run, states, self.first, self.model.days) for run in self.traces])
        return since + self.model.days <= day

    def weights(self, day: int) -> np.ndarray:
        """Each run's likelihood given the record up to the end of ``day`` (unnormalised)."""
        w = np.ones(len(self.traces))
        for k in self.known(day):
            w *= self.likelihoods[k]
        return np.where(self.unreported(day), w * (1.0 - self.model.reliability), w)

    def agreeing(self, day: int) -> np.ndarray:
        """Whether each run contradicts no fact up to ``day`` (a count alone never contradicts)."""
        ok = ~self.unreported(day)
        for k in self.known(day):
            ok &= self.fits[k] > 0
        return ok

    def unmatched(self, day: int) -> list[Fact]:
        """The facts up to ``day`` that no run fits at all: where the record lies outside the scenario."""
        return [self.facts[k] for k in self.known(day) if not (self.fits[k] > 0).any()]

    def first_unmatched(self, day: int) -> Fact | None:
        """The fact up to ``day`` after which no run fits every fact so far (a count never rules out)."""
        alive = np.ones(len(self.traces), dtype=bool)
        for k in self.known(day):
            alive &= self.fits[k] > 0
            if not alive.any():
                return self.facts[k]
        return None

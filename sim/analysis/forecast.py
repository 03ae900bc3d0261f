"""Forecast from a dated record: the scenario's ensemble weighted by how well each run agrees with
what has happened so far, then read forward.

The method is rejection-style approximate Bayesian computation with a smooth kernel, done in one
pass over an ensemble that has already streamed through :mod:`sim.execution`:

1. **Prior ensemble.** With an `uncertain:` block, ``points`` design points are laid over the
   inputs' ranges (a Latin hypercube, so each input's range is covered evenly), each a variant of
   the scenario run ``runs_per_point`` times with its own luck; without one, the scenario itself.
2. **Agreement.** A run agrees with the record up to the as-of day when it passed through the
   same states in the same order, each entered within ``days`` of the recorded date, and its
   totals released by then (living hostages, bodies, prisoners) lie within ``share`` of the
   recorded totals (plus one, so that a total of 0 must be met exactly when ``share`` is 0). Its
   weight falls from 1 (exact agreement) to 0 at the edge of the tolerance (``1 - d²``).
3. **Posterior.** Any figure of the runs (an end state, a milestone by a date, an input's value)
   is its weighted mean; the effective sample size (Kish: ``(Σw)²/Σw²``) says how many equally
   weighted runs the weights are worth, and sets the width of every interval, narrowed no further
   than the spread between design points allows (runs of one point share its inputs).

Why our own and not pyabc or elfi (see docs/architecture.md): both fit static parameters to
summary statistics and re-run the simulator per generation; neither conditions a running process
on a dated record, both pull in much (pyabc: pandas, SQLAlchemy, a database per fit; elfi: GPy,
graphviz), and ours keeps the project's rule that a seed gives the same bytes on any executor. The
same ensemble is reweighted for every as-of date, so a backtest costs one ensemble.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..engine import Record
from ..machine import FRAME_LABELS, TERMINAL_STATES, machine_of
from ..replay.fit import END_OF_DAY, SERIES, observed
from ..replay.record import History
from ..results.series import cumulative
from ..scenario import LoadedScenario
from .sensitivity import scenarios_at
from .variants import Input

DEFAULT_SHARE = 0.2
DEFAULT_DAYS = 3
FEW = 30  # fewer effective runs than this: the forecast says plainly that it rests on few runs
Z = 1.959963984540054  # 95% intervals
ENDS = ("completed", "collapsed", "rejected", "ongoing")  # how a run stands at the horizon
DESIGN_STREAM = 0x666F7265  # "fore": the design's own random stream, apart from the runs'


@dataclass(frozen=True)
class Tolerance:
    """How closely a run must follow the record to count as agreeing with it."""

    share: float = DEFAULT_SHARE  # of each recorded total (living hostages, bodies, prisoners)
    days: int = DEFAULT_DAYS  # how far a recorded change of state may be off, in days


# -- the prior ensemble -------------------------------------------------------------------------

def design(count: int, points: int, seed: int) -> np.ndarray:
    """``points`` rows in the unit cube over ``count`` inputs: a Latin hypercube (each input's range
    cut into ``points`` equal slices, one point in each), the same for the same seed."""
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(DESIGN_STREAM,)))
    columns = [(rng.permutation(points) + rng.random(points)) / points for _ in range(count)]
    return np.column_stack(columns) if columns else np.zeros((points, 0))


def point_seeds(seed: int, points: int) -> list[int]:
    """The root seed of each design point: its own luck, fixed by the forecast's seed."""
    if points == 1:
        return [seed]
    states = np.random.SeedSequence(seed, spawn_key=(DESIGN_STREAM, 1)).generate_state(points, np.uint64)
    return [int(s >> np.uint64(1)) for s in states]


@dataclass
class Ensemble:
    """The prior ensemble: its runs in order, and the design point (row of ``values``) each came from."""

    loaded: LoadedScenario
    inputs: list[Input]
    values: np.ndarray  # design points x inputs: each input's value at each point
    runs_per_point: int
    seed: int
    records: list[Record]

    @property
    def point(self) -> np.ndarray:
        return np.arange(len(self.records)) // self.runs_per_point


def prior_ensemble(loaded: LoadedScenario, inputs: list[Input], points: int, runs_per_point: int, seed: int):
    """(the variants to run, their seeds, each input's value at each point) for the prior ensemble."""
    if not inputs:
        return [loaded.scenario], [seed], np.zeros((1, 0))
    cube = design(len(inputs), points, seed)
    values = np.array([[item.value(float(share)) for item, share in zip(inputs, row)] for row in cube])
    return scenarios_at(loaded, inputs, cube), point_seeds(seed, points), values


# -- agreement with the record ------------------------------------------------------------------

def day_of(start: dt.date, date: dt.date) -> int:
    return (date - start).days


def recorded_path(history: History, start: dt.date, day: int) -> list[tuple[int, str]]:
    """(day, state entered) for each recorded change of state up to the end of ``day``."""
    return [(day_of(start, date), state) for date, state in history.state_changes() if day_of(start, date) <= day]


def path_agrees(record: Record, path: list[tuple[int, str]], first: int, day: int, days: int) -> bool:
    """Did the run enter the recorded states, in that order, each within ``days`` of its date, and no
    other from the record's first day (less the tolerance) to the end of ``day``?"""
    entered = [(when, dest) for when, _, dest, _, _ in record.transitions
               if first - days <= when < day + END_OF_DAY]
    return len(entered) == len(path) and all(
        state == dest and abs(math.floor(when) - recorded) <= days
        for (recorded, state), (when, dest) in zip(path, entered))


class Agreement:
    """How each run of an ensemble stands against a record on given as-of days: its totals released by
    each of them are counted once (a pass over every run), so weighing at many dates costs little."""

    def __init__(self, records: Sequence[Record], history: History, start: dt.date, days: Sequence[int]):
        self.records, self.history, self.start = records, history, start
        self.days = list(days)
        ends = np.array(self.days, dtype=float) + END_OF_DAY
        self.ran = {name: cumulative(records, ends, name) for name, _, _ in SERIES}
        self.seen = observed(history, start, np.array(self.days, dtype=float))

    def weights(self, day: int, tolerance: Tolerance) -> np.ndarray:
        """Each run's weight given the record up to the end of ``day``: 0 (disagrees) to 1 (agrees exactly)."""
        column = self.days.index(day)
        path = recorded_path(self.history, self.start, day)
        first = day_of(self.start, self.history.first_date)
        ok = np.array([path_agrees(r, path, first, day, tolerance.days) for r in self.records], dtype=bool)
        distance = np.zeros(len(self.records))
        for name, _, _ in SERIES:
            recorded = float(self.seen[name][column])
            if math.isnan(recorded):  # the record does not say this series' total on that day
                continue
            ran = self.ran[name][:, column]
            distance = np.maximum(distance, np.abs(ran - recorded) / (tolerance.share * recorded + 1.0))
        return np.where(ok, np.clip(1.0 - distance ** 2, 0.0, 1.0), 0.0)


def weights(records: Sequence[Record], history: History, start: dt.date, day: int, tolerance: Tolerance) -> np.ndarray:
    """Each run's weight given the record up to the end of ``day`` (see :class:`Agreement`)."""
    return Agreement(records, history, start, [day]).weights(day, tolerance)


def effective_size(w: np.ndarray) -> float:
    """Kish's effective sample size: how many equally weighted runs the weights are worth."""
    total = float(w.sum())
    return 0.0 if total <= 0 else total ** 2 / float((w ** 2).sum())


# -- weighted figures ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Share:
    """A weighted share of runs with its 95% interval (Wilson's, on the effective sample size)."""

    value: float
    low: float
    high: float

    def as_dict(self) -> dict:
        return {"value": round(self.value, 4), "low": round(self.low, 4), "high": round(self.high, 4)}


def share(hits: np.ndarray, w: np.ndarray, point: np.ndarray | None = None) -> Share:
    """The weighted share of runs for which ``hits`` holds. The interval uses the effective sample size,
    and with ``point`` (each run's design point) no more than the spread between points allows: runs of
    one point share its inputs, so a few points are worth few runs however many each has."""
    total = float(w.sum())
    p = float((w * hits).sum() / total)
    n = effective_size(w)
    if point is not None and 0 < p < 1:
        between = float((np.bincount(point, weights=w * (hits - p)) ** 2).sum()) / total ** 2
        if between > 0:
            n = min(n, p * (1 - p) / between)
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    return Share(p, max(0.0, centre - half), min(1.0, centre + half))


def weighted_quantiles(values: np.ndarray, w: np.ndarray, qs: Sequence[float]) -> list[float]:
    """Quantiles of ``values`` under weights ``w`` (the lowest value whose cumulative weight reaches q)."""
    order = np.argsort(values, kind="stable")
    cum = np.cumsum(w[order])
    cum /= cum[-1]
    return [float(values[order][min(np.searchsorted(cum, q - 1e-12), len(values) - 1)]) for q in qs]


def end_state(record: Record) -> str:
    return record.final_state if record.final_state in TERMINAL_STATES else "ongoing"


def entered_by(records: Sequence[Record], state: str, day: float) -> np.ndarray:
    """Whether each run entered ``state`` by the end of ``day``."""
    return np.array([record.entered.get(state, math.inf) < day + END_OF_DAY for record in records])


def milestones(history: History, start: dt.date, day: int, states: Sequence[str]) -> list[str]:
    """The states (of the deal's ``states``) a forecast from ``day`` looks ahead to: every state but the
    first not yet recorded."""
    reached = {state for _, state in recorded_path(history, start, day)}
    return [state for state in states[1:] if state not in reached]


# -- the forecast ---------------------------------------------------------------------------------

@dataclass
class Forecast:
    """The ensemble read forward from an as-of day, with and without the record."""

    ensemble: Ensemble
    history: History
    as_of: dt.date
    by: list[dt.date]
    tolerance: Tolerance
    weights: np.ndarray
    effective: float
    warning: str | None
    summary: dict

    @property
    def agreed(self) -> bool:
        return self.effective > 0


def agree_warning(effective: float, runs: int) -> str | None:
    """A plain warning when the forecast rests on too few runs (or on none)."""
    if effective <= 0:
        return ("no run agrees with the record up to this date: the forecast below is the ensemble without "
                "the record; widen the tolerance, add runs, or revise the scenario")
    if effective < FEW:
        return (f"only about {effective:.0f} of {runs:,} runs agree with the record up to this date: the "
                "ranges are wide and may still miss; add runs or widen the tolerance")
    return None


def _input_rows(ensemble: Ensemble, w: np.ndarray) -> list[dict]:
    per_point = np.bincount(ensemble.point, weights=w, minlength=len(ensemble.values))
    rows = []
    for k, item in enumerate(ensemble.inputs):
        values = ensemble.values[:, k]
        prior = weighted_quantiles(values, np.ones(len(values)), (0.1, 0.5, 0.9))
        row = {"input": item.name, "label": item.label, "low": item.low, "high": item.high,
               "prior_p10": prior[0], "prior_median": prior[1], "prior_p90": prior[2]}
        if per_point.sum() > 0:
            post = weighted_quantiles(values, per_point, (0.1, 0.5, 0.9))
            width = prior[2] - prior[0]
            row.update({"posterior_p10": post[0], "posterior_median": post[1], "posterior_p90": post[2],
                        "narrowed": round(1 - (post[2] - post[0]) / width, 4) if width > 0 else 0.0})
        rows.append(row)
    return rows


def provenance(ensemble: Ensemble, history: History) -> dict:
    """What a forecast was made from: the files (with their hashes), the version, the seed, the runs."""
    from .. import __version__

    loaded = ensemble.loaded
    return {"scenario": loaded.scenario.name, "file": loaded.file, "scenario_sha256": loaded.sha256,
            "record": history.file, "record_sha256": history.sha256, "version": __version__,
            "seed": ensemble.seed, "runs": len(ensemble.records), "design_points": len(ensemble.values),
            "runs_per_point": ensemble.runs_per_point, "start_date": loaded.scenario.start_date.isoformat(),
            "states": dict(machine_of(loaded.scenario).labels)}


def forecast(ensemble: Ensemble, history: History, as_of: dt.date, by: Sequence[dt.date],
             tolerance: Tolerance) -> Forecast:
    """The forecast from ``as_of``: each end state, each next milestone by each date in ``by``, each
    uncertain input, before and after weighting by the record."""
    loaded, records = ensemble.loaded, ensemble.records
    start = loaded.scenario.start_date
    day = day_of(start, as_of)
    w = weights(records, history, start, day, tolerance)
    effective = effective_size(w)
    flat = np.ones(len(records))
    post = w if effective > 0 else None

    point = ensemble.point

    def both(hits: np.ndarray) -> dict:
        return {"prior": share(hits, flat, point).as_dict(),
                "posterior": share(hits, post, point).as_dict() if post is not None else None}

    ends = [end_state(record) for record in records]
    outcomes = {end: both(np.array([e == end for e in ends])) for end in ENDS}
    horizon = loaded.scenario.horizon_days
    ahead = []
    for state in milestones(history, start, day, machine_of(loaded.scenario).state_names):
        reaching = entered_by(records, state, horizon)
        row = {"state": state, "by": {d.isoformat(): both(entered_by(records, state, day_of(start, d))) for d in by},
               "ever": both(reaching)}
        if post is not None and (post * reaching).sum() > 0:
            when = np.array([records[i].entered[state] for i in np.flatnonzero(reaching)])
            row["dates"] = [(start + dt.timedelta(days=int(math.floor(q)))).isoformat()
                            for q in weighted_quantiles(when, post[reaching], (0.1, 0.5, 0.9))]
        ahead.append(row)
    warning = agree_warning(effective, len(records))
    summary = {
        **provenance(ensemble, history),
        "as_of": as_of.isoformat(), "as_of_day": day, "by": [d.isoformat() for d in by],
        "tolerance": {"share": tolerance.share, "days": tolerance.days},
        "recorded_states": [{"date": (start + dt.timedelta(days=d)).isoformat(), "state": s}
                            for d, s in recorded_path(history, start, day)],
        "agreeing_runs": int((w > 0).sum()), "agreeing_points": len(set(point[w > 0].tolist())),
        "effective_sample_size": round(effective, 2), "warning": warning,
        "outcomes": outcomes, "milestones": ahead, "inputs": _input_rows(ensemble, w),
    }
    return Forecast(ensemble, history, as_of, list(by), tolerance, w, effective, warning, summary)


def fan(ensemble: Ensemble, w: np.ndarray, first: int, last: int, what: str = "hostages_released") -> dict:
    """Weighted 10/50/90% of a cumulative series for each day from ``first`` to ``last``."""
    days = np.arange(first, last + 1, dtype=float)
    matrix = cumulative(ensemble.records, days + END_OF_DAY, what)
    out = {q: np.empty(len(days)) for q in (0.1, 0.5, 0.9)}
    for j in range(len(days)):
        for q, value in zip(out, weighted_quantiles(matrix[:, j], w, tuple(out))):
            out[q][j] = value
    return {"days": days, **out}


def csv_rows(summary: dict) -> list[dict]:
    """forecast.csv: one row a figure (an end state, a milestone by a date, an input's 10-90% range)."""
    labels = {**FRAME_LABELS, **summary["states"]}

    def row(kind: str, item: str, label: str, date: str, pair: dict) -> dict:
        post = pair["posterior"] or {}
        return {"kind": kind, "item": item, "label": label, "date": date,
                "prior": pair["prior"]["value"], "prior_low": pair["prior"]["low"], "prior_high": pair["prior"]["high"],
                "posterior": post.get("value"), "low": post.get("low"), "high": post.get("high")}

    rows = [row("outcome", end, labels.get(end, "Still under way at the horizon"), "", pair)
            for end, pair in summary["outcomes"].items()]
    for item in summary["milestones"]:
        rows += [row("milestone", item["state"], labels[item["state"]], date, pair) for date, pair in item["by"].items()]
        rows.append(row("milestone", item["state"], labels[item["state"]], "horizon", item["ever"]))
    for item in summary["inputs"]:
        pair = {"prior": {"value": item["prior_median"], "low": item["prior_p10"], "high": item["prior_p90"]},
                "posterior": {"value": item["posterior_median"], "low": item["posterior_p10"],
                              "high": item["posterior_p90"]} if "posterior_median" in item else None}
        rows.append(row("input", item["input"], item["label"], "", pair))
    return rows


def milestone_curves(ensemble: Ensemble, w: np.ndarray, states: Sequence[str], days: np.ndarray) -> dict[str, np.ndarray]:
    """For each state, the weighted share of runs that entered it by the end of each day."""
    total = float(w.sum())
    out = {}
    for state in states:
        when = np.array([record.entered.get(state, math.inf) for record in ensemble.records])
        out[state] = np.array([float((w * (when < d + END_OF_DAY)).sum()) / total for d in days])
    return out

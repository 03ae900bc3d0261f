"""Forecast from a dated record: the scenario's ensemble weighted by the likelihood of every fact the
record holds up to a date, kept alive by resampling and moving the uncertain inputs, then read forward.

The method is sequential Monte Carlo over the uncertain inputs (population Monte Carlo with importance
weights, as in ABC-SMC), on an ensemble that streams through :mod:`sim.execution`:

1. **Prior ensemble.** With an `uncertain:` block, ``points`` design points are laid over the inputs'
   ranges (a Latin hypercube in the unit cube, each input's quantiles), each a variant of the scenario
   run ``runs_per_point`` times with its own luck; without one, the scenario itself.
2. **Likelihood over time.** Each run's weight given the record up to a day is the product, over every
   fact dated up to it, of the fact's likelihood under the observation model
   (:class:`sim.replay.facts.Observation`: how far a date or a count may be off, how reliable a report
   is); a run that contradicts a fact stays ruled out for every later day.
3. **Keep the sample alive.** The as-of day is walked from the record's first date, a week at a time
   (:data:`STEP_DAYS`). Whenever the effective sample size (Kish: ``(Σw)²/Σw²``) falls below half the
   runs, the design points are resampled by their weight and moved by a Gaussian kernel (twice the
   weighted variance of each input, reflected at the range's ends); only the new points are run, and
   each carries the importance weight prior / proposal, so that every weighted figure stays an
   estimate of the same posterior. The walk depends only on the record up to each step, so a forecast
   from a date and the backtest's forecast from that date are the same.
4. **Posterior.** Any figure of the runs (an end state, a milestone by a date, an input's value) is its
   weighted mean; the effective sample size sets the width of every interval, narrowed no further than
   the spread between design points allows (runs of one point share its inputs).

Why our own and not pyabc or elfi (see docs/architecture.md): both fit static parameters to summary
statistics; neither conditions a running process on a dated record, both pull in much (pyabc: pandas,
SQLAlchemy, a database per fit; elfi: GPy, graphviz), and ours keeps the project's rule that a seed
gives the same bytes on any executor: every new generation's design and seeds come from the forecast's
seed and the generation's number, and its runs stream through :func:`sim.execution.many` in order.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..engine import Record
from ..machine import FRAME_LABELS, TERMINAL_STATES, machine_of
from ..replay.facts import Evidence, Observation, Trace, trace
from ..replay.fit import END_OF_DAY, SERIES
from ..replay.record import UNWEIGHED, History
from ..results.series import cumulative
from ..results.summary import total_labels
from ..scenario import LoadedScenario
from .sensitivity import scenarios_at
from .variants import Input

FEW = 30  # fewer effective runs than this: the forecast says plainly that it rests on few runs
Z = 1.959963984540054  # 95% intervals
ENDS = ("completed", "collapsed", "rejected", "ongoing")  # how a run stands at the horizon
DESIGN_STREAM = 0x666F7265  # "fore": the design's own random stream, apart from the runs'
STEP_DAYS = 7  # the walk's step from the record's first date to the as-of date
MOVE_BELOW = 0.5  # resample and move when the effective sample falls below this share of the runs
SMALLEST_BANDWIDTH = 0.02  # of an input's range: a move never collapses onto the points it came from

# (the scenarios to run, their root seeds, runs of each) -> the records, in order, keeping their events
Runner = Callable[[list, list[int], int], list[Record]]


# -- the prior ensemble -------------------------------------------------------------------------

def design(count: int, points: int, seed: int) -> np.ndarray:
    """``points`` rows in the unit cube over ``count`` inputs: a Latin hypercube (each input's range
    cut into ``points`` equal slices, one point in each), the same for the same seed."""
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(DESIGN_STREAM,)))
    columns = [(rng.permutation(points) + rng.random(points)) / points for _ in range(count)]
    return np.column_stack(columns) if columns else np.zeros((points, 0))


def point_seeds(seed: int, points: int, generation: int = 0) -> list[int]:
    """The root seed of each design point of a generation: its own luck, fixed by the forecast's seed."""
    if points == 1 and generation == 0:
        return [seed]
    key = (DESIGN_STREAM, 1) if generation == 0 else (DESIGN_STREAM, 1, generation)
    states = np.random.SeedSequence(seed, spawn_key=key).generate_state(points, np.uint64)
    return [int(s >> np.uint64(1)) for s in states]


@dataclass
class Ensemble:
    """One generation of runs: the design points (rows of ``cube`` and ``values``), each run
    ``runs_per_point`` times in order, and each point's importance weight (prior / proposal)."""

    loaded: LoadedScenario
    inputs: list[Input]
    values: np.ndarray  # design points x inputs: each input's value at each point
    runs_per_point: int
    seed: int
    records: list[Record]
    traces: list[Trace]  # what each run did, of the kinds of fact a record gives
    cube: np.ndarray = field(default_factory=lambda: np.zeros((1, 0)))  # each point in the unit cube
    importance: np.ndarray | None = None  # per point; None: the prior design (all 1)
    generation: int = 0
    made_on: int | None = None  # the as-of day whose record the generation was drawn from

    @property
    def point(self) -> np.ndarray:
        return np.arange(len(self.records)) // self.runs_per_point

    def run_importance(self) -> np.ndarray:
        """Each run's importance weight (its point's)."""
        return np.ones(len(self.records)) if self.importance is None else self.importance[self.point]


def _variants(loaded: LoadedScenario, inputs: list[Input], cube: np.ndarray) -> tuple[list, np.ndarray]:
    """The scenario at each point of ``cube`` and each input's value there (the scenario itself without inputs)."""
    if not inputs:
        return [loaded.scenario], np.zeros((1, 0))
    values = np.array([[item.value(float(x)) for item, x in zip(inputs, row)] for row in cube])
    return scenarios_at(loaded, inputs, cube), values


def prior_ensemble(loaded: LoadedScenario, inputs: list[Input], points: int, runs_per_point: int, seed: int):
    """(the variants to run, their seeds, each input's value at each point) of the prior ensemble's layout:
    a Latin hypercube over the inputs, each point with its own luck (other analyses lay their runs so too)."""
    cube = design(len(inputs), points, seed) if inputs else np.zeros((1, 0))
    variants, values = _variants(loaded, inputs, cube)
    return variants, point_seeds(seed, len(variants)), values


def run_points(loaded: LoadedScenario, inputs: list[Input], cube: np.ndarray, per_point: int, seed: int,
               runner: Runner, generation: int = 0, importance: np.ndarray | None = None,
               made_on: int | None = None) -> Ensemble:
    """Run every point of ``cube`` ``per_point`` times and keep what each run did (its trace)."""
    variants, values = _variants(loaded, inputs, cube)
    records = runner(variants, point_seeds(seed, len(variants), generation), per_point)
    traces = [trace(record) for record in records]
    for record in records:
        record.events = None  # the trace keeps what the forecast reads; the chronology is let go
    return Ensemble(loaded, inputs, values, per_point, seed, records, traces, cube, importance, generation, made_on)


def point_count(runs: int, points: int | None, inputs: list[Input]) -> int:
    """Design points of an ensemble of ``runs``: ``points``, else one for every 20 runs, at most 200 (1 without
    uncertain inputs)."""
    return 1 if not inputs else (points or max(1, min(200, runs // 20)))


def runner_on(open_workers, wrap=lambda items, total: items) -> Runner:
    """A runner over :func:`sim.execution.many` that keeps each run's chronology for its trace:
    ``open_workers(total)`` opens where the runs go (a context giving ``executor`` and ``count``),
    ``wrap`` may show progress."""
    from ..execution import many

    def run(variants: list, seeds: list[int], each: int) -> list[Record]:
        total = len(variants) * each
        with open_workers(total) as where:
            return [r for _, r in wrap(many(variants, seeds, each, keep_events=each, executor=where.executor,
                                            workers=where.count), total)]
    return run


def prior(loaded: LoadedScenario, inputs: list[Input], points: int, per_point: int, seed: int,
          runner: Runner) -> Ensemble:
    """The prior ensemble: a Latin hypercube over the inputs (one point without inputs)."""
    cube = design(len(inputs), points, seed) if inputs else np.zeros((1, 0))
    return run_points(loaded, inputs, cube, per_point, seed, runner)


def _reflect(x: np.ndarray) -> np.ndarray:
    """Fold values back into [0, 1] at its ends."""
    x = np.abs(x)
    return np.where(x > 1, 2 - x, x).clip(0, 1)


def move(ensemble: Ensemble, w: np.ndarray, day: int, runner: Runner) -> Ensemble:
    """The next generation: design points resampled by their weight given the record up to ``day`` and
    moved by a Gaussian kernel; the new points are run, each with its importance weight."""
    cube = ensemble.cube
    mass = np.bincount(ensemble.point, weights=w * ensemble.run_importance(), minlength=len(cube))
    mass = mass / mass.sum()
    generation = ensemble.generation + 1
    rng = np.random.default_rng(np.random.SeedSequence(ensemble.seed, spawn_key=(DESIGN_STREAM, 2, generation)))
    count = len(cube)
    positions = (np.arange(count) + rng.random()) / count  # systematic resampling
    picked = np.minimum(np.searchsorted(np.cumsum(mass), positions), count - 1)
    centre = mass @ cube
    spread = np.sqrt(2 * (mass @ (cube - centre) ** 2))
    bandwidth = np.clip(spread, SMALLEST_BANDWIDTH, 0.5)
    new = _reflect(cube[picked] + rng.standard_normal(cube.shape) * bandwidth)
    # the proposal's density at each new point: the weighted mixture of reflected kernels (prior: 1)
    density = np.zeros(count)
    for j in np.flatnonzero(mass > 0):
        kernel = np.ones(count)
        for k in range(cube.shape[1]):
            images = (new[:, k] - cube[j, k], new[:, k] + cube[j, k], new[:, k] + cube[j, k] - 2)
            kernel *= sum(np.exp(-0.5 * (d / bandwidth[k]) ** 2) for d in images) / (bandwidth[k] * math.sqrt(2 * math.pi))
        density += mass[j] * kernel
    importance = 1.0 / np.maximum(density, 1e-300)
    return run_points(ensemble.loaded, ensemble.inputs, new, ensemble.runs_per_point, ensemble.seed, runner,
                      generation, importance / importance.mean(), day)


@dataclass
class Step:
    """One step of the walk: the day, the effective sample before and after a move, the generation used."""

    day: int
    effective: float
    moved: bool
    effective_after: float
    generation: int


def walk_days(first: int, last: int, step: int = STEP_DAYS) -> list[int]:
    """The walk's days: every ``step`` days from ``first``, and ``last`` itself."""
    return sorted(set(range(first, last + 1, step)) | {last})


def walk(ensemble: Ensemble, history: History, days: Sequence[int], model: Observation,
         runner: Runner | None) -> tuple[list[Ensemble], list[Step]]:
    """Walk the as-of day through ``days``: weigh the current generation by the record up to each, and
    (with a ``runner`` and uncertain inputs) resample and move it when its effective sample falls below
    half the runs. The generation in force at each day, and each step."""
    start = ensemble.loaded.scenario.start_date
    current, used, steps = ensemble, [], []
    evidence = Evidence(current.traces, history, start, model)
    for day in days:
        w = evidence.weights(day) * current.run_importance()
        effective = effective_size(w)
        moved = runner is not None and current.inputs and 0 < effective < MOVE_BELOW * len(current.records)
        if moved:
            current = move(current, w, day, runner)
            evidence = Evidence(current.traces, history, start, model)
            w = evidence.weights(day) * current.run_importance()
        used.append(current)
        steps.append(Step(day, effective, bool(moved), effective_size(w), current.generation))
    return used, steps


# -- weighing by the record ---------------------------------------------------------------------

def day_of(start: dt.date, date: dt.date) -> int:
    return (date - start).days


def recorded_path(history: History, start: dt.date, day: int) -> list[tuple[int, str]]:
    """(day, state entered) for each recorded change of state up to the end of ``day``."""
    return [(day_of(start, date), state) for date, state in history.state_changes() if day_of(start, date) <= day]


def weights(ensemble: Ensemble, history: History, day: int, model: Observation) -> np.ndarray:
    """Each run's weight given the record up to the end of ``day``: the likelihood of every fact dated up
    to it (:class:`sim.replay.facts.Evidence`) times the run's importance weight."""
    evidence = Evidence(ensemble.traces, history, ensemble.loaded.scenario.start_date, model)
    return evidence.weights(day) * ensemble.run_importance()


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
    """The ensemble read forward from an as-of day, before the record (``prior``) and given it."""

    prior: Ensemble
    ensemble: Ensemble  # the generation in force on the as-of day
    history: History
    as_of: dt.date
    by: list[dt.date]
    model: Observation
    weights: np.ndarray  # of the runs of ``ensemble``
    effective: float
    steps: list[Step]
    unmatched: list[dict]  # the facts no run fits, in words and where they stand in the record
    warning: str | None
    summary: dict

    @property
    def agreed(self) -> bool:
        return self.effective > 0


def agree_warning(effective: float, runs: int, unmatched: Sequence[dict] = ()) -> str | None:
    """A plain warning when the forecast rests on too few runs, or on none (then there is no forecast)."""
    named = "; ".join(f"{fact['words']} (line {fact['line']})" for fact in unmatched[:4])
    facts = f" No run fits: {named}." if named else ""
    if effective <= 0:
        return ("no run agrees with the record up to this date, so there is no forecast: the record lies "
                f"outside what the scenario can do.{facts} Revise the scenario, or lower the reports' "
                "reliability (--reliability) if the record may be wrong")
    if effective < FEW:
        return (f"only about {effective:.0f} of {runs:,} runs agree with the record up to this date: the "
                f"ranges are wide and may still miss.{facts} Add runs or revise the scenario")
    return None


def deal_words(machine) -> dict:
    """The words a forecast's pages say of the deal (``forecast.json``'s ``words``): what completing it means,
    and what each counted fact of the record counts, in the scenario's words."""
    words = machine.words
    totals = total_labels(words, every=True)
    return {"course": machine.course, "held": words.held.many, "freed": words.freed.many,
            "counted": {column: totals[name] for name, column, _ in SERIES}}


def unmatched_facts(evidence: Evidence, day: int, words: dict) -> list[dict]:
    """The facts up to ``day`` that no run fits (or after which none fits all so far), for a reader; ``words``:
    the deal's (:func:`deal_words`)."""
    from ..words.forecast import fact_words

    out = {(f.line, f.kind, f.what): f for f in evidence.unmatched(day)}
    last = evidence.first_unmatched(day)
    if last is not None:
        out.setdefault((last.line, last.kind, last.what), last)
    return [{"date": f.date.isoformat(), "line": f.line, "kind": f.kind, "words": fact_words(f, words=words),
             "alone": f in evidence.unmatched(day)} for f in sorted(out.values(), key=lambda f: (f.day, f.line))]


def _input_rows(prior_ensemble: Ensemble, ensemble: Ensemble, w: np.ndarray | None) -> list[dict]:
    per_point = None if w is None else np.bincount(ensemble.point, weights=w, minlength=len(ensemble.values))
    rows = []
    for k, item in enumerate(ensemble.inputs):
        values = prior_ensemble.values[:, k]
        before = weighted_quantiles(values, np.ones(len(values)), (0.1, 0.5, 0.9))
        row = {"input": item.name, "label": item.label, "low": item.low, "high": item.high,
               "prior_p10": before[0], "prior_median": before[1], "prior_p90": before[2]}
        if per_point is not None and per_point.sum() > 0:
            post = weighted_quantiles(ensemble.values[:, k], per_point, (0.1, 0.5, 0.9))
            width = before[2] - before[0]
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
            "states": dict(machine_of(loaded.scenario).labels), "words": deal_words(machine_of(loaded.scenario))}


def forecast(ensemble: Ensemble, history: History, as_of: dt.date, by: Sequence[dt.date],
             model: Observation, runner: Runner | None = None) -> Forecast:
    """The forecast from ``as_of``: each end state, each next milestone by each date in ``by``, each
    uncertain input, before the record and given it (after the walk to ``as_of``; see the module)."""
    start = ensemble.loaded.scenario.start_date
    day = day_of(start, as_of)
    generations, steps = walk(ensemble, history, walk_days(day_of(start, history.first_date), day), model, runner)
    current = generations[-1]
    evidence = Evidence(current.traces, history, start, model)
    w = evidence.weights(day) * current.run_importance()
    effective = effective_size(w)
    unmatched = unmatched_facts(evidence, day, deal_words(machine_of(ensemble.loaded.scenario))) if effective < FEW else []
    post = w if effective > 0 else None

    def both(hits_before: np.ndarray, hits: np.ndarray) -> dict:
        return {"prior": share(hits_before, np.ones(len(hits_before)), ensemble.point).as_dict(),
                "posterior": share(hits, post, current.point).as_dict() if post is not None else None}

    def ends(records):
        return [end_state(record) for record in records]

    before, after = ends(ensemble.records), ends(current.records)
    outcomes = {end: both(np.array([e == end for e in before]), np.array([e == end for e in after])) for end in ENDS}
    horizon = ensemble.loaded.scenario.horizon_days
    ahead = []
    for state in milestones(history, start, day, machine_of(ensemble.loaded.scenario).state_names):
        reaching = entered_by(current.records, state, horizon)
        row = {"state": state,
               "by": {d.isoformat(): both(entered_by(ensemble.records, state, day_of(start, d)),
                                          entered_by(current.records, state, day_of(start, d))) for d in by},
               "ever": both(entered_by(ensemble.records, state, horizon), reaching)}
        if post is not None and (post * reaching).sum() > 0:
            when = np.array([current.records[i].entered[state] for i in np.flatnonzero(reaching)])
            row["dates"] = [(start + dt.timedelta(days=int(math.floor(q)))).isoformat()
                            for q in weighted_quantiles(when, post[reaching], (0.1, 0.5, 0.9))]
        ahead.append(row)
    warning = agree_warning(effective, len(current.records), unmatched)
    known = evidence.known(day)
    summary = {
        **provenance(ensemble, history),
        "as_of": as_of.isoformat(), "as_of_day": day, "by": [d.isoformat() for d in by],
        "observation": {"share": model.share, "days": model.days, "reliability": model.reliability},
        "recorded_states": [{"date": (start + dt.timedelta(days=d)).isoformat(), "state": s}
                            for d, s in recorded_path(history, start, day)],
        "facts_weighed": len(known),
        "unweighed": [{"date": row.date.isoformat(), "line": row.line, "note": row.note} for row in history.rows
                      if row.event in UNWEIGHED and row.date <= as_of],
        "agreeing_runs": int(evidence.agreeing(day).sum()),
        "agreeing_points": len(set(current.point[evidence.agreeing(day)].tolist())),
        "effective_sample_size": round(effective, 2), "warning": warning, "unmatched": unmatched,
        "generations": current.generation,
        "walk": [{"date": (start + dt.timedelta(days=s.day)).isoformat(), "effective_sample_size": round(s.effective, 2),
                  "moved": s.moved, "effective_after_move": round(s.effective_after, 2), "generation": s.generation}
                 for s in steps],
        "outcomes": outcomes, "milestones": ahead, "inputs": _input_rows(ensemble, current, post),
    }
    return Forecast(ensemble, current, history, as_of, list(by), model, w, effective, steps, unmatched, warning,
                    summary)


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

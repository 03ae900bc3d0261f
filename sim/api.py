"""ceasefire-sim from Python: every command as a function, for notebooks and scripts.

Each function runs what the command of the same name runs, with the same seeds, and returns
a :class:`Table` (or a :class:`RunResult`, :class:`ComparisonResult`): plain rows you can loop
over, ``.to_pandas()`` for a DataFrame (``pip install 'ceasefire-sim[notebook]'``), a one-line
``repr`` and an HTML table in a notebook. A what-if is made in code with :func:`variant`, with
the key paths that `--vary`, `--param` and a scenario's `uncertain:` block use.

Example::

    from sim import api

    proposal = api.load("scenarios/proposal-2024-05-31.yaml")
    forty = api.variant(proposal, {"talks.duration_days": 40})
    both = api.compare([proposal, forty], runs=500)
    both.to_pandas()                               # one row a figure and scenario, 95% intervals
    api.sweep(proposal, {"talks.duration_days.lognormal.median": [20, 40, 60]}, runs=200).to_pandas()

Wrong arguments raise ``TypeError`` or ``ValueError`` naming the argument; a bad scenario raises
:class:`ScenarioError`, whose ``problems`` are the located lines ``validate`` prints.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import numbers
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .scenario import LoadedScenario, ScenarioError
from .scenario import load as _load

__all__ = ["ComparisonResult", "RunResult", "ScenarioError", "Table", "compare", "diff", "discover", "explain",
           "forecast", "load", "replay", "run", "sensitivity", "sweep", "variant"]

ScenarioLike = LoadedScenario | str | os.PathLike
_SHOWN_ROWS = 20  # rows of a table drawn in a notebook; the rest are counted


# -- arguments ----------------------------------------------------------------------------------

def _whole(name: str, value: Any, low: int, high: int | None = None) -> int:
    """``value`` as a whole number from ``low`` (to ``high``), or an error that names the argument."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, not {value!r}")
    if value < low or (high is not None and value > high):
        span = f"from {low:,} to {high:,}" if high is not None else f"{low:,} or more"
        raise ValueError(f"{name} must be {span}, not {value:,}")
    return int(value)


def _jobs(jobs: int | None) -> int | None:
    if jobs is None:
        return None
    try:
        return _whole("jobs", jobs, 1)
    except ValueError:
        raise ValueError(f"jobs must be 1 or more (processes to run in), or None for every core; not {jobs}") from None


def _runs(runs: int, name: str = "runs") -> int:
    from . import MAX_RUNS

    return _whole(name, runs, 1, MAX_RUNS)


def _seed(seed: int | None, loaded: LoadedScenario) -> int:
    from .scenario.model import MAX_SEED

    return loaded.scenario.seed if seed is None else _whole("seed", seed, 0, MAX_SEED)


def _loaded(scenario: ScenarioLike, name: str = "scenario") -> LoadedScenario:
    if isinstance(scenario, LoadedScenario):
        return scenario
    if isinstance(scenario, (str, os.PathLike)):
        return load(scenario)
    raise TypeError(f"{name} must be a scenario from load() or variant(), or the path of a scenario file; "
                    f"not {type(scenario).__name__}")


def _many(scenarios: Iterable[ScenarioLike], name: str = "scenarios") -> list[LoadedScenario]:
    if isinstance(scenarios, (str, os.PathLike, LoadedScenario)):
        raise TypeError(f"{name} must be a list of scenarios, e.g. compare([first, second]); got one "
                        f"({scenarios!r:.60}). For one scenario, use run()")
    if not isinstance(scenarios, Iterable):
        raise TypeError(f"{name} must be a list of scenarios, not {type(scenarios).__name__}")
    loaded = [_loaded(item, f"{name}[{i}]") for i, item in enumerate(scenarios)]
    if not loaded:
        raise ValueError(f"{name} is empty: give at least one scenario (the first is the baseline)")
    return loaded


def _paths(changes: Any, name: str) -> dict:
    """``{dotted path: value}`` as parsed paths, or an error naming the argument."""
    from .scenario.paths import VariantError, parse_path

    if not isinstance(changes, Mapping):
        raise TypeError(f"{name} must be a mapping of key paths to values, e.g. {{'talks.duration_days': 40}}; "
                        f"not {type(changes).__name__}")
    if not changes:
        raise ValueError(f"{name} is empty: give at least one key path, e.g. {{'talks.duration_days': 40}}")
    parsed = {}
    for text, value in changes.items():
        if not isinstance(text, str):
            raise TypeError(f"{name}: each key is a path written as text, e.g. 'talks.duration_days', not {text!r}")
        try:
            parsed[parse_path(text)] = value
        except VariantError as error:
            raise ValueError(f"{name}: {error}") from None
    return parsed


def _inputs(loaded: LoadedScenario, vary: Sequence[str]):
    from .analysis.variants import VariantError, uncertain_inputs

    if isinstance(vary, str):
        vary = [vary]
    try:
        inputs = uncertain_inputs(loaded, list(vary))
    except VariantError as error:
        raise ValueError(f"vary: {error}") from None
    if not inputs:
        raise ValueError(f"{loaded.file}: no uncertain inputs: add an `uncertain:` block to the scenario "
                         "or give vary=['PATH=LOW:HIGH']")
    return inputs


# -- results --------------------------------------------------------------------------------------

def _numeric(values: list) -> bool:
    return all(v is None or (isinstance(v, numbers.Real) and not isinstance(v, bool)) for v in values)


@dataclass(frozen=True, repr=False)
class Table:
    """An analysis's rows (dicts with the same keys), with what it was run on in ``about``.

    ``list(table)`` gives the rows; ``table.to_pandas()`` a DataFrame with one column a key, in
    which a figure that does not exist (a median day never reached) is NaN."""

    title: str
    rows: tuple[dict[str, Any], ...]
    about: dict[str, Any] = field(default_factory=dict)

    @property
    def columns(self) -> list[str]:
        return list(dict.fromkeys(key for row in self.rows for key in row))

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __getitem__(self, index: int) -> dict[str, Any]:
        return self.rows[index]

    def to_pandas(self):
        """The rows as a pandas DataFrame (numbers as floats, a missing figure as NaN)."""
        try:
            import pandas
        except ImportError:
            raise ImportError("to_pandas() needs pandas: pip install 'ceasefire-sim[notebook]' "
                              "(the rows are plain dicts without it)") from None
        frame = pandas.DataFrame.from_records(list(self.rows), columns=self.columns)
        for column in frame.columns:
            values = [row.get(column) for row in self.rows]
            if _numeric(values) and (None in values or any(isinstance(v, float) for v in values)):
                frame[column] = frame[column].astype(float)
        return frame

    def __repr__(self) -> str:
        columns = self.columns
        shown = ", ".join(columns[:6]) + (f", ... ({len(columns)} in all)" if len(columns) > 6 else "")
        return f"<{type(self).__name__} {self.title!r}: {len(self.rows):,} rows; {shown}>"

    def _repr_html_(self) -> str:
        columns = self.columns
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in columns)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(_cell(row.get(c)))}</td>" for c in columns) + "</tr>"
                       for row in self.rows[:_SHOWN_ROWS])
        more = (f"<p>{len(self.rows) - _SHOWN_ROWS:,} more rows: .to_pandas() has them all</p>"
                if len(self.rows) > _SHOWN_ROWS else "")
        return (f"<p><b>{html.escape(self.title)}</b></p><table><thead><tr>{head}</tr></thead>"
                f"<tbody>{body}</tbody></table>{more}")


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"
    return str(value)


@dataclass(frozen=True, repr=False)
class RunResult(Table):
    """What :func:`run` gives: one row a run (the columns of runs.csv), ``summary`` as in
    summary.json, and the tables that `run` prints: :attr:`states` and :attr:`totals`."""

    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def states(self) -> Table:
        """One row a state that some run reached: shares ending there and reaching it, median days."""
        s, runs = self.summary, self.summary["runs"]
        return Table(f"{s['scenario']}: where runs end and what they reach", tuple(
            {"state": state, "label": s["states"][state], "ended_here": s["final_states"][state] / runs,
             "reached": s["reached"][state] / runs, "median_day_over_all_runs": s["median_day_over_all_runs"][state],
             "median_day_when_reached": s["median_day_entered"][state]}
            for state in s["reached"] if s["reached"][state]))

    @property
    def totals(self) -> Table:
        """One row a total that means something for the deal (people released, aid trucks...), in its words:
        mean, 10th percentile, median, 90th."""
        return Table(f"{self.summary['scenario']}: totals per run",
                     tuple({"total": name, "label": label, **self.summary["totals"][name]}
                           for name, label in self.summary["total_labels"].items()))

    def __repr__(self) -> str:
        s = self.summary
        ends = ", ".join(f"{state} {s['final_states'][state] / s['runs']:.0%}"
                         for state in ("completed", "collapsed", "rejected") if state in s["final_states"])
        return f"<RunResult {s['scenario']!r}: {s['runs']:,} runs, seed {s['seed']}; ends {ends}>"

    def _repr_html_(self) -> str:
        return self.states._repr_html_() + self.totals._repr_html_()


@dataclass(frozen=True, repr=False)
class ComparisonResult(Table):
    """What :func:`compare` gives: one row a figure and scenario, with its 95% interval and, after the
    first scenario, the paired difference to the first with its interval."""

    scenarios: tuple[str, ...] = ()


# -- scenarios ------------------------------------------------------------------------------------

def load(path: str | os.PathLike) -> LoadedScenario:
    """Read and check one scenario file (and the files it ``extends``).

    Returns the validated scenario (``.scenario``) with where it came from; ``.notes`` says what
    loading changed (inherited ranges a variant replaced). A bad file raises
    :class:`ScenarioError`, whose ``problems`` are the located lines ``validate`` prints."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be the path of a scenario file, not {type(path).__name__}")
    return _load(os.fspath(path))


def variant(base: ScenarioLike, changes: Mapping[str, Any], name: str | None = None) -> LoadedScenario:
    """``base`` with the values in ``changes`` (``{key path: value}``), checked as ``validate`` checks a file.

    The key paths are those of `--vary`, `--param` and `uncertain:`: ``talks.duration_days``,
    ``acceptance.parties[1].accepts``, ``talks.duration_days.lognormal.median``. A value may be a
    number, a distribution (``{"uniform": [20, 40]}``) or anything the key takes in YAML. As for a
    variant file, the base's `uncertain:` ranges at or under a changed key no longer apply and are
    left out. ``name`` defaults to the base's name and the change in words. A change that makes no
    valid scenario raises ``ValueError`` saying where and why.

    Example: ``api.variant(proposal, {"talks.duration_days": 40, "talks.start_day": 7})``
    """
    from .analysis.variants import variant as checked
    from .scenario.labels import key_label
    from .scenario.paths import VariantError, parse_path, with_values

    loaded = _loaded(base, "base")
    paths = _paths(changes, "changes")
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise TypeError(f"name must be a non-empty text, not {name!r}")
    words = "; ".join(f"{key_label(path, loaded.data)} {value}" for path, value in paths.items())
    kept = {text: shape for text, shape in (loaded.data.get("uncertain") or {}).items()
            if not any(parse_path(text)[:len(path)] == path for path in paths)}
    data = dict(loaded.data, uncertain=kept, name=name or f"{loaded.scenario.name}: {words}")
    try:
        scenario = checked(replace(loaded, data=data), paths)
    except VariantError as error:
        raise ValueError(f"changes: {error}") from None
    return replace(loaded, scenario=scenario, data=with_values(data, paths), notes=())


# -- running ------------------------------------------------------------------------------------

def _outcomes(scenarios, seed, runs: int, jobs: int | None, keep_runs: bool = False, shown=None):
    """The outcome measures (``shown``; the standard ones by default) of each scenario, in order;
    ``seed``: one for all (the same random numbers) or one a scenario."""
    from .analysis.sweep import measure
    from .execution import many, workers

    with workers(jobs, None, len(scenarios) * runs) as where:
        records = many(scenarios, seed, runs, executor=where.executor, workers=where.count)
        return [outcomes for _, outcomes in measure(records, keep_runs, shown)]


def _measure(name: str | None, argument: str = "measure", machine=None):
    """The :class:`~sim.analysis.measures.Measure` of this name (the default when None), or ValueError
    (a state to reach is checked against ``machine``, the scenario's deal, when given)."""
    from .analysis.measures import DEFAULT, MeasureError
    from .analysis.measures import measure as named

    try:
        return named(DEFAULT if name is None else name, machine)
    except MeasureError as error:
        raise ValueError(f"{argument} {error}") from None


def run(scenario: ScenarioLike, runs: int = 1000, seed: int | None = None, jobs: int | None = 1) -> RunResult:
    """Run a scenario ``runs`` times, as ``ceasefire-sim run``.

    ``seed``: the root seed (default: the scenario's ``seed``). ``jobs``: processes to use
    (1: this one; None: every core); the numbers are the same whatever it is.
    Returns a :class:`RunResult`: one row a run, ``.summary``, ``.states`` and ``.totals``."""
    from .execution import replications, workers
    from .results import Aggregate, run_summary
    from .machine import machine_of
    from .results.files import run_columns, run_values
    from .results.summary import DealTerms, totals_of

    loaded = _loaded(scenario)
    runs, jobs, seed = _runs(runs), _jobs(jobs), _seed(seed, loaded)
    aggregate, rows = Aggregate(), []
    states, terms = machine_of(loaded.scenario).state_names, DealTerms(loaded.scenario)
    columns = run_columns(states, terms)
    with workers(jobs, None, runs) as where:
        for record in replications(loaded.scenario, seed, runs, executor=where.executor, workers=where.count):
            totals = totals_of(record)
            aggregate.add(record, totals)
            rows.append({column: (None if value == "" else value)
                         for column, value in zip(columns, run_values(record, states, totals, terms))})
    summary = run_summary(aggregate, loaded, seed, runs)
    return RunResult(f"{loaded.scenario.name}: {runs:,} runs", tuple(rows), {"seed": seed}, summary)


def compare(scenarios: Sequence[ScenarioLike], runs: int = 1000, seed: int | None = None,
            jobs: int | None = 1) -> ComparisonResult:
    """Run scenarios with the same random numbers and set them side by side, as ``ceasefire-sim compare``.

    ``scenarios``: a list (the first is the baseline). ``seed``: one root seed for all (default: the
    first scenario's). Returns one row a figure and scenario: ``figure``, ``key``, ``scenario``,
    ``value``, ``low``, ``high``, ``difference``, ``difference_low``, ``difference_high``, ``within_noise``."""
    from .analysis.compare import compare as comparison_of
    from .analysis.runs import common_seed, simulate
    from .execution import workers

    loaded = _many(scenarios)
    runs, jobs = _runs(runs), _jobs(jobs)
    root = common_seed(loaded, None if seed is None else _seed(seed, loaded[0]))
    with workers(jobs, None, runs * len(loaded)) as where:
        result = comparison_of(simulate(loaded, root, runs, executor=where.executor, workers=where.count))
    rows = tuple({"figure": row.metric.label, "key": row.metric.key, "scenario": runs_of.name,
                  "value": cell.value, "low": cell.low, "high": cell.high, "difference": cell.difference,
                  "difference_low": cell.difference_low, "difference_high": cell.difference_high,
                  "within_noise": cell.within_noise}
                 for row in result.rows for runs_of, cell in zip(result.runs, row.cells))
    names = tuple(r.name for r in result.runs)
    return ComparisonResult(f"{' vs '.join(names)}: {runs:,} runs each", rows, {"seed": root}, names)


def sweep(scenario: ScenarioLike, values: Mapping[str, Sequence[float]], runs: int = 500,
          seed: int | None = None, jobs: int | None = 1, measure: str | None = None) -> Table:
    """Run the scenario at every combination of ``values`` (``{key path: [value, ...]}``), as
    ``ceasefire-sim sweep``; the same random numbers at every point. ``measure``: shown first (collapse
    during the first phase by default; see docs/drivers.md for the names), then the standard ones.

    Returns one row a point: a column for each key path, then one for each outcome measure."""
    from .analysis.measures import with_headline
    from .analysis.variants import variant as checked
    from .machine import machine_of
    from .scenario.paths import VariantError

    loaded = _loaded(scenario)
    paths = _paths(values, "values")
    for path, given in paths.items():
        if isinstance(given, (str, bytes)) or not isinstance(given, Iterable) or not list(given):
            raise TypeError("values: give each key path a list of values, e.g. {'talks.duration_days': [20, 40]}")
    runs, jobs, seed = _runs(runs), _jobs(jobs), _seed(seed, loaded)
    shown = with_headline(_measure(measure).name, machine_of(loaded.scenario))
    texts = list(values)
    points, scenarios = [], []
    for combination in itertools.product(*(list(v) for v in paths.values())):
        changes = dict(zip(paths, combination))
        try:
            scenarios.append(checked(loaded, changes))
        except VariantError as error:
            at = ", ".join(f"{t}={v}" for t, v in zip(texts, combination))
            raise ValueError(f"values at {at}: {error}") from None
        points.append(combination)
    outcomes = _outcomes(scenarios, seed, runs, jobs, shown=shown)
    rows = tuple({**dict(zip(texts, point)), **o.values()} for point, o in zip(points, outcomes))
    return Table(f"{loaded.scenario.name}: sweep, {runs:,} runs a point", rows,
                 {"seed": seed, "runs": runs, "measures": {m.name: m.label for m in shown}})


def sensitivity(scenario: ScenarioLike, method: str = "oat", vary: Sequence[str] = (), runs: int | None = None,
                measure: str | None = None, trajectories: int = 10, seed: int | None = None,
                jobs: int | None = 1) -> Table:
    """Which uncertain inputs drive the outcome, as ``ceasefire-sim sensitivity``.

    ``method``: ``"oat"`` (each input at the ends of its range, one at a time), ``"morris"`` or
    ``"sobol"`` (these two need ``pip install 'ceasefire-sim[sensitivity]'``). ``vary``: extra
    inputs as ``["PATH=LOW:HIGH", ...]``, as `--vary`. Returns one row an input, with the columns
    of sensitivity.csv for the method."""
    from .analysis import sensitivity as methods
    from .analysis.measures import with_headline
    from .machine import machine_of
    from .analysis.variants import VariantError

    if method not in ("oat", "morris", "sobol"):
        raise ValueError(f"method must be 'oat', 'morris' or 'sobol', not {method!r}")
    loaded = _loaded(scenario)
    headline = _measure(measure, machine=machine_of(loaded.scenario))
    shown = with_headline(headline.name, machine_of(loaded.scenario))
    defaults = {"oat": methods.OAT_RUNS, "morris": methods.MORRIS_RUNS, "sobol": None}
    runs = defaults[method] if runs is None else _runs(runs)
    jobs, seed = _jobs(jobs), _seed(seed, loaded)
    inputs = _inputs(loaded, vary)
    about = {"method": method, "measure": headline.name, "measure_label": headline.label, "runs_per_point": runs,
             "seed": seed}
    if method == "oat":
        try:
            scenarios = methods.oat_scenarios(loaded, inputs)
        except VariantError as error:
            raise ValueError(f"{loaded.file}: {error}") from None
        rows = methods.oat_rows(inputs, _outcomes(scenarios, seed, runs, jobs, keep_runs=True, shown=shown), shown)
        return Table(f"{loaded.scenario.name}: one input at a time", tuple(rows), about)
    try:
        methods.salib()
    except methods.NeedsSALib as error:
        raise ImportError(str(error)) from None

    def evaluate(points, seeds, per_point):
        import numpy as np

        outcomes = _outcomes(methods.scenarios_at(loaded, inputs, points), list(seeds), per_point, jobs,
                             keep_runs=True, shown=shown)
        return methods.Evaluated(np.array([[np.frombuffer(o.each[m.name]) for m in shown] for o in outcomes])
                                 .transpose(0, 2, 1))

    if method == "morris":
        screening = methods.screen(len(inputs), evaluate, _whole("trajectories", trajectories, 2), seed, runs)
        return Table(f"{loaded.scenario.name}: Morris screening",
                     tuple(methods.screening_rows(inputs, screening, shown)), about)
    found = methods.sobol_indices(len(inputs), evaluate, 0, seed=seed, runs=runs)
    return Table(f"{loaded.scenario.name}: Sobol indices", tuple(methods.sobol_rows(inputs, found, shown)),
                 {**about, "runs_per_point": list(found.runs), "warnings": found.warnings})


def discover(scenario: ScenarioLike, outcome: str | None = None, vary: Sequence[str] = (), samples: int = 200,
             runs: int = 50, depth: int = 3, seed: int | None = None, jobs: int | None = 1,
             measure: str | None = None) -> Table:
    """Which combinations of assumptions lead to an outcome, as ``ceasefire-sim discover`` (needs
    ``pip install 'ceasefire-sim[discover]'``): ``measure``, a share of runs (collapse during the first
    phase by default, as for sensitivity), or ``outcome``, a state to reach (``completed``...).

    Returns one row a box (a combination of conditions) with its sentence, density, coverage and
    recurrence; ``about["overall"]`` is the sentence on all runs."""
    from .analysis import discover as method
    from .analysis.sensitivity import block_seed, scenarios_at
    from .execution import many, workers
    from .machine import machine_of

    loaded = _loaded(scenario)
    machine = machine_of(loaded.scenario)
    chosen = (_measure(f"reached:{outcome}", "outcome", machine) if outcome is not None
              else _measure(measure, machine=machine))
    if not chosen.share:
        raise ValueError(f"measure must be a share of runs, not {chosen.name!r}")
    try:
        method.sklearn()
    except method.NeedsScikitLearn as error:
        raise ImportError(str(error)) from None
    samples, runs = _whole("samples", samples, 20, 100_000), _runs(runs)
    depth, jobs, seed = _whole("depth", depth, 1, 6), _jobs(jobs), _seed(seed, loaded)
    inputs = _inputs(loaded, vary)
    points = method.ensemble(len(inputs), samples, seed)
    scenarios = scenarios_at(loaded, inputs, points)
    seeds = [block_seed(seed, method.DISCOVER_STAGE, i) for i in range(len(scenarios))]
    with workers(jobs, None, len(scenarios) * runs) as where:
        counts = method.outcome_counts(many(scenarios, seeds, runs, executor=where.executor, workers=where.count),
                                       len(scenarios), chosen)
    found = method.boxes(inputs, points, counts, depth, seed) if counts[:, 1].any() else []
    share = counts[:, 1].sum() / max(counts[:, 0].sum(), 1)
    return Table(f"{loaded.scenario.name}: what leads to the {chosen.label}",
                 tuple(method.discover_json(found, chosen, share)),
                 {"overall": method.overall_sentence(counts, chosen, inputs), "measure": chosen.name, "seed": seed,
                  "design_points": samples, "runs_per_point": runs})


def diff(first: ScenarioLike, second: ScenarioLike, measure: str | None = None, runs: int = 1000,
         seed: int | None = None, jobs: int | None = 1, group: bool = False) -> Table:
    """What differs between two scenarios, and how much of the difference in ``measure`` each change
    accounts for, as ``ceasefire-sim diff``. Returns one row a change: ``change`` (in words),
    ``share`` and its 95% interval ``low``, ``high``; ``about["values"]`` the measure of each."""
    import numpy as np

    from .analysis import diff as method
    from .analysis.measures import measures
    from .machine import machine_of
    from .analysis.variants import VariantError

    a, b = _loaded(first, "first"), _loaded(second, "second")
    headline = _measure(measure, machine=machine_of(a.scenario))
    measure = headline.name
    runs, jobs, seed = _whole("runs", runs, 2, 1_000_000), _jobs(jobs), _seed(seed, a)
    try:
        found = method.workable(a, method.changes(a, b))
        found = method.grouped(found) if group else found
        sampled = method.orders(len(found), seed)
        subsets = method.plan(len(found), sampled)
        scenarios = [method.scenario_with(a, [found[k] for k in s]) for s in subsets]
    except VariantError as error:
        raise ValueError(f"second: {error}") from None
    about = {"measure": measure, "measure_label": headline.label, "runs": runs, "seed": seed}
    if not found:
        return Table(f"{a.scenario.name} to {b.scenario.name}: nothing differs", (), about)
    outcomes = _outcomes(scenarios, seed, runs, jobs, keep_runs=True, shown=measures([measure], machine_of(a.scenario)))
    per_run = np.array([np.frombuffer(o.each[measure]) for o in outcomes])
    shares, half = method.attribution(len(found), subsets, per_run, sampled)
    ends = (outcomes[0].values()[measure], outcomes[-1].values()[measure])
    rows = tuple({"change": change.words(), "keys": [".".join(map(str, p)) for p in change.paths],
                  "share": float(share), "low": float(share - h), "high": float(share + h)}
                 for change, share, h in zip(found, shares, half))
    return Table(f"{a.scenario.name} to {b.scenario.name}: {measure}", rows,
                 {**about, "values": {"first": ends[0], "second": ends[1], "difference": ends[1] - ends[0]}})


def explain(scenario: ScenarioLike, replication: int = 0, seed: int | None = None) -> Table:
    """One replication as a dated chronology, as ``ceasefire-sim explain``: one row an event
    (``day``, ``date``, ``what``); ``about["outcome"]`` is how the run ends, in a sentence."""
    from .engine import Engine
    from .results.explain import chronology, outcome

    loaded = _loaded(scenario)
    replication, seed = _whole("replication", replication, 0), _seed(seed, loaded)
    engine = Engine(loaded.scenario)
    record = engine.replicate(seed, replication, keep_events=True)
    told = chronology(record, loaded.scenario.start_date, engine.deal)
    rows = tuple({"day": event["day"], "date": when.partition("(")[2].rstrip(")"), "what": what}
                 for event, (when, what) in zip(record.events or (), told))
    return Table(f"{loaded.scenario.name}: replication {replication}, seed {seed}", rows,
                 {"outcome": outcome(record, engine.deal), "seed": seed, "replication": replication})


def _history(record: str | os.PathLike, loaded: LoadedScenario):
    """The record of what happened, checked against the scenario, or ScenarioError with each problem."""
    from .replay import check_against, load_record

    if not isinstance(record, (str, os.PathLike)):
        raise TypeError(f"record must be the path of a record file (CSV), not {type(record).__name__}")
    history = load_record(os.fspath(record))
    mismatched = check_against(history, loaded.scenario)
    if mismatched:
        raise ScenarioError(list(mismatched))
    return history


def replay(scenario: ScenarioLike, record: str | os.PathLike, runs: int = 1000, seed: int | None = None,
           jobs: int | None = 1) -> Table:
    """Run a scenario and set the record of what happened beside it, as ``ceasefire-sim replay``.

    Returns one row a series (``label``, ``share_inside`` the band...); ``about["summary"]`` is
    replay.json, with the changes of state."""
    from .execution import replications, workers
    from .replay import replay as fit

    loaded = _loaded(scenario)
    history = _history(record, loaded)
    runs, jobs, seed = _runs(runs), _jobs(jobs), _seed(seed, loaded)
    with workers(jobs, None, runs) as where:
        records = list(replications(loaded.scenario, seed, runs, executor=where.executor, workers=where.count))
    summary = fit(loaded, history, seed, records).summary
    rows = tuple({"series": name, **{k: v for k, v in series.items() if not isinstance(v, (list, dict))}}
                 for name, series in summary["series"].items())
    return Table(f"{loaded.scenario.name} against {os.path.basename(os.fspath(record))}", rows,
                 {"summary": summary, "seed": seed})


FORECAST_AHEAD = (14, 30, 90)  # days after the as-of date at which milestones are counted, without ``by``


def forecast(scenario: ScenarioLike, record: str | os.PathLike, as_of: str | dt.date,
             by: Sequence[str | dt.date] = (), runs: int = 2000, points: int | None = None,
             tolerance: float = 0.2, days: int = 3, seed: int | None = None, jobs: int | None = 1,
             reliability: float = 1.0) -> Table:
    """Forecast from ``as_of``: weigh the runs by every fact of the record up to it (dates off by up to
    ``days``, counts by ``tolerance`` of them, each report right with chance ``reliability``), keep the
    sample alive by moving the uncertain inputs, and read on, as ``ceasefire-sim forecast``. Returns the
    rows of forecast.csv (none when no run agrees with the record); ``about["summary"]`` is forecast.json."""
    from .analysis.forecast import csv_rows, point_count, prior, runner_on
    from .analysis.forecast import forecast as read_forward
    from .execution import workers
    from .replay.facts import Observation

    def date(value, name: str) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise ValueError(f"{name} must be a date written YYYY-MM-DD, not {value!r}") from None

    loaded = _loaded(scenario)
    scenario_ = loaded.scenario
    history = _history(record, loaded)
    start_day = date(as_of, "as_of")
    end = scenario_.start_date + dt.timedelta(days=scenario_.horizon_days)
    ahead = sorted({date(d, "by") for d in by}) or sorted(
        {min(start_day + dt.timedelta(days=d), end) for d in FORECAST_AHEAD})
    if not 0 <= tolerance <= 5:
        raise ValueError(f"tolerance must be a share from 0 to 5 (0.2: a count's error is about 20% of it), not {tolerance}")
    if not 0 <= reliability <= 1:
        raise ValueError(f"reliability must be a chance from 0 to 1 (1: every report is right), not {reliability}")
    runs, jobs, seed = _runs(runs), _jobs(jobs), _seed(seed, loaded)
    inputs = [item for item in (_inputs(loaded, ()) if scenario_.uncertain else []) if item.path != ("horizon_days",)]
    count = point_count(runs, points, inputs)
    per_point = runs // count
    if per_point < 1:
        raise ValueError(f"runs must be at least the number of design points ({count:,}), not {runs:,}")
    runner = runner_on(lambda total: workers(jobs, None, total))
    ensemble = prior(loaded, inputs, count, per_point, seed, runner)
    result = read_forward(ensemble, history, start_day, ahead, Observation(tolerance, days, reliability), runner)
    rows = tuple(csv_rows(result.summary)) if result.agreed else ()
    return Table(f"{scenario_.name}: forecast from {start_day.isoformat()}", rows,
                 {"summary": result.summary, "seed": seed})

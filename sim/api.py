"""ceasefire-sim from Python: load scenarios, run them, compare them (in a notebook or a script).

Everything here returns plain Python data (dicts, lists, numbers and text), the same
figures the command line prints and writes, and a pandas DataFrame when pandas is
installed. The runs are the command line's runs: the same scenario, seed and number of
runs give the same numbers as ``ceasefire-sim run`` and ``ceasefire-sim compare``.

Example:

    from sim import api

    proposal = api.load("scenarios/proposal-2024-05-31.yaml")
    result = api.run(proposal, runs=500)
    result.summary["reached"]["phase_two"]   # runs that reached phase two
    result.to_pandas()                       # one row a run, the columns of runs.csv

    both = api.compare(["scenarios/proposal-2024-05-31.yaml", "scenarios/proposal-talks-stall.yaml"], runs=500)
    both.to_pandas()                         # one row a figure and scenario, with its 95% interval
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .scenario import LoadedScenario, ScenarioError
from .scenario import load as _load

__all__ = ["ComparisonResult", "RunResult", "ScenarioError", "compare", "load", "run"]


def load(path: str) -> LoadedScenario:
    """Read and check one scenario file (and the files it ``extends``).

    Returns the validated scenario (``.scenario``) with where it came from. A bad file raises
    :class:`ScenarioError`; its ``problems`` are the located lines ``validate`` prints.
    """
    return _load(str(path))


def _loaded(scenario: LoadedScenario | str) -> LoadedScenario:
    return scenario if isinstance(scenario, LoadedScenario) else load(scenario)


def _frame(rows: list[dict[str, Any]]):
    try:
        import pandas
    except ImportError:
        raise ImportError("to_pandas() needs pandas: pip install pandas (rows are plain dicts without it)") from None
    return pandas.DataFrame.from_records(rows)


@dataclass(frozen=True)
class RunResult:
    """What ``run`` gives: the summary (as in summary.json) and one row a run (as in runs.csv)."""

    summary: dict[str, Any]
    rows: list[dict[str, Any]]

    def to_pandas(self):
        """The rows as a pandas DataFrame, one row a run."""
        return _frame(self.rows)


def run(scenario: LoadedScenario | str, runs: int = 1000, seed: int | None = None, jobs: int | None = 1) -> RunResult:
    """Run a scenario (loaded, or the path of its file) ``runs`` times.

    ``seed``: the root seed (default: the scenario's ``seed``). ``jobs``: processes to use
    (1: this one; None: all cores); the numbers are the same whatever it is.
    """
    from . import MAX_RUNS
    from .execution import replications, workers
    from .results import Aggregate, run_summary
    from .results.files import RUN_COLUMNS, run_values
    from .results.summary import totals_of

    if not 1 <= runs <= MAX_RUNS:
        raise ValueError(f"runs must be from 1 to {MAX_RUNS:,}, not {runs:,}")
    loaded = _loaded(scenario)
    seed = loaded.scenario.seed if seed is None else seed
    aggregate, rows = Aggregate(), []
    with workers(jobs, None, runs) as where:
        for record in replications(loaded.scenario, seed, runs, executor=where.executor, workers=where.count):
            totals = totals_of(record)
            aggregate.add(record, totals)
            rows.append(dict(zip(RUN_COLUMNS, run_values(record, totals))))
    return RunResult(run_summary(aggregate, loaded, seed, runs), rows)


@dataclass(frozen=True)
class ComparisonResult:
    """What ``compare`` gives: one row a figure and scenario, with its 95% interval and, after the
    first scenario, the paired difference to the first with its interval."""

    scenarios: list[str]
    rows: list[dict[str, Any]]

    def to_pandas(self):
        """The rows as a pandas DataFrame."""
        return _frame(self.rows)


def compare(scenarios: Sequence[LoadedScenario | str], runs: int = 1000, seed: int | None = None,
            jobs: int | None = 1) -> ComparisonResult:
    """Run scenarios with the same random numbers and set them side by side, as ``ceasefire-sim compare``.

    ``seed``: one root seed for all (default: the first scenario's ``seed``).
    """
    from .analysis.compare import compare as comparison_of
    from .analysis.runs import common_seed, simulate
    from .execution import workers

    if isinstance(runs, bool) or not isinstance(runs, int) or runs < 1:
        raise ValueError(f"runs must be a whole number of 1 or more, not {runs!r}")
    loaded = [_loaded(s) for s in scenarios]
    with workers(jobs, None, runs * len(loaded)) as where:
        result = comparison_of(simulate(loaded, common_seed(loaded, seed), runs,
                                        executor=where.executor, workers=where.count))
    rows = []
    for row in result.rows:
        for runs_of, cell in zip(result.runs, row.cells):
            rows.append({"figure": row.metric.label, "key": row.metric.key, "scenario": runs_of.name,
                         "value": cell.value, "low": cell.low, "high": cell.high,
                         "difference": cell.difference, "difference_low": cell.difference_low,
                         "difference_high": cell.difference_high, "within_noise": cell.within_noise})
    return ComparisonResult([r.name for r in result.runs], rows)

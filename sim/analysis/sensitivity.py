"""Which uncertain inputs drive the outcome measures.

The inputs are the scenario's distributions. Each has a low and a high value: the bounds of a
uniform, triangular or choice; the 10th and 90th percentiles of a normal or lognormal.

- ``oat`` (one at a time): each input fixed at its low, then at its high value, everything else
  as in the scenario; two variants an input, plus the scenario itself.
- ``morris`` (elementary effects, SALib): ``samples`` trajectories of inputs+1 points each.
- ``sobol`` (variance shares, SALib): ``samples`` base points (a power of 2), inputs+2 points each.

Every variant runs the same replications (common random numbers), so differences between
variants come from the inputs, not from chance. An input is pinned to a value by a distribution
that always gives that value but draws the same random numbers, so pinning one input does not
shift the draws of the others.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass

from ..scenario import LoadedScenario, Scenario
from .outcomes import NAMES
from .variants import Input, pinned, variant

METHODS = ("oat", "morris", "sobol")
DEFAULT_RUNS = {"oat": 1000, "morris": 200, "sobol": 100}
DEFAULT_SAMPLES = {"morris": 10, "sobol": 32}
MORRIS_LEVELS = 4


class NeedsSALib(Exception):
    pass


def salib():
    try:
        import SALib  # noqa: F401
    except ImportError:
        raise NeedsSALib("--method morris and sobol need SALib: pip install 'ceasefire-sim[sensitivity]'") from None


@dataclass(frozen=True)
class Design:
    """The variants to run: one row of input values (None: as in the scenario) and a scenario each."""

    method: str
    inputs: list[Input]
    rows: list[list[float | None]]
    scenarios: list[Scenario]
    samples: int = 0

    def count(self, runs: int) -> str:
        """The run count, stated before starting."""
        n, d = len(self.rows), len(self.inputs)
        how = {"oat": f"{d} inputs x 2 values + the scenario itself",
               "morris": f"{self.samples} trajectories x {d + 1} points",
               "sobol": f"{self.samples} base samples x {d + 2} points"}[self.method]
        return f"{self.method}: {how} = {n:,} variants x {runs:,} runs = {n * runs:,} replications"


def _problem(inputs: list[Input]) -> dict:
    return {"num_vars": len(inputs), "names": [i.name for i in inputs], "bounds": [[i.low, i.high] for i in inputs]}


def design(loaded: LoadedScenario, inputs: list[Input], method: str, samples: int | None, seed: int) -> Design:
    rows: list[list[float | None]]
    if method == "oat":
        rows = [[None] * len(inputs)]
        for k, item in enumerate(inputs):
            for value in (item.low, item.high):
                row: list[float | None] = [None] * len(inputs)
                row[k] = value
                rows.append(row)
        samples = 0
    else:
        salib()
        samples = samples or DEFAULT_SAMPLES[method]
        if method == "morris":
            from SALib.sample import morris

            matrix = morris.sample(_problem(inputs), samples, num_levels=MORRIS_LEVELS, seed=seed % 2**32)
        else:
            from SALib.sample import sobol

            matrix = sobol.sample(_problem(inputs), samples, calc_second_order=False, seed=seed % 2**32)
        rows = [[float(v) for v in row] for row in matrix]
    scenarios = [variant(loaded, {i.path: pinned(i.written, v) for i, v in zip(inputs, row) if v is not None})
                 for row in rows]
    return Design(method, inputs, rows, scenarios, samples)


def analyse(design: Design, results: list[dict[str, float]]) -> list[dict]:
    """One row an input (OAT) or an input and measure (Morris, Sobol), for the table and the file."""
    inputs = design.inputs
    if design.method == "oat":
        base = results[0]
        out = []
        for k, item in enumerate(inputs):
            low, high = results[1 + 2 * k], results[2 + 2 * k]
            row = {"input": item.name, "low": item.low, "high": item.high, "from": item.how}
            for name in NAMES:
                row.update({f"{name}_base": base[name], f"{name}_at_low": low[name], f"{name}_at_high": high[name],
                            f"{name}_swing": abs(high[name] - low[name])})
            out.append(row)
        return out
    import numpy as np

    problem = _problem(inputs)
    out = []
    for name in NAMES:
        y = np.array([r[name] for r in results])
        if design.method == "morris":
            from SALib.analyze import morris

            x = np.array(design.rows)
            found = morris.analyze(problem, x, y, num_levels=MORRIS_LEVELS, seed=0)
            keys = ("mu_star", "mu_star_conf", "sigma")
        else:
            from SALib.analyze import sobol

            found = sobol.analyze(problem, y, calc_second_order=False, seed=0)
            keys = ("S1", "S1_conf", "ST", "ST_conf")
        for k, item in enumerate(inputs):
            out.append({"input": item.name, "measure": name, "low": item.low, "high": item.high,
                        **{key: _finite(found[key][k]) for key in keys}})
    return out


def _finite(value) -> float | None:
    value = float(value)
    return None if math.isnan(value) or math.isinf(value) else value


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value else "0"
    return str(value)


def sensitivity_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(rows[0].keys())
    for row in rows:
        writer.writerow([_cell(v) for v in row.values()])
    return buffer.getvalue()


def extent(row: dict, name: str) -> float:
    """How far the input moves the measure, counting the scenario's own value: the length of its bar."""
    values = (row[f"{name}_base"], row[f"{name}_at_low"], row[f"{name}_at_high"])
    return max(values) - min(values)

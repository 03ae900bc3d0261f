"""What drives the headline outcome: one-at-a-time swings of the scenario's uncertain inputs.

Each input (:func:`sim.analysis.variants.uncertain_inputs`) is pinned at its low and at its
high value (:func:`sim.analysis.sensitivity.oat_scenarios`), everything else as in
the scenario; the swing is the measure (a share of runs, :mod:`sim.analysis.measures`; by default
the same as `sweep`, `sensitivity`, `discover` and `diff`) at the high value minus that at the low. Both variants run the same replications (common random
numbers), so the swing is paired run by run and its interval comes from the same
bootstrap as the comparisons (:func:`sim.analysis.compare.resample_statistics`).
"""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np

from ..scenario import LoadedScenario
from .compare import CONFIDENCE, resample_statistics
from .measures import DEFAULT
from .measures import measure as named
from .sensitivity import oat_scenarios
from .variants import Input, uncertain_inputs

SCREEN_RUNS = 20  # the fewest runs at each value when the inputs are screened first


@dataclass(frozen=True)
class Swing:
    input: Input
    at_low: float  # the measure (a share of runs) with the input at its low value
    at_high: float
    difference: float  # at_high - at_low
    low: float | None  # the difference's interval
    high: float | None
    runs: int = 0  # replications at each value (fewer for an input screened out)

    @property
    def size(self) -> float:
        return abs(self.difference)


def _interval(at_high: np.ndarray, at_low: np.ndarray) -> tuple[float | None, float | None]:
    estimates = resample_statistics([at_high, at_low], "share")
    differences = estimates[0] - estimates[1]
    tail = (1 - CONFIDENCE) / 2 * 100
    low, high = np.percentile(differences, [tail, 100 - tail])
    return float(low), float(high)


def swings(loaded: LoadedScenario, seed: int, runs: int, executor: Executor | None = None,
           workers: int | None = None, budget: int | None = None, measure: str = DEFAULT) -> list[Swing]:
    """The swing of every uncertain input, largest first (``runs`` replications at each value), in a
    measure that is a share of runs (:mod:`sim.analysis.measures`; the commands' default when not given).

    With ``budget`` (runs in all), the inputs are screened first: every input with a few runs at each
    value (half the budget), then the inputs that moved the result most get more runs, up to ``runs``,
    continuing the same replications (the other half). An input screened out keeps its first runs, so
    its interval is wider and says so."""
    from ..execution import many

    inputs = uncertain_inputs(loaded)
    if not inputs or runs < 1:
        return []
    variants = oat_scenarios(loaded, inputs)[1:]  # [0] is the scenario as it is
    has = named(measure).of
    first = runs if budget is None else min(runs, max(SCREEN_RUNS, budget // (4 * len(inputs))))
    completed = np.zeros((len(variants), runs))
    for index, record in many(variants, seed, first, executor=executor, workers=workers):
        completed[index, record.replication] = has(record)
    counts = [first] * len(inputs)
    if first < runs:
        moved = np.abs(completed[1::2, :first].mean(axis=1) - completed[0::2, :first].mean(axis=1))
        room = max(0, budget - first * len(variants)) // (2 * (runs - first))
        chosen = sorted(np.argsort(-moved, kind="stable")[:room].tolist())
        more = [variants[i] for k in chosen for i in (2 * k, 2 * k + 1)]
        for index, record in many(more, seed, runs - first, executor=executor, workers=workers, start=first):
            k = chosen[index // 2]
            completed[2 * k + index % 2, record.replication] = has(record)
        for k in chosen:
            counts[k] = runs
    out = []
    for k, item in enumerate(inputs):
        at_low, at_high = completed[2 * k, :counts[k]], completed[2 * k + 1, :counts[k]]
        low, high = _interval(at_high, at_low)
        out.append(Swing(item, float(at_low.mean()), float(at_high.mean()), float(at_high.mean() - at_low.mean()),
                         low, high, counts[k]))
    return sorted(out, key=lambda s: -s.size)

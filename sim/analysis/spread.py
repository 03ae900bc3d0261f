"""How far a scenario's figures move over its assumptions: the range an official must weigh.

The runs of a scenario give each figure with the simulation's precision (its 95% interval
narrows as runs are added). The assumptions a file marks as uncertain (its `uncertain:`
block) move the figures far more, and more runs do not narrow that. Here the scenario is
run over those ranges, laid out as the forecast lays its prior ensemble
(:func:`sim.analysis.forecast.prior_ensemble`: a Latin hypercube, each design point a
variant with its own luck), and each figure is computed at each point.

A point's figure from a few runs carries the runs' own noise as well as the assumptions'
effect. For a share or a mean, that noise is removed (a one-way analysis of variance: the
spread between points less what the runs within a point would give alone), shrinking each
point's figure towards the ensemble's by the share of their spread that is real; the range
is where the middle 80% of the points' figures then fall. A median day has no such simple
correction: its range is the points' own, a little wider than the assumptions alone make it.
"""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np

from ..scenario import LoadedScenario
from .compare import METRICS, Metric, statistic
from .forecast import prior_ensemble
from .variants import uncertain_inputs

POINTS = 20  # design points over the uncertain ranges
RANGE = (10, 90)  # the middle 80% of the points
FEWEST_PER_POINT = 10


@dataclass(frozen=True)
class Spread:
    """A scenario's figures over its assumptions: each metric's (low, high) over the design points."""

    inputs: int  # uncertain figures varied (0: the file fixes every figure)
    points: int
    runs_per_point: int
    ranges: dict[str, tuple[float, float]]  # metric key -> the middle 80% of the points' figures

    def range(self, key: str) -> tuple[float, float] | None:
        return self.ranges.get(key)

    @property
    def runs(self) -> int:
        return self.points * self.runs_per_point


def per_point(runs: int) -> int:
    """Runs at each design point for a pack of ``runs`` runs a scenario: a twentieth of them each, so
    that the ensemble costs half the scenario's own runs."""
    return max(FEWEST_PER_POINT, runs // (2 * POINTS))


def point_figure(metric: Metric, values: np.ndarray) -> float:
    """A metric's figure over one point's runs (``values``: one a run, as :meth:`Metric.values`)."""
    return float(statistic(metric.kind, values))


def metric_range(metric: Metric, matrix: np.ndarray) -> tuple[float, float] | None:
    """The middle 80% of the design points' figures (rows of ``matrix``: a point's runs), the runs' own
    noise removed for a share or a mean; for a day, None where most points never get there (the high end
    is infinite where some do not)."""
    figures = np.array([point_figure(metric, row) for row in matrix])
    if metric.kind == "day":  # infinite: half the point's runs or more never get there
        low, high = np.percentile(figures, RANGE, method="inverted_cdf")
        return (float(low), float(high)) if np.isfinite(low) else None
    centre = figures.mean()
    between = figures.var(ddof=1) if len(figures) > 1 else 0.0
    within = float(np.nanmean(matrix.var(axis=1, ddof=1))) / matrix.shape[1] if matrix.shape[1] > 1 else 0.0
    real = max(0.0, between - within)
    shrink = np.sqrt(real / between) if between > 0 else 0.0
    low, high = np.percentile(centre + shrink * (figures - centre), RANGE)
    return float(low), float(high)


def spread(loaded: LoadedScenario, seed: int, runs: int, keys: list[str], executor: Executor | None = None,
           workers: int | None = None) -> Spread:
    """The range of each metric in ``keys`` over the scenario's `uncertain:` ranges (``runs``: the pack's
    runs a scenario, which sets the runs at each point)."""
    from ..execution import many

    inputs = uncertain_inputs(loaded)
    if not inputs:
        return Spread(0, 0, 0, {})
    count = per_point(runs)
    variants, seeds, _ = prior_ensemble(loaded, inputs, POINTS, count, seed)
    records: list[list] = [[] for _ in variants]
    for index, record in many(variants, seeds, count, executor=executor, workers=workers):
        records[index].append(record)
    metrics = [m for m in METRICS if m.key in keys]
    ranges = {}
    for metric in metrics:
        matrix = np.array([metric.values(SimpleNamespace(records=point)) for point in records])
        found = metric_range(metric, matrix)
        if found is not None:
            ranges[metric.key] = found
    return Spread(len(inputs), len(variants), count, ranges)

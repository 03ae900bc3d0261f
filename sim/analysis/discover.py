"""Scenario discovery: which combinations of assumptions lead to an outcome, told as boxes.

An ensemble samples the uncertain inputs (a Latin hypercube over their ranges, seeded); each
design point runs its own replications (its own luck: chance is then part of what the resamples
below see, not an error shared by every point). A run "has the outcome" when its measure
(:mod:`sim.analysis.measures`, a share: the default is collapse during the first phase, as for
``sensitivity``) is 1. A classification tree (scikit-learn's CART: BSD
licensed, wheels for every platform, deterministic for a fixed ``random_state``) splits the input
space; each leaf is a box of conditions on the inputs. A box is reported with its *density* (the
share of the runs inside it that have the outcome) and its *coverage* (the share of all runs with
the outcome that fall inside it), each with a 95% interval, as in the scenario discovery of
Bryant and Lempert (2010).

The tree is fitted on the design points, each counted twice with weights: once as "has the
outcome" weighted by its runs that have it, once as "has not" by those that have not; so it sees
every run without holding them.

How stable the boxes are is measured, not promised: the tree is fitted again on bootstrap resamples
of the design points, and each box is reported with how often a box on the same inputs, in the
same directions, comes back (its *recurrence*). A box that recurs in few resamples is an accident
of the sample, and the sentences say so.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ..engine import Record
from ..escape import csv_writer
from .measures import Measure
from .variants import Input

Z95 = 1.959963984540054
MIN_LEAF_SHARE = 0.05  # a box holds at least this share of the design points: no box around a few odd points
MAX_BOXES = 3
MIN_GAIN = 1e-3  # a split must separate the outcome by this much: no cutting a box where it is the same on both sides
RESAMPLES = 50  # bootstrap fits behind each box's recurrence
STABLE = 0.8  # a box that recurs in at least this share of the resamples is stable
DISCOVER_STAGE = 3  # the luck of discover's design points, apart from sensitivity's


class NeedsScikitLearn(Exception):
    pass


def sklearn():
    try:
        import sklearn  # noqa: F401
    except ImportError:
        raise NeedsScikitLearn("discover needs scikit-learn: pip install 'ceasefire-sim[discover]'") from None


def ensemble(count: int, samples: int, seed: int) -> np.ndarray:
    """``samples`` points in the unit cube over ``count`` inputs: a Latin hypercube, the same for a seed."""
    from scipy.stats import qmc

    return qmc.LatinHypercube(d=count, seed=np.random.default_rng(seed)).random(samples)


def outcome_counts(records: Iterable[tuple[int, Record]], points: int, outcome: Measure) -> np.ndarray:
    """For each design point, (runs, runs with the outcome)."""
    counts = np.zeros((points, 2), dtype=np.int64)
    for i, record in records:
        counts[i, 0] += 1
        counts[i, 1] += bool(outcome.of(record))
    return counts


@dataclass(frozen=True)
class Condition:
    input: Input
    low: float | None  # None: no lower limit inside the range
    high: float | None
    raises: bool = True  # inside the box, this condition makes the outcome more common (else: "even when")

    def words(self) -> str:
        def value(v: float) -> str:
            return f"{v:.3g}"

        label = self.input.label
        if self.low is not None and self.high is not None:
            return f"{label} is between {value(self.low)} and {value(self.high)}"
        if self.low is not None:
            return f"{label} is above {value(self.low)}"
        return f"{label} is below {value(self.high)}"

    @property
    def direction(self) -> str:
        return "between" if self.low is not None and self.high is not None else "above" if self.low is not None \
            else "below"

    def holds(self, values: np.ndarray) -> np.ndarray:
        """Which of these values of the input meet the condition."""
        inside = np.ones(len(values), dtype=bool)
        if self.low is not None:
            inside &= values > self.low
        if self.high is not None:
            inside &= values <= self.high
        return inside


@dataclass(frozen=True)
class Box:
    conditions: tuple[Condition, ...]
    runs: int
    hits: int  # runs inside with the outcome
    total_hits: int
    points: int
    recurrence: float | None = None  # share of bootstrap fits with a box on the same inputs, same directions

    @property
    def signature(self) -> tuple:
        return tuple(sorted((c.input.name, c.direction) for c in self.conditions))

    @property
    def stable(self) -> bool:
        return self.recurrence is not None and self.recurrence >= STABLE

    @property
    def density(self) -> float:
        return self.hits / self.runs

    @property
    def coverage(self) -> float:
        return self.hits / self.total_hits

    @property
    def density_interval(self) -> tuple[float, float]:
        return wilson(self.hits, self.runs)

    @property
    def coverage_interval(self) -> tuple[float, float]:
        return wilson(self.hits, self.total_hits)


def wilson(hits: int, n: int) -> tuple[float, float]:
    """The Wilson 95% interval of a share (it stays inside 0 to 1 and works near 0 and 1)."""
    if n == 0:
        return 0.0, 1.0
    p = hits / n
    centre = (p + Z95 ** 2 / (2 * n)) / (1 + Z95 ** 2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95 ** 2 / (4 * n * n)) / (1 + Z95 ** 2 / n)
    return (0.0 if hits == 0 else max(0.0, centre - half)), (1.0 if hits == n else min(1.0, centre + half))


def _fit(values: np.ndarray, counts: np.ndarray, depth: int, seed: int):
    from sklearn.tree import DecisionTreeClassifier

    runs, hits = counts[:, 0], counts[:, 1]
    x = np.vstack([values, values])
    y = np.concatenate([np.ones(len(values)), np.zeros(len(values))])
    weight = np.concatenate([hits, runs - hits]).astype(float)
    tree = DecisionTreeClassifier(max_depth=depth, min_weight_fraction_leaf=MIN_LEAF_SHARE,
                                  min_impurity_decrease=MIN_GAIN, random_state=seed)
    return tree.fit(x, y, sample_weight=weight)


def _leaves(inputs: list[Input], values: np.ndarray, counts: np.ndarray, depth: int, seed: int) -> list[Box]:
    """The tree's leaves where the outcome is more common than overall, densest first by the low end
    of their density's interval (at most MAX_BOXES)."""
    tree = _fit(values, counts, depth, seed)
    leaf_of = tree.apply(values)
    runs, hits = counts[:, 0], counts[:, 1]
    total_hits, overall = int(hits.sum()), hits.sum() / max(runs.sum(), 1)
    found = []
    for leaf in np.unique(leaf_of):
        inside = leaf_of == leaf
        box_runs, box_hits = int(runs[inside].sum()), int(hits[inside].sum())
        if box_runs == 0 or box_hits / box_runs <= overall:
            continue
        conditions = _conditions(tree, leaf, inputs)
        conditions = tuple(Condition(c.input, c.low, c.high, _raises(c, conditions, inputs, values, counts, box_hits / box_runs))
                           for c in conditions)
        found.append(Box(conditions, box_runs, box_hits, total_hits, int(inside.sum())))
    found.sort(key=lambda b: -b.density_interval[0])  # densest as far as its runs show: a tiny box ranks lower
    return found[:MAX_BOXES]


def _raises(condition: Condition, conditions: tuple[Condition, ...], inputs: list[Input], values: np.ndarray,
            counts: np.ndarray, density: float) -> bool:
    """Does the condition make the outcome more common inside the box (dropping it would lower the box's
    density)? A condition that does not is one the outcome happens *despite* ("even when")."""
    inside = np.ones(len(values), dtype=bool)
    for other in conditions:
        if other is not condition:
            inside &= other.holds(values[:, inputs.index(other.input)])
    runs, hits = counts[inside, 0].sum(), counts[inside, 1].sum()
    return bool(runs == 0 or hits / runs <= density)


def boxes(inputs: list[Input], points: np.ndarray, counts: np.ndarray, depth: int, seed: int,
          resamples: int = RESAMPLES) -> list[Box]:
    """The boxes of conditions, in the inputs' own units, where the outcome is most common (at most
    MAX_BOXES), each with its recurrence over ``resamples`` bootstrap fits of the design points."""
    values = np.array([[item.value(share) for item, share in zip(inputs, row)] for row in points])
    found = _leaves(inputs, values, counts, depth, seed)
    if not resamples:
        return found
    rng = np.random.default_rng([seed % 2**63, DISCOVER_STAGE])
    seen: dict[tuple, int] = {}
    for _ in range(resamples):
        picks = rng.integers(0, len(values), len(values))
        if not counts[picks, 1].any():
            continue
        for signature in {box.signature for box in _leaves(inputs, values[picks], counts[picks], depth, seed)}:
            seen[signature] = seen.get(signature, 0) + 1
    return [Box(b.conditions, b.runs, b.hits, b.total_hits, b.points, seen.get(b.signature, 0) / resamples)
            for b in found]


def _conditions(tree, leaf: int, inputs: list[Input]) -> tuple[Condition, ...]:
    """The limits on each input along the path from the tree's root to ``leaf``."""
    structure = tree.tree_
    parent: dict[int, tuple[int, bool]] = {}
    for node in range(structure.node_count):
        if structure.children_left[node] >= 0:
            parent[structure.children_left[node]] = (node, True)
            parent[structure.children_right[node]] = (node, False)
    low: dict[int, float] = {}
    high: dict[int, float] = {}
    node = leaf
    while node in parent:
        node, went_left = parent[node]
        feature, threshold = int(structure.feature[node]), float(structure.threshold[node])
        if went_left:  # x <= threshold
            high[feature] = min(high.get(feature, math.inf), threshold)
        else:
            low[feature] = max(low.get(feature, -math.inf), threshold)
    return tuple(Condition(inputs[k], low.get(k), high.get(k)) for k in sorted(set(low) | set(high)))


def sentence(box: Box, outcome: Measure, overall: float | None = None) -> str:
    """As an analyst would say it: "When the tension at which the ceasefire breaks is below 6.67 and ..., the
    share of runs that collapse during the first phase is 88% (86% to 89%), against 62% overall; these runs
    hold 34% (33% to 35%) of all such runs. The box recurs in 46 of 50 resamples." A condition the outcome
    happens despite is said with "even when"."""
    d_low, d_high = box.density_interval
    c_low, c_high = box.coverage_interval
    raising = [c.words() for c in box.conditions if c.raises]
    despite = [c.words() for c in box.conditions if not c.raises]
    when = " and ".join(raising) or "anywhere in the ranges"
    said = f"When {when}" + (f", even when {' and '.join(despite)}" if despite else "")
    against = f", against {overall:.0%} overall" if overall is not None else ""
    text = (f"{said}, the {outcome.label} is {box.density:.0%} ({d_low:.0%} to {d_high:.0%}){against}; these runs "
            f"hold {box.coverage:.0%} ({c_low:.0%} to {c_high:.0%}) of all runs with the outcome.")
    if box.recurrence is not None:
        count = round(box.recurrence * RESAMPLES)
        text += (f" The box recurs in {count} of {RESAMPLES} resamples of the design points" +
                 ("." if box.stable else ": read it as a hint, not a finding."))
    return text


def overall_sentence(counts: np.ndarray, outcome: Measure, inputs: list[Input]) -> str:
    runs, hits = int(counts[:, 0].sum()), int(counts[:, 1].sum())
    low, high = wilson(hits, runs)
    return (f"Across the ranges of {len(inputs)} assumptions, the {outcome.label} is {hits / runs:.0%} "
            f"({low:.0%} to {high:.0%}), over {runs:,} runs.")


def discover_csv(found: list[Box]) -> str:
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(["box", "input", "label", "above", "below", "raises_outcome", "density", "density_low",
                     "density_high", "coverage", "coverage_low", "coverage_high", "recurrence", "runs", "design_points"])
    for rank, box in enumerate(found, 1):
        stats = [f"{v:.4f}" for v in (box.density, *box.density_interval, box.coverage, *box.coverage_interval,
                                       box.recurrence or 0.0)]
        for condition in box.conditions:
            writer.writerow([rank, condition.input.name, condition.input.label,
                             "" if condition.low is None else f"{condition.low:.6g}",
                             "" if condition.high is None else f"{condition.high:.6g}",
                             "yes" if condition.raises else "no", *stats, box.runs, box.points])
    return buffer.getvalue()


def discover_json(found: list[Box], outcome: Measure, overall: float) -> list[dict]:
    return [{"sentence": sentence(box, outcome, overall), "density": round(box.density, 6),
             "density_ci": [round(v, 6) for v in box.density_interval], "coverage": round(box.coverage, 6),
             "coverage_ci": [round(v, 6) for v in box.coverage_interval], "runs": box.runs,
             "design_points": box.points, "recurrence": box.recurrence, "stable": box.stable,
             "conditions": [{"input": c.input.name, "label": c.input.label, "above": c.low, "below": c.high,
                             "raises_outcome": c.raises}
                            for c in box.conditions]} for box in found]

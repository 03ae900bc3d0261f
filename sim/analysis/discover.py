"""Scenario discovery: which combinations of assumptions lead to an outcome, told as boxes.

An ensemble samples the uncertain inputs (a Latin hypercube over their ranges, seeded); each
design point runs the same replications (common random numbers). A run "has the outcome" when it
enters the named state (e.g. ``collapsed``). A classification tree (scikit-learn's CART: BSD
licensed, wheels for every platform, deterministic for a fixed ``random_state``) splits the input
space; each leaf is a box of conditions on the inputs. A box is reported with its *density* (the
share of the runs inside it that have the outcome) and its *coverage* (the share of all runs with
the outcome that fall inside it), each with a 95% interval, as in the scenario discovery of
Bryant and Lempert (2010).

The tree is fitted on the design points, each counted twice with weights: once as "has the
outcome" weighted by its runs that have it, once as "has not" by those that have not; so it sees
every run without holding them.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ..engine import Record
from ..escape import csv_writer
from ..machine import LABELS
from .variants import Input

Z95 = 1.959963984540054
MIN_LEAF_SHARE = 0.05  # a box holds at least this share of the design points: no box around a few odd points
MAX_BOXES = 3
MIN_GAIN = 1e-3  # a split must separate the outcome by this much: no cutting a box where it is the same on both sides


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


def outcome_counts(records: Iterable[tuple[int, Record]], points: int, state: str) -> np.ndarray:
    """For each design point, (runs, runs that entered ``state``)."""
    counts = np.zeros((points, 2), dtype=np.int64)
    for i, record in records:
        counts[i, 0] += 1
        counts[i, 1] += state in record.entered
    return counts


@dataclass(frozen=True)
class Condition:
    input: Input
    low: float | None  # None: no lower limit inside the range
    high: float | None

    def words(self) -> str:
        def value(v: float) -> str:
            return f"{v:.3g}"

        if self.low is not None and self.high is not None:
            return f"{self.input.label} is between {value(self.low)} and {value(self.high)}"
        if self.low is not None:
            return f"{self.input.label} is above {value(self.low)}"
        return f"{self.input.label} is below {value(self.high)}"


@dataclass(frozen=True)
class Box:
    conditions: tuple[Condition, ...]
    runs: int
    hits: int  # runs inside with the outcome
    total_hits: int
    points: int

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


def boxes(inputs: list[Input], points: np.ndarray, counts: np.ndarray, depth: int, seed: int) -> list[Box]:
    """The tree's leaves where the outcome is more common than overall, densest first by the low end
    of their density's interval (at most MAX_BOXES), each as conditions in the inputs' own units."""
    from sklearn.tree import DecisionTreeClassifier

    values = np.array([[item.value(share) for item, share in zip(inputs, row)] for row in points])
    runs, hits = counts[:, 0], counts[:, 1]
    x = np.vstack([values, values])
    y = np.concatenate([np.ones(len(values)), np.zeros(len(values))])
    weight = np.concatenate([hits, runs - hits]).astype(float)
    tree = DecisionTreeClassifier(max_depth=depth, min_weight_fraction_leaf=MIN_LEAF_SHARE,
                                  min_impurity_decrease=MIN_GAIN, random_state=seed)
    tree.fit(x, y, sample_weight=weight)
    leaf_of = tree.apply(values)
    total_hits, overall = int(hits.sum()), hits.sum() / max(runs.sum(), 1)
    found = []
    for leaf in np.unique(leaf_of):
        inside = leaf_of == leaf
        box_runs, box_hits = int(runs[inside].sum()), int(hits[inside].sum())
        if box_runs == 0 or box_hits / box_runs <= overall:
            continue
        found.append(Box(_conditions(tree, leaf, inputs), box_runs, box_hits, total_hits, int(inside.sum())))
    found.sort(key=lambda b: -b.density_interval[0])  # densest as far as its runs show: a tiny box ranks lower
    return found[:MAX_BOXES]


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


OUTCOME_WORDS = {"collapsed": "the ceasefire collapses", "rejected": "the proposal is rejected",
                 "completed": "all three phases are completed"}


def outcome_words(state: str) -> str:
    """What a run with the outcome did, in words: "the ceasefire collapses", "phase two is reached"."""
    return OUTCOME_WORDS.get(state, f"{LABELS[state].lower()} is reached")


def sentence(box: Box, state: str) -> str:
    """E.g. "The ceasefire collapses in 81% (76% to 85%) of runs where ...; these runs hold 64% (60% to 68%)
    of all such runs"."""
    what = outcome_words(state)
    d_low, d_high = box.density_interval
    c_low, c_high = box.coverage_interval
    where = " and ".join(c.words() for c in box.conditions) or "anywhere"
    return (f"{what[0].upper() + what[1:]} in {box.density:.0%} ({d_low:.0%} to {d_high:.0%}) of runs where {where}; "
            f"these runs hold {box.coverage:.0%} ({c_low:.0%} to {c_high:.0%}) of all such runs.")


def overall_sentence(counts: np.ndarray, state: str, inputs: list[Input]) -> str:
    runs, hits = int(counts[:, 0].sum()), int(counts[:, 1].sum())
    low, high = wilson(hits, runs)
    what = outcome_words(state)
    return (f"Across the ranges of {len(inputs)} assumptions, {what} in {hits / runs:.0%} ({low:.0%} to {high:.0%}) "
            f"of {runs:,} runs.")


def discover_csv(found: list[Box]) -> str:
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(["box", "input", "label", "above", "below", "density", "density_low", "density_high",
                     "coverage", "coverage_low", "coverage_high", "runs", "design_points"])
    for rank, box in enumerate(found, 1):
        stats = [f"{v:.4f}" for v in (box.density, *box.density_interval, box.coverage, *box.coverage_interval)]
        for condition in box.conditions:
            writer.writerow([rank, condition.input.name, condition.input.label,
                             "" if condition.low is None else f"{condition.low:.6g}",
                             "" if condition.high is None else f"{condition.high:.6g}", *stats, box.runs, box.points])
    return buffer.getvalue()


def discover_json(found: list[Box], state: str) -> list[dict]:
    return [{"sentence": sentence(box, state), "density": round(box.density, 6),
             "density_ci": [round(v, 6) for v in box.density_interval], "coverage": round(box.coverage, 6),
             "coverage_ci": [round(v, 6) for v in box.coverage_interval], "runs": box.runs,
             "design_points": box.points,
             "conditions": [{"input": c.input.name, "label": c.input.label, "above": c.low, "below": c.high}
                            for c in box.conditions]} for box in found]

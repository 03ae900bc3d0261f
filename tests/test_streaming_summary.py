"""Running aggregates: exact on small inputs, bounded on large ones, whatever the order."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.engine import Engine
from sim.machine import machine_of
from sim.results import TOTALS, Aggregate
from sim.results.summary import Sketch

values = st.lists(st.one_of(st.integers(0, 60).map(float), st.floats(0, 400, allow_nan=False)),
                  min_size=1, max_size=300)


def sketch_of(xs):
    sketch = Sketch()
    for x in xs:
        sketch.add(x)
    return sketch


@settings(max_examples=200, deadline=None)
@given(values)
def test_small_inputs_give_numpys_exact_statistics(xs):
    sketch = sketch_of(xs)
    assert sketch.exact and sketch.count == len(xs)
    assert sketch.median() == pytest.approx(float(np.median(xs)), rel=1e-12, abs=1e-12)
    assert sketch.percentiles([10, 90]) == pytest.approx(list(np.percentile(xs, [10, 90])), rel=1e-12, abs=1e-12)
    assert sketch.mean() == pytest.approx(float(np.mean(xs)), rel=1e-9)


def test_many_distinct_values_stay_bounded_and_close():
    rng = random.Random(4)
    xs = [rng.lognormvariate(4, 0.6) for _ in range(60_000)]
    sketch = sketch_of(xs)
    assert not sketch.exact and len(sketch.bins) <= Sketch.LIMIT
    assert abs(sketch.median() - np.median(xs)) <= sketch.width
    for got, want in zip(sketch.percentiles([10, 90]), np.percentile(xs, [10, 90])):
        assert abs(got - want) <= sketch.width
    assert sketch.mean() == pytest.approx(np.mean(xs), rel=1e-9)


def test_the_order_of_values_does_not_matter():
    rng = random.Random(5)
    xs = [rng.uniform(0, 300) for _ in range(9_000)]
    shuffled = xs[:]
    rng.shuffle(shuffled)
    a, b = sketch_of(xs), sketch_of(shuffled)
    assert a.width == b.width and not a.exact
    assert {k: n for k, (n, _) in a.bins.items()} == {k: n for k, (n, _) in b.bins.items()}
    assert a.median() == pytest.approx(b.median(), rel=1e-12)


def test_whole_numbers_stay_exact_among_binned_values():
    """Many zeros among many distinct values: whole numbers are counted exactly, so the 10th percentile is 0."""
    xs = [0.0] * 5000 + [0.1 + i * 7.3 for i in range(5000)]
    sketch = sketch_of(xs)
    assert not sketch.exact
    assert sketch.percentiles([10])[0] == 0.0


def test_the_summary_equals_statistics_of_all_records(proposal):
    engine = Engine(proposal.scenario)
    records = [engine.replicate(9, k) for k in range(300)]
    aggregate = Aggregate()
    for record in records:
        aggregate.add(record)
    summary = aggregate.summary(proposal, 9)
    assert list(summary["states"]) == list(machine_of(proposal.scenario).state_names)
    for state in summary["states"]:
        days = [r.entered[state] for r in records if state in r.entered]
        assert summary["reached"][state] == len(days)
        want = None if not days else round(float(np.median(days)), 3)
        assert summary["median_day_entered"][state] == want
    for name in TOTALS:
        xs = [getattr(r, name) for r in records]
        p10, median, p90 = np.percentile(xs, [10, 50, 90])
        assert summary["totals"][name] == {"mean": round(float(np.mean(xs)), 3), "p10": round(float(p10), 3),
                                           "median": round(float(median), 3), "p90": round(float(p90), 3)}

"""Variants built in code: values at dotted paths, and inputs pinned without shifting other draws."""

from __future__ import annotations

import numpy as np
import pytest

from sim.analysis.variants import VariantError, parse_path, pinned, uncertain_inputs, variant, with_values
from sim.scenario.distributions import draw, parse_quantity


@pytest.mark.parametrize("written, value", [
    ({"uniform": [1, 14]}, 3.0),
    ({"triangular": [3, 10, 45]}, 44.0),
    ({"lognormal": {"median": 40, "sigma": 0.5}}, 21.0),
    ({"normal": {"mean": 5, "sd": 1}}, 6.5),
    ({"choice": [20, 30, 40]}, 40.0),
])
def test_a_pinned_input_gives_its_value_and_draws_the_same_random_numbers(written, value):
    original, fixed = parse_quantity(written, 0, 1000), parse_quantity(pinned(written, value), 0, 1000)
    for seed in range(50):
        a, b = np.random.default_rng(seed), np.random.default_rng(seed)
        draw(original, a)
        assert draw(fixed, b) == pytest.approx(value, rel=1e-12)
        assert a.random() == b.random()  # the next draw is the same


def test_paths_as_written_in_error_messages():
    assert parse_path("acceptance.parties[1].day") == ("acceptance", "parties", 1, "day")
    assert parse_path("acceptance.parties.1.day") == ("acceptance", "parties", 1, "day")
    with pytest.raises(VariantError):
        parse_path("talks..x")


def test_a_value_is_set_on_a_copy(proposal):
    changed = with_values(proposal.data, {("talks", "duration_days"): 10})
    assert changed["talks"]["duration_days"] == 10
    assert proposal.data["talks"]["duration_days"] == {"lognormal": {"median": 40, "sigma": 0.5}}
    assert variant(proposal, {("talks", "duration_days"): 10}).talks.duration_days == 10.0


def test_the_proposals_uncertain_inputs_and_their_ranges(proposal):
    inputs = {i.name: (i.low, i.high, i.how) for i in uncertain_inputs(proposal)}
    assert inputs["acceptance.parties[0].day"] == (1, 14, "bounds")
    assert inputs["acceptance.parties[1].day"] == (3, 45, "bounds")
    low, high, how = inputs["talks.duration_days"]
    assert (low, high) == pytest.approx((40 * np.exp(-1.2815515655 * 0.5), 40 * np.exp(1.2815515655 * 0.5)),
                                        abs=1e-5)
    assert how == "10th and 90th percentiles"
    assert len(inputs) == 10

"""Variants built in code: values at dotted paths, and inputs pinned without shifting other draws."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from sim.analysis.variants import VariantError, parse_path, uncertain_inputs, variant, with_values
from sim.scenario.distributions import draw, parse_quantity, pinned


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


def every_path(data, head=()):
    """Every key path of plain YAML data, containers included."""
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        yield (*head, key)
        yield from every_path(value, (*head, key))


def test_setting_any_key_changes_only_that_key_of_the_copy(proposal):
    """Only the containers on the way are copied: the original stays as it was, and the copy
    differs from it at the changed key alone, for every key of the shipped scenario."""
    before = copy.deepcopy(proposal.data)
    for path in every_path(proposal.data):
        changed = with_values(proposal.data, {path: "set"})
        expected = copy.deepcopy(before)
        node = expected
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = "set"
        assert changed == expected, path
        assert proposal.data == before, path
    fresh = with_values(proposal.data, {("talks", "new_block", "value"): 1})  # mappings made on the way
    assert fresh["talks"]["new_block"] == {"value": 1} and "new_block" not in proposal.data["talks"]


def test_the_uncertain_block_names_each_input_its_range_and_its_own_value(proposal):
    inputs = {i.name: i for i in uncertain_inputs(proposal)}
    hazard = inputs["talks.breakdown_hazard_per_day"]
    assert (hazard.low, hazard.high, hazard.own) == (0.003, 0.03, 0.01)
    assert hazard.label == "daily chance that talks break down"
    assert hazard.value(0.5) == pytest.approx(0.0165)
    batches = inputs["phases.phase_one.exchanges.batches"]  # a whole-number key: values are rounded
    assert batches.value(0.3) == 6.0 and batches.setting(6.0) == 6
    median = inputs["talks.duration_days.lognormal.median"]  # inside a distribution: the parameter moves
    assert variant(proposal, {median.path: median.setting(60)}).talks.duration_days.median == 60


def test_a_key_holding_a_distribution_is_pinned_without_shifting_other_draws(proposal):
    inputs = uncertain_inputs(proposal, ["talks.duration_days=20:80"])
    talks = next(i for i in inputs if i.name == "talks.duration_days")
    assert talks.own is None and talks.setting(30) == {"lognormal": {"median": 30, "sigma": 0}}


def test_vary_adds_or_replaces_an_input(proposal):
    before = {i.name: i for i in uncertain_inputs(proposal)}
    after = {i.name: i for i in uncertain_inputs(proposal, ["incidents.breaking_point=5:7", "talks.start_day=7:28"])}
    assert (after["incidents.breaking_point"].low, after["incidents.breaking_point"].high) == (5, 7)
    assert list(after)[-1] == "talks.start_day" and len(after) == len(before) + 1


@pytest.mark.parametrize("spec, message", [
    ("talks.start_day", "--vary talks.start_day: write PATH=LOW:HIGH"),
    ("talks.start_day=9:3", "--vary talks.start_day=9:3: the range must go from a lower to a higher value, not 9 to 3"),
    ("talks.start_dya=1:3", "--vary talks.start_dya=1:3: talks has no key 'start_dya'; did you mean 'start_day'?"),
    ("talks.breakdown_hazard_per_day=0.5:2", "--vary talks.breakdown_hazard_per_day=0.5:2: at 2: the value must be "
                                             "between 0 and 1, not 2"),
    ("incidents.severity=1:2", "--vary incidents.severity=1:2: drawn afresh for each incident"),
])
def test_a_bad_vary_says_what_is_wrong(proposal, spec, message):
    with pytest.raises(VariantError) as caught:
        uncertain_inputs(proposal, [spec])
    assert str(caught.value).startswith(message)

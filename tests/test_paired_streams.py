"""Random numbers stay paired: a variant that changes one assumption leaves unrelated draws as they were.

Each draw site has its own stream, keyed by (process, phase, purpose), and
draws whose use depends on a parameter are made whatever its value.
"""

from __future__ import annotations

import copy

import pytest

from sim.engine import Engine
from sim.scenario import Scenario

RUNS = 150


@pytest.fixture(scope="module")
def data(proposal):
    return proposal.data


def variant(data: dict, change) -> Engine:
    changed = copy.deepcopy(data)
    change(changed)
    return Engine(Scenario.model_validate(changed))


def releases_before_phase_three(record):
    end = record.entered.get("phase_three", float("inf"))
    return [r for r in record.releases if r[0] < end]


def test_the_withdrawals_dispute_chance_or_the_withdrawal_itself_moves_no_release(data):
    base = Engine(Scenario.model_validate(data))

    def no_dispute(d):
        d["phases"]["phase_one"]["withdrawal"]["dispute"]["probability"] = 0

    def no_withdrawal(d):
        del d["phases"]["phase_one"]["withdrawal"]

    variants = [variant(data, no_dispute), variant(data, no_withdrawal)]
    accepted = 0
    for k in range(RUNS):
        record = base.replicate(3, k)
        accepted += "phase_one" in record.entered
        for other in variants:
            assert releases_before_phase_three(other.replicate(3, k)) == releases_before_phase_three(record)
    assert accepted > RUNS // 3


def breakdown_day(record):
    return next((e["day"] for e in record.events if e["kind"] == "talks_broken_down"), None)


def test_a_fixed_talks_duration_leaves_the_breakdown_day_unchanged(data):
    base = Engine(Scenario.model_validate(data))

    def fixed(d):
        d["talks"]["duration_days"] = 1000  # long enough that every breakdown comes first

    other = variant(data, fixed)
    compared = 0
    for k in range(RUNS):
        a, b = base.replicate(3, k, keep_events=True), other.replicate(3, k, keep_events=True)
        if breakdown_day(a) is not None:
            assert breakdown_day(b) == breakdown_day(a)
            compared += 1
    assert compared > 5


def test_a_changed_incident_rate_in_one_state_moves_no_incident_before_it(data):
    base = Engine(Scenario.model_validate(data))

    def calmer_phase_three(d):
        d["incidents"]["rate_per_day"]["phase_three"] = 0

    other = variant(data, calmer_phase_three)
    for k in range(RUNS):
        a, b = base.replicate(3, k, keep_events=True), other.replicate(3, k, keep_events=True)
        end = a.entered.get("phase_three", float("inf"))
        days = [[e["day"] for e in r.events if e["kind"] == "incident" and e["day"] < end] for r in (a, b)]
        assert days[0] == days[1]

"""Properties of the engine that hold for any valid scenario (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim import machine
from sim.engine import Engine

from .builders import scenario

ALLOWED = {(t.source, t.dest) for t in machine.TRANSITIONS}

probability = st.floats(0, 1)
days = st.floats(0, 120)


@st.composite
def scenarios(draw):
    return scenario(
        horizon_days=draw(st.integers(1, 500)),
        hostages={"living": {"women": draw(st.integers(0, 20)), "men": draw(st.integers(0, 20))},
                  "remains": draw(st.integers(0, 10))},
        acceptance={"deadline_days": draw(days), "parties": [
            {"name": "A", "accepts": draw(probability), "day": draw(days)},
            {"name": "B", "accepts": draw(probability), "day": {"uniform": [0, draw(days)]}}]},
        talks={"start_day": draw(st.one_of(st.none(), days)),
               "duration_days": {"lognormal": {"median": draw(st.floats(1, 200)), "sigma": draw(st.floats(0, 1))}},
               "breakdown_hazard_per_day": draw(st.floats(0, 0.2)),
               "max_extension_days": draw(st.one_of(st.none(), days))},
        incidents={"rate_per_day": {s: draw(st.floats(0, 1)) for s in machine.CEASEFIRE_STATES},
                   "severity": {"lognormal": {"median": 1, "sigma": draw(st.floats(0, 1.5))}},
                   "tension_decay_per_day": draw(probability), "breaking_point": draw(st.floats(0.5, 20))},
        phases={"phase_one": {"duration_days": draw(days), "exchanges": {
                    "dispute": {"probability": draw(probability), "delay_days": draw(st.floats(0, 30))}}},
                "phase_two": {"duration_days": draw(days)}, "phase_three": {"duration_days": draw(days)}},
        events=draw(st.lists(st.fixed_dictionaries({
            "kind": st.sampled_from(["halt_aid", "resume_aid", "break_off_talks", "conclude_talks",
                                     "resume_hostilities", "withdraw"]),
            "day": days}), max_size=4)),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.integers(0, 2**32), st.integers(0, 1000))
def test_any_run_is_a_valid_path_with_consistent_stocks(scn, seed, k):
    engine = Engine(scn)
    record = engine.replicate(seed, k, keep_events=True)
    steps = [t[1:3] for t in record.transitions]
    assert all(step in ALLOWED for step in steps)
    assert [s for s, _ in steps] == ["proposed", *(d for _, d in steps)][:len(steps)]
    days = [t[0] for t in record.transitions]
    assert days == sorted(days) and record.end_day <= scn.horizon_days
    assert (record.final_state in machine.TERMINAL_STATES) or record.end_day == scn.horizon_days
    assert 0 <= record.hostages_released <= record.hostages_at_start
    assert 0 <= record.remains_returned <= record.remains_at_start
    assert all(r[0] <= record.end_day for r in record.releases)
    start = record.entered.get("phase_one")
    for a, b in record.aid_intervals:
        assert start is not None and start <= a < b <= record.end_day
    again = engine.replicate(seed, k)
    assert (again.final_state, again.entered, again.releases, again.aid_intervals) == \
           (record.final_state, record.entered, record.releases, record.aid_intervals)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32))
def test_rejected_runs_release_no_one_and_deliver_no_aid(seed):
    record = Engine(scenario(acceptance={"parties": [{"name": "A", "accepts": 0}]})).replicate(seed, 0)
    assert record.final_state == "rejected"
    assert record.releases == [] and record.aid_trucks == 0

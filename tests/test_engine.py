"""Each guard, each transition and each scripted event kind, on small scenarios with known answers.

The base scenario (tests/builders.py): both parties accept on day 0; phase one
releases 2 women on days 0 and 7; talks begin on day 16 and need 10 days;
phase two releases both men on its day 5, withdrawal on its day 10; phase
three returns the 2 bodies on its days 1 and 6. No incidents.
"""

from __future__ import annotations

import pytest

from .builders import kinds, path, run


def refusal_guards(record, trigger):
    return [guards for _, _, t, guards in record.refusals if t == trigger]


def test_the_base_case_completes_on_the_expected_days():
    record = run()
    assert path(record) == ["proposed", "phase_one", "phase_two", "phase_three", "completed"]
    assert record.entered == {"proposed": 0, "phase_one": 0, "phase_two": 42, "phase_three": 84, "completed": 126}
    assert [r[0] for r in record.releases] == [0, 7, 47, 85, 90]
    assert (record.hostages_released, record.remains_returned, record.prisoners_released) == (6, 2, 2 * 2 * 30 + 2 * 50)
    assert record.hostages_still_held == 0
    assert record.aid_trucks == pytest.approx(600 * 126)


def test_acceptance_waits_for_the_last_party():
    record = run(acceptance={"parties": [{"name": "A", "day": 3}, {"name": "B", "day": 11}]})
    assert record.entered["phase_one"] == 11
    assert record.transitions[0][3:] == ("both_accept", {"both_parties_accepted": True})


@pytest.mark.parametrize("parties", [
    [{"name": "A", "day": 1}, {"name": "B", "accepts": 0}],  # never accepts
    [{"name": "A", "day": 1}, {"name": "B", "day": 31}],  # too late
])
def test_no_acceptance_by_the_deadline_is_rejection(parties):
    record = run(acceptance={"parties": parties})
    assert path(record) == ["proposed", "rejected"]
    assert record.end_day == 30
    assert record.aid_trucks == 0 and record.releases == []


def test_phase_one_ends_in_extension_while_talks_go_on_then_phase_two_when_they_conclude():
    record = run(talks={"duration_days": 50})
    assert path(record)[:4] == ["proposed", "phase_one", "extension", "phase_two"]
    assert record.entered["extension"] == 42
    assert record.entered["phase_two"] == 66  # day 16 + 50
    _, _, _, trigger, guards = record.transitions[1]
    assert trigger == "phase_one_ends"
    assert guards == {"phase_one_exchanges_complete": True, "talks_concluded": False, "talks_alive": True,
                      "truce_chosen": False}


def test_talks_broken_down_at_the_end_of_phase_one_is_collapse():
    record = run(talks={"duration_days": 50, "breakdown_hazard_per_day": 1})
    assert path(record) == ["proposed", "phase_one", "collapsed"]
    assert record.end_day == 42
    assert record.transitions[-1][4]["talks_alive"] is False


def test_talks_that_never_begin_mean_collapse_at_the_end_of_phase_one():
    record = run(talks={"start_day": None})
    assert path(record) == ["proposed", "phase_one", "collapsed"]
    assert "talks_begin" not in kinds(record)


def test_talks_agreed_but_releases_late_wait_in_extension_for_the_last_release():
    record = run(events=[{"kind": "delay_release", "day": 5, "days": 40}])
    assert path(record)[:4] == ["proposed", "phase_one", "extension", "phase_two"]
    assert [r[0] for r in record.releases][:2] == [0, 47]  # day-7 batch moved 40 days
    assert record.entered["phase_two"] == 47


def test_talks_breaking_down_during_the_extension_is_collapse():
    record = run(talks={"duration_days": 100}, events=[{"kind": "break_off_talks", "day": 60}])
    assert path(record) == ["proposed", "phase_one", "extension", "collapsed"]
    assert record.end_day == 60


def test_the_extension_cap_ends_the_ceasefire():
    record = run(talks={"duration_days": 100, "max_extension_days": 20})
    assert path(record) == ["proposed", "phase_one", "extension", "collapsed"]
    assert record.end_day == 62
    assert record.transitions[-1][3] == "extension_cap"


def test_phase_two_waits_for_the_withdrawal_and_records_the_refusal():
    record = run(phases={"phase_two": {"withdrawal": {"day": 60}}})
    assert refusal_guards(record, "phase_two_ends") == [
        {"all_living_hostages_released": True, "obligations_met": False}]
    assert record.entered["phase_three"] == 42 + 60


def test_phase_two_waits_for_all_living_hostages():
    record = run(phases={"phase_two": {"exchanges": {"first_day": 50}}})
    assert refusal_guards(record, "phase_two_ends")[0]["all_living_hostages_released"] is False
    assert record.entered["phase_three"] == 42 + 50


def test_phase_three_completes_only_when_all_remains_are_returned():
    record = run(phases={"phase_three": {"exchanges": {"interval_days": 60}}})
    assert refusal_guards(record, "phase_three_ends") == [{"all_remains_returned": False}]
    assert record.entered["completed"] == 84 + 61


def test_an_incident_past_the_breaking_point_collapses_the_ceasefire():
    below = run(events=[{"kind": "incident", "day": 10, "severity": 4.9}])
    assert below.final_state == "completed" and below.max_tension == pytest.approx(4.9)
    record = run(events=[{"kind": "incident", "day": 10, "severity": 5}])
    assert path(record) == ["proposed", "phase_one", "collapsed"]
    assert record.end_day == 10 and record.transitions[-1][3] == "incident"


def test_incidents_before_the_ceasefire_build_no_tension():
    record = run(acceptance={"parties": [{"name": "A", "day": 12}]},
                 events=[{"kind": "incident", "day": 10, "severity": 4}, {"kind": "incident", "day": 13, "severity": 4}])
    assert record.final_state == "completed" and record.max_tension == pytest.approx(4)


def test_tension_decays_between_incidents():
    # 4 then 4 a day later with 10% decay: 3.6 + 4 = 7.6 >= 5, collapse; 40 days later: no collapse.
    close = run(events=[{"kind": "incident", "day": 10, "severity": 4}, {"kind": "incident", "day": 11, "severity": 4}])
    assert close.final_state == "collapsed" and close.max_tension == pytest.approx(7.6)
    far = run(events=[{"kind": "incident", "day": 10, "severity": 4}, {"kind": "incident", "day": 50, "severity": 4}])
    assert far.final_state == "completed"


def test_random_incidents_follow_the_rate_of_each_state():
    quiet = run(incidents={"rate_per_day": {"phase_one": 0}, "breaking_point": 1000})
    assert quiet.incidents == 0
    busy = run(incidents={"rate_per_day": {"phase_one": 2, "phase_two": 0, "phase_three": 0}, "breaking_point": 1e6})
    assert 40 < busy.incidents < 140  # about 84 expected in 42 days
    assert all(e["day"] <= 42 for e in busy.events if e["kind"] == "incident")


def test_resume_hostilities_collapses_from_any_ceasefire_state():
    for day, state in ((10, "phase_one"), (50, "phase_two"), (100, "phase_three")):
        record = run(events=[{"kind": "resume_hostilities", "day": day}])
        assert record.transitions[-1][1:4] == (state, "collapsed", "hostilities_resume")
        assert record.end_day == day


def test_halting_and_resuming_aid():
    record = run(events=[{"kind": "halt_aid", "day": 10, "days": 5}, {"kind": "halt_aid", "day": 100},
                         {"kind": "resume_aid", "day": 110}])
    assert record.aid_intervals == [(0, 10), (15, 100), (110, 126)]
    assert record.aid_trucks == pytest.approx(600 * (126 - 15))


def test_aid_fulfilment_scales_the_target():
    assert run(aid={"target_trucks_per_day": 500, "fulfilment": 0.5}).aid_trucks == pytest.approx(250 * 126)


def test_pausing_talks_moves_their_end():
    record = run(talks={"duration_days": 20}, events=[{"kind": "pause_talks", "day": 20, "days": 15}])
    assert record.entered["phase_two"] == 16 + 20 + 15
    assert record.entered["extension"] == 42


def test_concluding_talks_by_event():
    record = run(talks={"duration_days": 500}, events=[{"kind": "conclude_talks", "date": "2025-03-10"}])
    assert record.entered["phase_two"] == 50  # 10 March 2025 is day 50 from 19 January


def test_a_scripted_release_outside_the_schedule():
    record = run(events=[{"kind": "release", "day": 30, "hostages": {"men": 1}, "remains": 1, "prisoners": 77}])
    assert (30, 1, 1, 77, 0) in record.releases
    assert record.hostages_released == 6 and record.remains_returned == 2


def test_a_scripted_withdrawal_completes_the_milestone():
    record = run(phases={"phase_two": {"withdrawal": {"day": 200}}}, events=[{"kind": "withdraw", "day": 70}])
    assert record.entered["phase_three"] == 84  # not held up by the late milestone


def test_a_dispute_delays_a_batch():
    record = run(phases={"phase_one": {"exchanges": {"dispute": {"probability": 1, "delay_days": 3}}}})
    assert [r[0] for r in record.releases][:2] == [3, 10]
    assert kinds(record).count("release_delayed") >= 2


def test_the_run_stops_at_the_horizon_in_a_live_state():
    record = run(horizon_days=20)
    assert record.final_state == "phase_one" and record.end_day == 20
    assert kinds(record)[-1] == "horizon"


def test_all_is_split_evenly_over_batches():
    record = run(phases={"phase_one": {"exchanges": {"batches": 3, "hostages_per_batch": {"women": "all"}}}})
    assert [r[1] for r in record.releases[:3]] == [1, 1, 2]


def test_released_counts_never_exceed_those_held():
    record = run(phases={"phase_one": {"exchanges": {"hostages_per_batch": {"women": 10}}}})
    assert record.releases[0][1] == 4 and record.releases[1][1] == 0


def test_distributions_are_sampled_per_replication():
    days = {run(replication=k, talks={"duration_days": {"uniform": [30, 60]}}).entered["phase_two"] for k in range(8)}
    assert len(days) == 8 and all(46 <= d <= 76 for d in days)


def test_mediators_shorten_talks():
    record = run(talks={"duration_days": 40}, mediators=[{"name": "X", "shortens_talks_by": 0.5}])
    assert record.entered["phase_two"] == 42  # 16 + 20 = 36, so phase two at the end of phase one


def test_replications_do_not_depend_on_order_or_on_keeping_events():
    from sim.engine import Engine

    from .builders import scenario

    engine = Engine(scenario(talks={"duration_days": {"lognormal": {"median": 30, "sigma": 0.5}},
                                    "breakdown_hazard_per_day": 0.02}))
    forward = [engine.replicate(5, k) for k in range(6)]
    backward = [engine.replicate(5, k, keep_events=True) for k in reversed(range(6))][::-1]
    for a, b in zip(forward, backward):
        assert (a.final_state, a.entered, a.releases) == (b.final_state, b.entered, b.releases)


def test_remains_recovered_over_time_come_back_fast_then_slower():
    recovery = {"remains_recovery": {"days": {"exponential": {"mean": 10}}}, "bodies_per_remains": 15}
    records = [run(replication=k, hostages={"remains": 20}, phases={"phase_one": {"exchanges": recovery},
                                                                     "phase_three": {"exchanges": {"remains_per_batch": 0}}})
               for k in range(100)]
    by = {day: sum(sum(r[2] for r in rec.releases if r[0] <= day) for rec in records) / 100 for day in (10, 20, 30)}
    # exponential with mean 10: 63%, 86% and 95% of 20 by days 10, 20, 30
    assert by[10] == pytest.approx(12.6, rel=0.1) and by[20] == pytest.approx(17.3, rel=0.1)
    assert by[20] - by[10] > by[30] - by[20]  # returns slow down by themselves
    assert all(rec.bodies_returned == 15 * rec.remains_returned for rec in records)
    assert all(rec.prisoners_released == 4 * 30 + 2 * 50 for rec in records)  # the bodies are not prisoners


def test_recovered_bodies_are_handed_over_at_the_regular_handovers():
    recovery = {"remains_recovery": {"first_day": 4, "days": {"uniform": [0, 9]}, "handover_every_days": 3}}
    record = run(hostages={"remains": 10}, phases={"phase_one": {"exchanges": recovery}})
    days = {r[0] for r in record.releases if r[2]}
    assert days <= {4, 7, 10, 13} and sum(r[2] for r in record.releases if r[0] <= 13) == 10

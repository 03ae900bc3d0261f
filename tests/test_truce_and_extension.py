"""The states the real path of 2025 went through: a truce without talks, and an agreed extension of phase one.

Base scenario as in tests/builders.py (phase one of 42 days, talks from day 16 for 10 days).
"""

from __future__ import annotations

import pytest

from .builders import kinds, path, run

TRUCE = {"when_talks_are_not_alive": "truce"}


def test_by_default_phase_one_without_talks_still_collapses_at_once():
    assert path(run(talks={"start_day": None})) == ["proposed", "phase_one", "collapsed"]


def test_the_truce_without_talks_holds_until_a_scripted_resumption_of_hostilities():
    record = run(talks={"start_day": None}, truce={**TRUCE, "halts_aid": True},
                 events=[{"kind": "resume_hostilities", "day": 58}])
    assert path(record) == ["proposed", "phase_one", "truce", "collapsed"]
    assert record.entered["truce"] == 42 and record.end_day == 58
    assert record.aid_intervals == [(0, 42)]  # aid halted for the truce
    assert "extension" not in record.entered


def test_the_truce_collapses_with_its_daily_chance():
    ends = [run(replication=k, talks={"start_day": None}, truce={**TRUCE, "collapse_chance_per_day": 0.1}).end_day - 42
            for k in range(300)]
    # a daily chance of 0.1: the mean wait is 1 / -ln(0.9) = 9.49 days
    assert sum(ends) / len(ends) == pytest.approx(9.49, rel=0.15)


def test_talks_that_broke_down_lead_to_the_truce_and_resumed_talks_back_to_the_extension():
    record = run(talks={"duration_days": 100, "breakdown_hazard_per_day": 1},
                 truce={**TRUCE, "talks_resume_chance_per_day": 1})
    assert path(record)[:4] == ["proposed", "phase_one", "truce", "extension"]
    assert record.entered["extension"] == 42  # a chance of 1 a day: at once
    assert "talks_begin" in kinds(record)


def test_resumed_talks_that_conclude_lead_to_phase_two():
    record = run(talks={"duration_days": 10}, truce={**TRUCE, "talks_resume_chance_per_day": 1},
                 events=[{"kind": "break_off_talks", "day": 20}])
    assert path(record)[:5] == ["proposed", "phase_one", "truce", "extension", "phase_two"]
    assert record.entered["phase_two"] == 52


def test_talks_that_never_began_do_not_resume_in_the_truce():
    record = run(talks={"start_day": None, "duration_days": 10}, truce={**TRUCE, "talks_resume_chance_per_day": 1},
                 events=[{"kind": "resume_hostilities", "day": 100}])
    assert path(record) == ["proposed", "phase_one", "truce", "collapsed"]
    assert "talks_begin" not in kinds(record) and "talks_never_begin" in kinds(record)


def test_a_late_start_is_a_start_in_the_truce_not_a_resumption():
    record = run(talks={"start_day": 50, "duration_days": 10}, truce=TRUCE)
    assert path(record)[:5] == ["proposed", "phase_one", "truce", "extension", "phase_two"]
    assert record.entered["extension"] == 50 and record.entered["phase_two"] == 60
    begin = next(event for event in record.events if event["kind"] == "talks_begin")
    assert begin["late"] and not begin["resumed"]


def test_talks_never_begin_with_their_chance_and_otherwise_start_on_a_day_from_their_range():
    records = [run(replication=k, talks={"start_day": {"uniform": [10, 30]}, "never_begin_chance": 0.3})
               for k in range(400)]
    never = [("talks_never_begin" in kinds(r)) for r in records]
    assert 0.24 < sum(never) / len(never) < 0.36
    starts = [e["day"] for r in records for e in r.events if e["kind"] == "talks_begin"]
    assert len(starts) == never.count(False) and 10 <= min(starts) and max(starts) <= 30
    assert max(starts) - min(starts) > 15  # drawn from the range, not one day


def test_the_truce_s_chance_of_collapse_rises_with_the_days_it_has_held():
    def mean_wait(**truce):
        ends = [run(replication=k, talks={"start_day": None}, truce={**TRUCE, **truce}).end_day - 42 for k in range(300)]
        return sum(ends) / len(ends)
    # a chance of 0.02 on day 0 rising by 0.02 a day: day k's chance is 0.02 (k + 1)
    flat, rising = mean_wait(collapse_chance_per_day=0.02), mean_wait(collapse_chance_per_day=0.02,
                                                                       collapse_chance_rise_per_day=0.02)
    assert flat == pytest.approx(49.5, rel=0.2)
    assert 5 < rising < 12  # survival to day k is the product of (1 - 0.02 j): about 8 days on average


def test_an_aid_halt_adds_to_the_truce_s_chance_of_collapse_only_while_it_lasts():
    def mean_wait(halts_aid, events=()):
        ends = [run(replication=k, talks={"start_day": None}, events=list(events),
                    truce={**TRUCE, "collapse_chance_per_day": 0.01, "halts_aid": halts_aid,
                           "collapse_chance_added_by_aid_halt": 0.09}).end_day - 42 for k in range(300)]
        return sum(ends) / len(ends)
    assert mean_wait(True) == pytest.approx(9.49, rel=0.15)  # 0.1 a day throughout
    without = mean_wait(False)
    assert without > 60  # 0.01 a day: a mean of 99.5 days, cut by the run's horizon
    halted_ten_days = mean_wait(False, [{"kind": "halt_aid", "day": 42, "days": 10}])
    assert 9.49 < halted_ten_days < without


EXTENDED = {"duration_days": 20, "exchanges": {"batches": 1, "first_day": 1, "hostages_per_batch": {"men": 1},
                                              "prisoners_per_hostage": {"men": 10}}}


def test_an_agreed_extension_of_phase_one_has_releases_of_its_own_then_ends_as_phase_one_does():
    record = run(talks={"start_day": None}, phases={"phase_one_extended": EXTENDED}, truce=TRUCE)
    assert path(record)[:4] == ["proposed", "phase_one", "phase_one_extended", "truce"]
    assert (43, 1, 0, 10, 0) in record.releases
    assert record.entered["truce"] == 62


def test_the_extension_is_entered_only_when_phase_two_is_not_ready_and_with_its_chance():
    assert "phase_one_extended" not in run(phases={"phase_one_extended": EXTENDED}).entered
    agreed = [("phase_one_extended" in run(replication=k, talks={"start_day": None},
                                             phases={"phase_one_extended": {**EXTENDED, "chance": 0.5}}).entered)
              for k in range(200)]
    assert 0.35 < sum(agreed) / len(agreed) < 0.65

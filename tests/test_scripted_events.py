"""Scripted events act only where they mean something, and say so when they do not (issue 11, bugs 1-5).

The base scenario is the one of tests/builders.py: accepted on day 0, phase one
releases 2 women on days 0 and 7, talks from day 16 for 10 days, phase two from
day 42 releases the men on its day 5 and withdraws on its day 10.
"""

from __future__ import annotations

import pytest

from sim.results.explain import chronology
from sim.scenario import ScenarioError, load

from .builders import kinds, path, run


def events_of(record, kind):
    return [e for e in record.events if e["kind"] == kind]


@pytest.mark.parametrize("pause", [10, 30])
def test_a_pause_while_no_talks_are_under_way_has_no_effect_and_is_logged(pause):
    record = run(events=[{"kind": "pause_talks", "day": 2, "days": pause}])
    assert events_of(record, "talks_begin")[0]["day"] == 16
    assert path(record)[:3] == ["proposed", "phase_one", "phase_two"]
    ignored = events_of(record, "scripted_ignored")
    assert [e["event"] for e in ignored] == ["pause_talks"]


def test_a_pause_of_live_talks_still_moves_their_end():
    record = run(talks={"duration_days": 20}, events=[{"kind": "pause_talks", "day": 20, "days": 15}])
    assert record.entered["phase_two"] == 16 + 20 + 15


def test_the_end_of_a_timed_halt_does_not_lift_an_open_ended_one():
    record = run(events=[{"kind": "halt_aid", "day": 40, "days": 7}, {"kind": "halt_aid", "day": 42},
                         {"kind": "resume_aid", "day": 60}])
    assert record.aid_intervals == [(0, 40), (60, 126)]


def test_events_of_one_day_act_in_the_order_written():
    """Halt, resume, halt on one day: the last halt is in force (found by the property test)."""
    record = run(events=[{"kind": "halt_aid", "day": 10}, {"kind": "resume_aid", "day": 10},
                         {"kind": "halt_aid", "day": 10}])
    assert record.aid_intervals == [(0, 10)]


def test_halts_nest_and_each_timed_halt_ends_only_itself():
    record = run(events=[{"kind": "halt_aid", "day": 10, "days": 10}, {"kind": "halt_aid", "day": 15, "days": 10}])
    assert record.aid_intervals == [(0, 10), (25, 126)]


def test_a_withdrawal_pending_when_phase_two_begins_carries_over_and_holds_up_phase_two():
    record = run(phases={"phase_one": {"withdrawal": {"what": "from the corridor", "day": 100}}})
    assert events_of(record, "obligation_carried")[0]["what"] == "from the corridor"
    done = events_of(record, "obligation_met")
    assert [(e["what"], e["day"]) for e in done] == [("full withdrawal", 52), ("from the corridor", 100)]
    assert record.entered["phase_three"] == 100


def test_a_category_phase_two_never_releases_is_a_located_problem(tmp_path):
    from .conftest import SCENARIOS

    file = tmp_path / "s.yaml"
    file.write_text(f"version: 1\nextends: {SCENARIOS / 'agreement-2025-01.yaml'}\n"
                    "hostages:\n  living:\n    women_civilians: 5\n")
    with pytest.raises(ScenarioError) as caught:
        load(str(file))
    message = str(caught.value.problems[0]).replace(str(tmp_path) + "/", "")
    assert message.startswith("s.yaml:5:22: hostages.living.women_civilians: ")
    assert "phase two" in message and "women civilians" in message


def test_a_scripted_release_before_the_ceasefire_frees_no_one():
    record = run(acceptance={"parties": [{"name": "A", "day": 3}, {"name": "B", "accepts": 0}]},
                 events=[{"kind": "release", "day": 1, "hostages": {"women": 2}, "prisoners": 50}])
    assert path(record) == ["proposed", "rejected"]
    assert record.releases == []
    assert events_of(record, "scripted_ignored")[0]["event"] == "release"


def test_a_delay_with_no_release_left_in_its_phase_lapses():
    record = run(events=[{"kind": "delay_release", "day": 20, "days": 57}])
    assert [r[0] for r in record.releases] == [0, 7, 47, 85, 90]
    assert events_of(record, "scripted_ignored")[0]["event"] == "delay_release"


def test_a_delay_still_postpones_the_next_batch_of_its_phase():
    record = run(events=[{"kind": "delay_release", "day": 5, "days": 4}])
    assert [r[0] for r in record.releases][:2] == [0, 11]
    assert "scripted_ignored" not in kinds(record)


def test_explain_tells_a_withdrawal_in_plain_words():
    import datetime as dt

    from sim.machine import machine_of

    from .builders import scenario

    lines = [what for _, what in chronology(run(), dt.date(2025, 1, 19), machine_of(scenario()))]
    assert "The withdrawal of phase two (full withdrawal) is met in full on time." in lines


def test_explain_says_aid_stays_stopped_while_another_halt_is_in_force():
    import datetime as dt

    from sim.machine import machine_of

    from .builders import scenario

    record = run(events=[{"kind": "halt_aid", "day": 10, "days": 10}, {"kind": "halt_aid", "day": 15, "days": 10}])
    lines = [what for _, what in chronology(record, dt.date(2025, 1, 19), machine_of(scenario()))]
    assert ("One halt of aid ends (the halt is over), but another halt is still in force: no aid enters yet."
            in lines)
    assert lines.count("Aid enters again (the halt is over).") == 1

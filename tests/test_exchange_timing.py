"""Releases off their schedule: early, merged with the next, one side's half held back, bodies at the first handover.

Base scenario as in tests/builders.py: phase one releases two women on day 0 and two on day 7, 30 prisoners each.
"""

from __future__ import annotations

from .builders import kinds, run

PHASE_ONE = "phase_one"


def _phase_one(**exchanges):
    return {"phases": {PHASE_ONE: {"exchanges": exchanges}}}


def _phase_one_releases(record):
    return [release for release in record.releases if release[0] < 42]


def test_one_side_may_hold_back_its_half_for_its_delay():
    record = run(**_phase_one(prisoners_held_back={"probability": 1, "delay_days": 5}))
    assert _phase_one_releases(record) == [(0, 2, 0, 0, 0), (5, 0, 0, 60, 0), (7, 2, 0, 0, 0), (12, 0, 0, 60, 0)]
    events = [e for e in record.events if e["kind"] in ("release", "release_other_half", "releases_complete")
              and e["phase"] == PHASE_ONE]
    assert [e["kind"] for e in events][-1] == "releases_complete" and events[-1]["day"] == 12
    assert events[0]["held_back"] == {"prisoners": 60, "bodies": 0}


def test_a_half_held_back_counts_in_the_totals_once_out():
    held, whole = run(**_phase_one(prisoners_held_back={"probability": 1, "delay_days": 5})), run()
    assert held.prisoners_released == whole.prisoners_released and held.hostages_released == whole.hostages_released


def test_a_batch_may_come_early_but_never_before_the_one_before_it():
    record = run(**_phase_one(early={"probability": 1, "days": 3}))
    assert [r[0] for r in _phase_one_releases(record)] == [0, 4]
    record = run(**_phase_one(early={"probability": 1, "days": 30}))
    assert [r[0] for r in _phase_one_releases(record)] == [0, 0]


def test_a_batch_may_be_merged_with_the_next_on_its_own_day():
    record = run(**_phase_one(merge_chance=1))
    assert _phase_one_releases(record) == [(0, 4, 0, 120, 0)]
    assert "releases_complete" in kinds(record)


def test_merging_is_drawn_per_batch_and_keeps_the_totals():
    records = [run(replication=k, **_phase_one(merge_chance=0.5)) for k in range(200)]
    merged = sum(len(_phase_one_releases(r)) == 1 for r in records) / len(records)
    assert 0.38 < merged < 0.62
    assert {sum(r[1] for r in _phase_one_releases(rec)) for rec in records} == {4}


def test_bodies_recovered_before_the_first_handover_are_handed_over_on_it():
    recovery = {"first_day": 3, "starts_day": 0, "days": {"exponential": {"mean": 2}}, "handover_every_days": 3}
    record = run(hostages={"remains": 20}, **_phase_one(remains_recovery=recovery))
    first = [r for r in record.releases if r[0] == 3 and r[2] > 0]
    assert first and first[0][2] >= 5  # P(recovered within 3 days) = 1 - e^-1.5 = 78% of 20
    late = run(hostages={"remains": 20}, **_phase_one(remains_recovery={**recovery, "starts_day": None}))
    assert not [r for r in late.releases if r[0] == 3 and r[2] > 0]  # recovery from the first handover: none on it


def test_a_dispute_called_off_before_the_day_is_announced_but_the_batch_comes_on_time():
    from sim.replay.facts import trace

    disputed = {"dispute": {"probability": 1, "delay_days": 4}}
    settled = run(**_phase_one(**disputed, dispute_called_off_chance=1))
    assert [r[0] for r in _phase_one_releases(settled)] == [0, 7]
    assert kinds(settled).count("release_postponement_called_off") == 2 and "release_delayed" not in kinds(settled)
    assert trace(settled).delays == (0.0, 7.0)  # a record that reports a postponement finds it in this run
    kept = run(**_phase_one(**disputed, dispute_called_off_chance=0))
    assert [r[0] for r in _phase_one_releases(kept)] == [4, 11]


def test_the_chance_of_calling_a_dispute_off_moves_no_other_draw():
    base = [run(replication=k, **_phase_one(dispute={"probability": 0.5, "delay_days": 3})) for k in range(20)]
    none_disputed = [run(replication=k, **_phase_one(dispute={"probability": 0, "delay_days": 3},
                                                      dispute_called_off_chance=0.7)) for k in range(20)]
    called = [run(replication=k, **_phase_one(dispute={"probability": 0.5, "delay_days": 3},
                                              dispute_called_off_chance=0.5)) for k in range(20)]
    assert all(_phase_one_releases(r) == [(0, 2, 0, 60, 0), (7, 2, 0, 60, 0)] for r in none_disputed)
    # a batch disputed in the base is disputed with the chance too (called off or not), and no other
    for a, b in zip(base, called):
        assert kinds(a).count("release_delayed") == (kinds(b).count("release_delayed")
                                                     + kinds(b).count("release_postponement_called_off"))

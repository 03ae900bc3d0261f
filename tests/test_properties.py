"""Properties of the engine that hold for any valid scenario (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim import machine
from sim.engine import Engine
from sim.machine import machine_of

from .builders import scenario

DEAL = machine_of(scenario())  # the test deal: three phases, the second after talks

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
               "max_extension_days": draw(st.one_of(st.none(), days)),
               "never_begin_chance": draw(probability)},
        truce={"when_talks_are_not_alive": draw(st.sampled_from(["collapse", "truce"])),
               "collapse_chance_per_day": draw(st.floats(0, 0.2)), "collapse_chance_rise_per_day": draw(st.floats(0, 0.1)),
               "collapse_chance_added_by_aid_halt": draw(st.floats(0, 0.2)), "halts_aid": draw(st.booleans()),
               "talks_resume_chance_per_day": draw(st.floats(0, 0.2))},
        incidents={"rate_per_day": {s: draw(st.floats(0, 1)) for s in DEAL.ceasefire_states},
                   "severity": {"lognormal": {"median": 1, "sigma": draw(st.floats(0, 1.5))}},
                   "tension_decay_per_day": draw(probability), "breaking_point": draw(st.floats(0.5, 20))},
        phases={"phase_one": {"duration_days": draw(days), "exchanges": {
                    "dispute": {"probability": draw(probability), "delay_days": draw(st.floats(0, 30))},
                    "early": {"probability": draw(probability), "days": draw(st.floats(0, 10))},
                    "merge_chance": draw(probability),
                    "prisoners_held_back": {"probability": draw(probability), "delay_days": draw(st.floats(0, 30))}}},
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
    allowed = {(t.source, t.dest) for t in engine.deal.transitions}
    assert all(step in allowed for step in steps)
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


def _event(kind: str, index: int):
    """A strategy for one scripted event of ``kind``, on a random day; its note names it."""
    extra = {"delay_release": {"days": days}, "pause_talks": {"days": days},
             "halt_aid": {"days": st.one_of(st.none(), days)}, "incident": {"severity": st.floats(0, 3)},
             "release": {"hostages": st.fixed_dictionaries({"women": st.integers(0, 3)}),
                         "prisoners": st.integers(0, 50)}}.get(kind, {})
    return st.fixed_dictionaries({"kind": st.just(kind), "day": days, "note": st.just(f"#{index}"), **extra})


@st.composite
def scripted_scenarios(draw):
    kinds = draw(st.lists(st.sampled_from(sorted(machine_event_kinds())), min_size=1, max_size=8))
    events = [draw(_event(kind, i)) for i, kind in enumerate(kinds)]
    for event in events:
        if event.get("days", 0) is None:
            del event["days"]
    return scenario(
        acceptance={"parties": [{"name": "A", "day": draw(st.floats(0, 20))},
                                {"name": "B", "accepts": draw(st.sampled_from([0, 1]))}]},
        talks={"start_day": draw(st.one_of(st.none(), st.floats(0, 60))), "duration_days": draw(st.floats(1, 80))},
        phases={"phase_one": {"withdrawal": {"what": "first line", "day": draw(st.floats(0, 100))}},
                "phase_two": {"exchanges": {"hostages_per_batch": {"men": "all", "women": "all"},
                                            "prisoners_per_hostage": {"women": 30}}}},
        events=events), events


def machine_event_kinds():
    from sim.scenario.model import EVENT_KINDS

    return EVENT_KINDS


def _flowing(record, events, t):
    """Whether aid should flow at time t: in a ceasefire state and under no halt in force."""
    state = "proposed"
    for day, _, dest, _, _ in record.transitions:
        if day <= t:
            state = dest
    if state not in DEAL.ceasefire_states:
        return False
    applied = [e for e in record.events if e["kind"] == "scripted"]  # in the order they acted
    exact = [events[int(e["note"][1:])]["day"] for e in applied]  # their days as written (the log rounds them)
    for order, entry in enumerate(applied):
        if entry["event"] == "halt_aid":
            spec = events[int(entry["note"][1:])]
            resumes = [exact[k] for k in range(order + 1, len(applied)) if applied[k]["event"] == "resume_aid"]
            end = min(resumes + [exact[order] + spec.get("days", float("inf"))])  # a later resume only
            if exact[order] <= t < end:
                return False
    return True


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scripted_scenarios(), st.integers(0, 1000))
def test_scripted_events_of_every_kind_keep_the_invariants(scn_events, k):
    scn, events = scn_events
    record = Engine(scn).replicate(7, k, keep_events=True)
    log = record.events

    # Every event whose day comes before the end either acts or says why it does not.
    told = {int(e["note"][1:]) for e in log if e["kind"] in ("scripted", "scripted_ignored")}
    taken = {int(e["note"][1:]) for e in log if e["kind"] == "release_delayed" and e["cause"] == "scripted"}
    assert {i for i, e in enumerate(events) if e["day"] < record.end_day} <= told | taken

    # Halts nest: aid flows exactly when the ceasefire holds and no halt is in force.
    cuts = sorted({0.0, record.end_day, *(t[0] for t in record.transitions), *(e["day"] for e in log)})
    for a, b in zip(cuts, cuts[1:]):
        mid = (a + b) / 2
        flows = any(x <= mid < y for x, y in record.aid_intervals)
        assert flows == _flowing(record, events, mid), (mid, record.aid_intervals)

    # Pauses act only on live talks.
    begun = next((e["day"] for e in log if e["kind"] == "talks_begin"), None)
    ended = next((e["day"] for e in log if e["kind"] in ("talks_concluded", "talks_broken_down")), float("inf"))
    for entry in log:
        if entry["kind"] == "scripted" and entry["event"] == "pause_talks":
            assert begun is not None and begun <= entry["day"] <= ended
        if entry["kind"] == "scripted" and entry["event"] in ("release", "resume_hostilities"):
            assert entry["state"] in DEAL.ceasefire_states

    # No milestone vanishes silently: phase one's withdrawal is met, carried into the next phase, or
    # still pending when the run ends in phase one.
    if "phase_one" in record.entered:
        met = [e["day"] for e in log if e["kind"] == "obligation_met" and e["phase"] == "phase_one"]
        carried = [e for e in log if e["kind"] == "obligation_carried" and e["phase"] == "phase_one"]
        later = [record.entered[s] for s in ("phase_two", "phase_three") if s in record.entered]
        if later and not (met and met[0] <= later[0]):
            assert carried and carried[0]["day"] == pytest.approx(later[0], abs=1e-5)

    # Every hostage category is released before phase three, or the refusal to end phase two is logged.
    if "phase_three" in record.entered:
        assert sum(r[1] for r in record.releases if r[0] <= record.entered["phase_three"]) == record.hostages_at_start
    elif record.final_state == "phase_two" and record.hostages_still_held:
        assert any(t == "phase_two_ends" and not g["all_living_hostages_released"] for _, _, t, g in record.refusals) \
            or record.end_day < record.entered["phase_two"] + 42
    if record.final_state == "rejected":
        assert record.releases == [] and record.aid_trucks == 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(probability, st.floats(0, 10), probability, probability, st.floats(0, 20), st.integers(0, 2**32))
def test_early_merged_or_held_back_releases_keep_every_total(early, by, merge, hold, hold_days, seed):
    """However the batches are timed, a run that goes to the end of phase one frees the same people for the same price."""
    def totals(**exchanges):
        record = Engine(scenario(horizon_days=60, phases={"phase_one": {"exchanges": exchanges}})).replicate(seed, 0)
        return record.hostages_released, record.remains_returned, record.prisoners_released
    timed = totals(early={"probability": early, "days": by}, merge_chance=merge,
                   prisoners_held_back={"probability": hold, "delay_days": hold_days})
    assert timed == totals()


obligation = st.fixed_dictionaries({
    "side": st.sampled_from(["A", "B"]), "what": st.just("pull-back"), "day": days,
    "late": st.fixed_dictionaries({"probability": probability, "delay_days": st.floats(0, 60)}),
    "partly": st.fixed_dictionaries({"probability": st.floats(0, 0.5), "share": st.floats(0, 1)}),
    "not_met": st.floats(0, 0.5), "gates": st.booleans()})


@st.composite
def deals_with_terms(draw):
    """The test deal with obligations in each phase, releases on a separate track and incident kinds of both
    weights (no one held, at times), with the phase ends drawn."""
    kinds = {f"kind_{i}": {"side": draw(st.sampled_from(["A", "B"])), "what": "fire",
                           "rate_per_day": {s: draw(st.floats(0, 2)) for s in DEAL.ceasefire_states},
                           "severity": draw(st.floats(0, 3)), "ends_ceasefire": draw(st.booleans())}
             for i in range(draw(st.integers(0, 3)))}
    held = draw(st.booleans())
    return scenario(
        hostages={"living": {"women": 4 if held else 0, "men": 2 if held else 0}},
        incidents={"breaking_point": draw(st.floats(0.5, 10)), "kinds": kinds},
        phases={name: {"obligations": draw(st.lists(obligation, max_size=3)),
                       "released_outside": [{"category": "men", "count": draw(st.integers(0, 2)), "day": draw(days)}],
                       **({"then": {"otherwise": draw(st.sampled_from(["wait", "collapse"])),
                                    "needs": ["obligations_met"]}} if name != "phase_one" else {})}
                for name in ("phase_one", "phase_two", "phase_three")},
        events=draw(st.lists(st.fixed_dictionaries({"kind": st.just("withdraw"), "day": days}), max_size=2)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(deals_with_terms(), st.integers(0, 2**32))
def test_any_run_with_obligations_and_incident_kinds_is_a_valid_path(scn, seed):
    engine = Engine(scn)
    record = engine.replicate(seed, 0, keep_events=True)
    allowed = {(t.source, t.dest) for t in engine.deal.transitions}
    assert all(t[1:3] in allowed for t in record.transitions)
    assert (record.final_state in machine.TERMINAL_STATES) or record.end_day == scn.horizon_days
    assert 0 <= record.released_outside <= record.hostages_released <= record.hostages_at_start
    assert sum(record.incidents_by_kind.values()) <= record.incidents
    absorbed = [k for k, spec in scn.incidents.kinds.items() if not spec.ends_ceasefire]
    if len(absorbed) == len(scn.incidents.kinds):
        assert record.max_tension == 0  # absorbed incidents never add tension
    for (phase, place, spec), (status, due, met, share) in zip(scn.obligations(), record.obligations):
        if status == "not_begun":
            assert phase not in record.entered and met is None
            continue
        assert due == pytest.approx(record.entered[phase] + spec.day)
        assert (met is not None) == (status in ("met", "late", "partly"))
        if met is not None:
            assert met <= record.end_day and 0 <= share <= 1
    # a phase ended on `obligations_met`: every gating obligation due by then was met (in full or in part)
    order = list(scn.phases)
    for day, source, dest, trigger, guards in record.transitions:
        if guards.get("obligations_met") and source in order:
            for (phase, _, spec), (status, _, met, _) in zip(scn.obligations(), record.obligations):
                if spec.gates and order.index(phase) <= order.index(source):
                    assert met is not None and met <= day + 1e-9

"""Each side's obligations, releases on a separate track, incidents by side and weight, a deal without hostages.

Built on tests/builders.py; each test changes only what it is about. Phase two runs from day 42 to 84
(its men released on its day 5); its obligations below are due on its day 20 (day 62).
"""

from __future__ import annotations

import pytest

from sim.engine import Engine
from sim.scenario import Scenario
from sim.scenario.checks import cross_check

from .builders import path, run, scenario


def owed(**obligation):
    """Phase two with one obligation of side B (and no `withdrawal:` shorthand)."""
    return {"phase_two": {"withdrawal": None, "obligations": [
        {"side": "B", "what": "pull-back to the line", "day": 20, **obligation}]}}


def events_of(record, kind):
    return [e for e in record.events if e["kind"] == kind]


def test_an_obligation_met_on_its_day():
    record = run(phases=owed())
    assert record.obligations == (("met", 62.0, 62.0, 1.0),)
    assert record.entered["phase_three"] == 84


def test_a_late_obligation_holds_the_phase_that_it_gates_until_it_comes():
    record = run(phases=owed(day=40, late={"probability": 1, "delay_days": 10}))
    status, due, met, share = record.obligations[0]
    assert (status, due, met, share) == ("late", 82.0, 92.0, 1.0)
    assert record.entered["phase_three"] == 92  # phase two's end waited for it
    assert events_of(record, "obligation_late")[0]["days"] == 10


def test_a_partly_met_obligation_lets_the_phase_end_and_keeps_its_share():
    record = run(phases=owed(partly={"probability": 1, "share": 0.4}))
    assert record.obligations == (("partly", 62.0, 62.0, 0.4),)
    assert record.entered["phase_three"] == 84


def test_a_gating_obligation_not_met_keeps_the_phase_waiting_and_otherwise_applies():
    waits = run(phases=owed(not_met=1))
    assert waits.obligations[0][0] == "not_met" and "phase_three" not in waits.entered
    assert waits.final_state == "phase_two" and waits.end_day == 400  # `otherwise: wait`, to the horizon
    collapses = run(phases={**owed(not_met=1), "phase_two": {**owed(not_met=1)["phase_two"],
                                                              "then": {"otherwise": "collapse"}}})
    assert path(collapses)[-1] == "collapsed" and collapses.end_day == 84


def test_an_obligation_that_does_not_gate_is_only_counted():
    record = run(phases=owed(not_met=1, gates=False))
    assert record.obligations[0][0] == "not_met" and record.entered["phase_three"] == 84


def test_a_scripted_withdraw_meets_a_gating_obligation_not_met():
    record = run(phases=owed(not_met=1), events=[{"kind": "withdraw", "day": 70}])
    assert record.obligations[0][0] == "late" and record.entered["phase_three"] == 84


def test_an_obligation_whose_phase_never_begins_is_said_so():
    record = run(phases=owed(), acceptance={"parties": [{"name": "A", "accepts": 0}, {"name": "B"}]})
    assert record.final_state == "rejected" and record.obligations == (("not_begun", None, None, 0.0),)


def test_the_withdrawal_shorthand_is_one_obligation_met_as_before():
    record = run()
    assert record.obligations == (("met", 52.0, 52.0, 1.0),)


def test_releases_on_a_separate_track_count_in_the_totals_not_in_the_exchange():
    record = run(phases={"phase_one": {"released_outside": [{"category": "men", "count": 1, "day": 3}]}})
    assert (3, 1, 0, 0, 0) in record.releases
    assert record.released_outside == 1 and record.hostages_released == 6
    assert record.released_in_exchange == 5  # four women and one man, for the prisoners
    assert record.prisoners_released == 4 * 30 + 1 * 50


def test_absorbed_incidents_are_counted_by_side_and_never_end_the_ceasefire():
    kinds = {"strikes": {"side": "A", "what": "strikes", "rate_per_day": {"phase_one": 5, "phase_two": 5},
                         "severity": 1000, "ends_ceasefire": False}}
    record = run(incidents={"breaking_point": 1, "kinds": kinds})
    assert record.final_state == "completed" and record.max_tension == 0
    assert record.incidents_by_kind["strikes"] == record.incidents > 100


def test_incidents_that_can_end_it_collapse_it_and_each_kind_keeps_its_own_draws():
    strikes = {"side": "A", "what": "strikes", "rate_per_day": {"phase_one": 0.5}, "ends_ceasefire": False}
    rockets = {"side": "B", "what": "rocket fire", "rate_per_day": {"phase_one": 0.05}, "severity": 10}
    alone = run(incidents={"breaking_point": 5, "kinds": {"rockets": rockets}})
    both = run(incidents={"breaking_point": 5, "kinds": {"rockets": rockets, "strikes": strikes}})
    rocket_days = lambda r: [e["day"] for e in r.events if e.get("incident_kind") == "rockets"]  # noqa: E731
    assert rocket_days(alone) == rocket_days(both) and rocket_days(alone)
    assert path(both)[-1] == "collapsed"


def test_a_deal_with_no_one_held():
    data = scenario(phases={
        "phase_one": {"exchanges": None, "then": {"needs": ["talks_concluded"]}},
        "phase_two": {"exchanges": None, "then": {"needs": ["obligations_met"]}},
        "phase_three": {"exchanges": None, "then": {"needs": []}}}).model_dump(exclude={"hostages"})
    deal = Scenario.model_validate(data)
    assert not deal.hostages.living and not cross_check(deal)
    record = Engine(deal).replicate(1, 0)
    assert record.hostages_at_start == 0 and record.hostages_released == 0 and record.final_state == "completed"


@pytest.mark.parametrize("bad, message", [
    ({"not_met": 0.8, "partly": {"probability": 0.5}}, "add up to at most 1"),
    ({"side": " "}, "name the side"),
])
def test_obligations_that_cannot_be_are_refused(bad, message):
    issues = cross_check(scenario(phases=owed(**bad)))
    assert any(message in issue.message for issue in issues)


def test_the_exchange_ratio_in_the_summary_and_its_sentence_leave_the_separate_track_out():
    from sim.results import Aggregate
    from sim.scenario import LoadedScenario
    from sim.words.terms import terms_sentences

    deal = scenario(phases={"phase_one": {"released_outside": [{"category": "men", "count": 2, "day": 1}]},
                            "phase_two": {"exchanges": None}})
    aggregate = Aggregate()
    engine = Engine(deal)
    for k in range(3):
        aggregate.add(engine.replicate(1, k))
    loaded = LoadedScenario(deal, "test.yaml", ("test.yaml",), "0" * 64, (), {})
    summary = aggregate.summary(loaded, 1)
    assert summary["exchange_ratio"] == {"prisoners_per_living_released": 30.0, "living_released_in_exchange": 12,
                                         "prisoners_released": 360}
    assert summary["totals"]["hostages_released"]["mean"] == 6  # four women in the exchange, two men outside
    said = terms_sentences(deal, summary)
    assert said == ["The withdrawal of phase two (full withdrawal) is met in full by day 10 of phase two in 100% "
                    "(40–100%) of runs.", "On a separate track, outside the exchange, 2 people a run are freed: "
                    "they count in the totals released, not in the exchange, whose ratio is 30 prisoners for each "
                    "person freed in it."]


def test_an_obligation_due_on_a_drawn_day_is_said_by_its_typical_day_in_whole_days():
    from sim.results import Aggregate
    from sim.scenario import LoadedScenario
    from sim.words.terms import terms_sentences

    deal = scenario(phases=owed(day={"uniform": [20, 45]}))
    aggregate = Aggregate()
    engine = Engine(deal)
    for k in range(3):
        aggregate.add(engine.replicate(1, k))
    summary = aggregate.summary(LoadedScenario(deal, "test.yaml", ("test.yaml",), "0" * 64, (), {}), 1)
    said = next(s for s in terms_sentences(deal, summary) if s.startswith("B's pull-back"))
    assert said.startswith("B's pull-back to the line is met in full by its due day (about day 32 of phase two) in ")

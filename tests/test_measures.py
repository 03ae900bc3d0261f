"""The outcome measures follow the machine's states and a run's record, not a phase's length."""

from __future__ import annotations

import pytest

from sim.analysis.measures import MeasureError, caption, measure, measures, with_headline
from sim.analysis.outcomes import Outcomes
from sim.engine import Record


def _run(*path: tuple[float, str], held: int = 3) -> Record:
    """A record that went through the states ``path`` ((day, state), the first from 'proposed')."""
    states = [(0.0, "proposed"), *path]
    transitions = [(day, source, dest, "t", {}) for (_, source), (day, dest) in zip(states, states[1:])]
    return Record(replication=0, final_state=states[-1][1], end_day=states[-1][0],
                  entered={state: day for day, state in states}, transitions=transitions, refusals=[], releases=[],
                  hostages_at_start=held, remains_at_start=0, aid_trucks_per_day=0.0, aid_intervals=[], incidents=0,
                  max_tension=0.0)


EARLY = _run((10, "phase_one"), (30, "collapsed"))
LATE_IN_LONG_PHASE = _run((10, "phase_one"), (80, "collapsed"))  # a first phase longer than six weeks
IN_EXTENSION_OF_IT = _run((10, "phase_one"), (52, "phase_one_extended"), (60, "collapsed"))
AFTER_IT = _run((10, "phase_one"), (52, "extension"), (60, "collapsed"))
DONE = _run((10, "phase_one"), (52, "phase_two"), (94, "phase_three"), (136, "completed"))
REJECTED = _run((20, "rejected"))


@pytest.mark.parametrize("record, expected", [
    (EARLY, True), (LATE_IN_LONG_PHASE, True), (IN_EXTENSION_OF_IT, True), (AFTER_IT, False), (DONE, False),
    (REJECTED, False)])
def test_collapse_during_the_first_phase_whatever_its_length(record, expected):
    assert measure("collapsed_in_first_phase").of(record) is expected


def test_the_other_measures_read_the_record():
    assert [measure("collapsed").of(r) for r in (EARLY, AFTER_IT, DONE)] == [True, True, False]
    assert [measure("completed").of(r) for r in (EARLY, DONE)] == [False, True]
    assert [measure("reached:phase_two").of(r) for r in (AFTER_IT, DONE)] == [False, True]
    within = measure("collapsed_within:42")
    assert [within.of(r) for r in (EARLY, LATE_IN_LONG_PHASE)] == [True, False]
    assert measure("collapse_by_day_42").name == "collapsed_within:42"  # the old name still works
    assert measure("phase_two").name == "reached:phase_two"
    assert measure("hostages_still_held").of(DONE) == 3


@pytest.mark.parametrize("name, words", [
    ("peace", "choose one of collapsed_in_first_phase"), ("reached:peace", "no state 'peace'"),
    ("reached:proposed", "no state 'proposed'"), ("collapsed_within:-3", "DAYS must be a number of days above 0")])
def test_an_unknown_measure_says_what_to_write(name, words):
    with pytest.raises(MeasureError, match=words):
        measure(name)


def test_every_output_can_name_its_measures_once_each():
    shown = with_headline("completed")
    assert [m.name for m in shown] == ["completed", "collapsed_in_first_phase", "collapsed", "hostages_still_held"]
    assert caption(measures(["completed"])) == "complete: share of runs that complete every phase"
    outcomes = Outcomes(keep_runs=True, shown=shown)
    for record in (EARLY, DONE, AFTER_IT, DONE):
        outcomes.add(record)
    assert outcomes.values() == {"completed": 0.5, "collapsed_in_first_phase": 0.25, "collapsed": 0.5,
                                 "hostages_still_held": 3}
    assert outcomes.noise()["completed"] == pytest.approx(1 / 3 / 4)  # the sample variance over the runs
    assert list(outcomes.each["collapsed"]) == [1.0, 0.0, 1.0, 0.0]

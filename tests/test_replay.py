"""Replay: the record format's located errors, figures of fit on a case with known answers,
the as-happened scenario reproducing the record, and the command as a user runs it."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sim.engine import Engine, Record
from sim.replay import RecordError, load_record, replay
from sim.replay.record import parse
from sim.scenario import LoadedScenario, load

from .builders import scenario
from .conftest import SCENARIOS, cli

RECORD = SCENARIOS / "records" / "record-2025-01-to-03.csv"
AS_HAPPENED = SCENARIOS / "agreement-2025-01-as-happened.yaml"
HEADER = "date,event,hostages,remains,prisoners,aid_trucks,state,note,source\n"


def first_problem(text: str) -> str:
    with pytest.raises(RecordError) as caught:
        parse(text, "r.csv")
    return str(caught.value.problems[0])


@pytest.mark.parametrize("text, expected", [
    ("", "r.csv:1:1: the record is empty; its first line names the columns: date,event,"),
    ("date,event,sorce\n", "r.csv:1:12: sorce: unknown column; did you mean 'source'?"),
    ("date,event\n2025-01-19,aid\n", "r.csv:1:1: source: this column is required; add it to the first line"),
    (HEADER, "r.csv:1:1: the record has no rows under its first line"),
    (HEADER + "2025-13-01,release,1,,,,,,s\n", "r.csv:2:1: date: '2025-13-01' is not a date; write YYYY-MM-DD"),
    (HEADER + "2025-01-19,relase,1,,,,,,s\n", "r.csv:2:12: event: unknown event 'relase'; did you mean 'release'?"),
    (HEADER + "2025-01-19,release,three,,,,,,s\n", "r.csv:2:20: hostages: 'three' is not a whole number"),
    (HEADER + "2025-01-19,release,,-2,,,,,s\n", "r.csv:2:21: remains: -2 is negative; counts are 0 or more"),
    (HEADER + "2025-01-19,release,0,0,0,,,,s\n", "r.csv:2:20: hostages: a 'release' row needs a count above 0"),
    (HEADER + "2025-01-19,phase,,,,,Phase 1,,s\n", "r.csv:2:22: state: 'Phase 1' is not a state's name; write one as"),
    (HEADER + "2025-01-19,phase,,,,,,,s\n", "r.csv:2:22: state: a 'phase' row needs `state`"),
    (HEADER + "2025-01-19,aid,3,,,600,,,s\n", "r.csv:2:16: hostages: a 'aid' row leaves `hostages` empty"),
    (HEADER + "2025-01-19,aid,,,,lots,,,s\n", "r.csv:2:19: aid_trucks: 'lots' is not a number"),
    (HEADER + "2025-01-19,release,1,,,,,\"a note, with a comma\",\n",
     "r.csv:2:49: source: every row names its source"),
    (HEADER + "2025-01-19,release,1,,,,,a note, with a comma,s\n",
     "r.csv:2:47: this row has 10 fields and the first line names 9 columns; quote a note that holds a comma"),
    (HEADER + "2025-01-19,held_back,,,,,,,s\n", "r.csv:2:24: prisoners: a 'held_back' row needs the count of the half"),
    (HEADER + "2025-01-19,held_back,3,,90,,,,s\n", "r.csv:2:22: hostages: a 'held_back' row names one half"),
    (HEADER + "2025-01-19,talks_begun,,,,,phase_two,,s\n", "r.csv:2:28: state: a 'talks_begun' row leaves `state` empty"),
    (HEADER.replace("state,", "state,incidents,") + "2025-01-19,incidents,,,,,,many,,s\n",
     "r.csv:2:27: incidents: 'many' is not a whole number"),
    (HEADER.replace("state,", "state,reliability,") + "2025-01-19,aid_halted,,,,,,1.5,,s\n",
     "r.csv:2:28: reliability: '1.5' is not a share from 0 to 1"),
    (HEADER.replace("state,", "state,reliability,") + "2025-01-19,suspension,,,,,,0.5,,s\n",
     "r.csv:2:28: reliability: a 'suspension' row is not weighed"),
    (HEADER + "2025-01-20,release,1,,,,,,s\n2025-01-19,release,1,,,,,,s\n",
     "r.csv:3:1: date: rows must be in date order; this row is dated before the previous one (2025-01-20)"),
])
def test_each_bad_row_gets_one_located_line(text, expected):
    assert first_problem(text).startswith(expected)


def test_every_problem_of_a_file_is_reported():
    with pytest.raises(RecordError) as caught:
        parse(HEADER + "2025-01-19,relase,1,,,,,,s\n2025-01-19,aid,,,,,,,\n", "r.csv")
    assert [str(p).split(": ")[1] for p in caught.value.problems] == ["event", "aid_trucks", "source"]


def test_the_shipped_record_loads_and_adds_up():
    history = load_record(str(RECORD))
    releases = history.releases()
    assert sum(r.hostages for r in releases) == 25  # seven exchanges of living hostages
    assert sum(r.remains for r in releases) == 8
    assert sum(r.prisoners for r in releases) == 1778  # the Israel Prison Service's count by 27 Feb
    assert history.state_changes() == [(dt.date(2025, 1, 19), "phase_one"), (dt.date(2025, 3, 2), "truce"),
                                       (dt.date(2025, 3, 18), "collapsed")]
    assert all(row.source for row in history.rows)
    typed = [(row.date.isoformat(), row.event) for row in history.rows
             if row.event in ("talks_not_begun", "release_postponed", "held_back", "aid_halted")]
    assert typed == [("2025-02-03", "talks_not_begun"), ("2025-02-10", "release_postponed"),
                     ("2025-02-10", "talks_not_begun"), ("2025-02-22", "held_back"), ("2025-03-02", "aid_halted")]
    held = next(row for row in history.rows if row.event == "held_back")
    assert held.given == {"prisoners"} and held.prisoners == 602


def test_replay_scores_the_other_sides_bodies_when_the_record_gives_them(tmp_path):
    from sim.charts.replay import replay_chart

    loaded = LoadedScenario(scenario(), "known.yaml", ("known.yaml",), "0" * 64, (), {})
    runs = [_record(k, [(0.0, 2, 1, 60, 15), (7.0, 0, 1, 0, 15 * k)], [(0, "proposed", "phase_one")], 50)
            for k in range(4)]
    text = HEADER.replace("prisoners,", "prisoners,bodies,") + "2025-01-19,release,2,1,60,15,,,,s\n" \
        "2025-01-29,total,,2,,30,,,,s\n"
    result = replay(loaded, parse(text, "r.csv"), 1, runs)
    bodies = result.summary["series"]["bodies_returned"]
    assert bodies["label"] == "the other side's bodies returned" and bodies["known"] == "totals"
    assert bodies["days_compared"] == bodies["days_inside"] == 1 and bodies["record_total"] == 30
    assert bodies["median_total"] == 37.5
    replay_chart(result, str(tmp_path / "r.svg"))


# -- figures of fit on a case with known answers ------------------------------------------

def _record(k, releases, transitions, aid_until):
    entered = {"proposed": 0.0}
    for day, _, dest in transitions:
        entered.setdefault(dest, day)
    return Record(replication=k, final_state=transitions[-1][2], end_day=transitions[-1][0], entered=entered,
                  transitions=[(d, s, t, "x", {}) for d, s, t in transitions], refusals=[],
                  releases=releases, hostages_at_start=6, remains_at_start=0, aid_trucks_per_day=600.0,
                  aid_intervals=[(0.0, aid_until)], incidents=0, max_tension=0.0)


TWO = [(0.0, 2, 0, 60, 0), (7.0, 2, 0, 60, 0)]
RECORDS = [
    _record(0, TWO, [(0, "proposed", "phase_one"), (42, "phase_one", "extension"), (50, "extension", "collapsed")], 50),
    _record(1, TWO, [(0, "proposed", "phase_one"), (42, "phase_one", "collapsed")], 42),
    _record(2, TWO[:1], [(0, "proposed", "phase_one"), (20, "phase_one", "collapsed")], 20),
    _record(3, [*TWO, (45.0, 2, 0, 100, 0)], [(0, "proposed", "phase_one"), (42, "phase_one", "phase_two")], 52),
]
KNOWN = HEADER + """2025-01-19,phase,,,,,phase_one,,s
2025-01-19,release,2,0,60,,,,s
2025-01-19,aid,,,,700,,,s
2025-01-29,release,2,0,60,,,,s
2025-03-02,phase,,,,,extension,,s
2025-03-02,aid_halted,,,,,,,s
2025-03-12,hostilities_resumed,,,,,,,s
"""


def test_figures_of_fit_on_a_constructed_case():
    # The ensemble has 2 released on days 0-6 and then 4 (2 in run 2; 6 in run 3 from day 45): its 10% is 2.6
    # from day 7, so the record (2 until day 10, then 4) is outside on days 7, 8 and 9 only: 50 of 53 days.
    loaded = LoadedScenario(scenario(), "known.yaml", ("known.yaml",), "0" * 64, (), {})
    fit = replay(loaded, parse(KNOWN, "known.csv"), 1, RECORDS).summary
    series = fit["series"]
    assert (series["hostages_released"]["days_inside"], series["hostages_released"]["days_compared"]) == (50, 53)
    assert series["remains_returned"]["share_inside"] == 1.0
    assert series["prisoners_released"]["days_inside"] == 50
    # aid: 700 on day 0 is above every run's 600; the halted days 42-52 (0 trucks) lie inside [0, 600]
    assert (series["aid_trucks_per_day"]["days_inside"], series["aid_trucks_per_day"]["days_compared"]) == (11, 12)
    assert fit["median_run"] == 0  # runs 0 and 1 follow the median exactly; the first of equals
    changes = {c["state"]: c for c in fit["state_changes"]}
    assert changes["extension"] | {} == {"date": "2025-03-02", "day": 42, "state": "extension", "share_reaching": 0.25,
                                          "median_day": 42.0, "median_day_error": 0.0, "median_run_day": 42.0,
                                          "median_run_day_error": 0.0}
    assert (changes["collapsed"]["share_reaching"], changes["collapsed"]["median_day_error"]) == (0.75, -10.0)
    assert changes["collapsed"]["median_run_day_error"] == -2.0
    assert fit["outcome"] == {"state": "collapsed", "from": "extension", "day": 52, "date": "2025-03-12",
                              "probability_state": 0.75, "probability": 0.25, "probability_ever": 0.75}


def test_a_record_before_the_scenario_starts_is_refused():
    loaded = LoadedScenario(scenario(start_date="2025-02-01"), "k.yaml", ("k.yaml",), "0" * 64, (), {})
    with pytest.raises(ValueError, match="before the scenario's start_date"):
        replay(loaded, parse(KNOWN, "known.csv"), 1, RECORDS)


# -- the record reproduced -------------------------------------------------------------------

@pytest.mark.parametrize("replication", [0, 7])
def test_the_as_happened_scenario_reproduces_the_record_in_one_run(replication):
    loaded = load(str(AS_HAPPENED))
    start = loaded.scenario.start_date
    run = Engine(loaded.scenario).replicate(loaded.scenario.seed, replication)
    history = load_record(str(RECORD))

    def date(day):
        return start + dt.timedelta(days=day)

    assert [(date(day), living, remains, prisoners) for day, living, remains, prisoners, _ in run.releases] == \
        [(r.date, r.hostages, r.remains, r.prisoners) for r in history.releases()]
    assert [(date(day), dest) for day, _, dest, _, _ in run.transitions] == history.state_changes()
    assert run.final_state == "collapsed" and date(run.end_day) == dt.date(2025, 3, 18)
    assert run.transitions[-1][1] == "truce"  # collapsed from the truce without talks, as in March 2025
    halted = next(r.date for r in history.rows if r.event == "aid_halted")
    assert [(date(a), date(b)) for a, b in run.aid_intervals] == [(start, halted)]
    assert run.hostages_still_held == 24 and run.remains_at_start - run.remains_returned == 35  # 59 still held


# -- the command -----------------------------------------------------------------------------

def test_replay_writes_the_same_bytes_twice_and_the_as_happened_fit_is_perfect(tmp_path):
    for out in ("a", "b"):
        done = cli("replay", AS_HAPPENED, RECORD, "--runs", "5", "--out", tmp_path / out)
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "a" / "replay.json").read_bytes() == (tmp_path / "b" / "replay.json").read_bytes()
    assert (tmp_path / "a" / "replay.png").read_bytes()[:4] == b"\x89PNG"
    fit = json.loads((tmp_path / "a" / "replay.json").read_text())
    assert {s["share_inside"] for s in fit["series"].values()} == {1.0}
    assert {c["median_run_day_error"] for c in fit["state_changes"]} == {0.0}
    assert fit["outcome"]["probability"] == 1.0
    assert "in band 59/59 days (100%)" in done.stdout


def test_a_bad_record_exits_2_with_a_located_line_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "2025-01-19,release,1,,,,,,s\n2025-01-25,relase,4,,200,,,,s\n")
    out = tmp_path / "out"
    done = cli("replay", AS_HAPPENED, bad, "--runs", "5", "--out", out)
    assert done.returncode == 2
    assert done.stderr.strip() == f"{bad}:3:12: event: unknown event 'relase'; did you mean 'release'?"
    assert not out.exists()


def test_a_record_without_changes_of_state_has_no_outcome_and_still_draws(tmp_path):
    from sim.charts.replay import replay_chart
    from sim.cli.replay import fit_table

    loaded = LoadedScenario(scenario(), "known.yaml", ("known.yaml",), "0" * 64, (), {})
    result = replay(loaded, parse(HEADER + "2025-01-19,release,2,,60,,,,s\n", "r.csv"), 1, RECORDS)
    assert result.summary["outcome"] is None and result.summary["state_changes"] == []
    assert result.summary["series"]["hostages_released"]["share_inside"] == 1.0
    assert "remains_returned" not in result.summary["series"]  # the record leaves remains empty: not known
    assert fit_table(result.summary).row_count == 3  # the two series it knows and the outcome
    replay_chart(result, str(tmp_path / "r.svg"))
    assert (tmp_path / "r.svg").stat().st_size > 0


def test_a_record_of_totals_is_scored_only_on_the_dates_it_gives(tmp_path):
    from sim.charts.replay import replay_chart

    loaded = LoadedScenario(scenario(), "known.yaml", ("known.yaml",), "0" * 64, (), {})
    text = HEADER + "2025-01-19,release,2,,60,,,,s\n2025-01-30,total,,,,,,4 in all by 30 January,s\n"
    text = text.replace("prisoners,", "prisoners,bodies,").replace(",,60,", ",,60,,").replace("total,,,,", "total,4,,,,")
    history = parse(text, "r.csv")
    assert [(r.event, r.given) for r in history.rows] == [("release", {"hostages", "prisoners"}), ("total", {"hostages"})]
    series = replay(loaded, history, 1, RECORDS).summary["series"]
    assert series["hostages_released"]["known"] == "totals"
    assert series["hostages_released"]["days_compared"] == 1  # 30 January only: nothing invented in between
    assert series["prisoners_released"]["known"] == "daily" and series["prisoners_released"]["days_compared"] == 12
    replay_chart(replay(loaded, history, 1, RECORDS), str(tmp_path / "r.svg"))


@pytest.mark.parametrize("row, expected", [
    ("2026-06-01,release,1,,,,,,s", "r.csv:3:1: date: 2026-06-01 is past the scenario's horizon (400 days"),
    ("2025-02-01,release,9,,,,,,s", "r.csv:3:20: hostages: 11 living hostages released by 2025-02-01, more than the "
                                    "scenario holds at most (6)"),
    ("2025-02-01,total,,3,,,,,s", "r.csv:3:19: remains: 3 bodies returned by 2025-02-01, more than the scenario holds"),
    ("2025-02-01,phase,,,,,phase_1,,s", "r.csv:3:22: state: unknown state 'phase_1' for this scenario's deal; did you "
                                        "mean 'phase_"),
])
def test_a_record_is_checked_against_the_scenario_with_located_lines(row, expected):
    from sim.replay import check_against

    history = parse(HEADER + "2025-01-19,release,2,,,,,,s\n" + row + "\n", "r.csv")
    assert str(check_against(history, scenario())[0]).startswith(expected)


def test_replay_stops_before_running_when_the_record_does_not_fit_the_scenario(tmp_path):
    record = tmp_path / "r.csv"
    record.write_text(HEADER + "2025-01-19,release,200,,,,,,s\n")
    done = cli("replay", AS_HAPPENED, record, "--runs", "5", "--out", tmp_path / "out")
    assert done.returncode == 2 and not (tmp_path / "out").exists()
    assert done.stderr.strip().startswith(f"{record}:2:20: hostages: 200 living hostages released by 2025-01-19")


def test_a_missing_record_is_a_located_problem(tmp_path):
    with pytest.raises(RecordError, match="cannot read the record"):
        load_record(str(tmp_path / "none.csv"))

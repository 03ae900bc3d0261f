"""Forecast: the weighting on a constructed case whose posterior is known, the design, the backtest's
scores, byte-identical files on 1 and 2 workers, and the command as a user runs it."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.analysis.backtest import as_of_dates, backtest, brier, log_loss, reliability
from sim.analysis.forecast import Ensemble, design, effective_size, forecast, share, weighted_quantiles, weights
from sim.engine import Record
from sim.replay.facts import Observation, trace
from sim.replay.record import parse
from sim.analysis.variants import uncertain_inputs
from sim.scenario import LoadedScenario, load_many

from .builders import scenario
from .conftest import SCENARIOS, cli

HEADER = "date,event,hostages,remains,prisoners,aid_trucks,state,note,source\n"
RECORD = SCENARIOS / "records" / "record-2025-01-to-03.csv"
AGREEMENT = SCENARIOS / "agreement-2025-01.yaml"


def made(replication: int, released: bool, collapses: bool) -> Record:
    """A run that enters phase one on day 0, releases one hostage on day 1 (or not), and collapses on
    day 10 (or completes on day 200)."""
    end, final = (10.0, "collapsed") if collapses else (200.0, "completed")
    return Record(replication, final, end, {"proposed": 0.0, "phase_one": 0.0, final: end},
                  [(0.0, "proposed", "phase_one", "accept", {}), (end, "phase_one", final, "end", {})], [],
                  [(1.0, 1, 0, 0, 0)] if released else [], 6, 2, 0.0, [], 0, 0.0, events=[])


def ensemble_of(records: list[Record], per_point: int, values=((0.0,),), seed: int = 5) -> Ensemble:
    loaded = LoadedScenario(scenario(), "known.yaml", ("known.yaml",), "0" * 64, (), {})
    return Ensemble(loaded, [], np.array(values, dtype=float), per_point, seed, records, [trace(r) for r in records])


def constructed(thetas=(0.2, 0.8), per_point: int = 20000, seed: int = 5) -> Ensemble:
    """Two design points: at each, a run releases on day 1 with chance theta and collapses with
    chance theta, independently. Given a release, point theta has weight proportional to theta."""
    rng = np.random.default_rng(seed)
    records = [made(i * per_point + k, rng.random() < theta, rng.random() < theta)
               for i, theta in enumerate(thetas) for k in range(per_point)]
    return ensemble_of(records, per_point, [[t] for t in thetas], seed)


def test_the_weights_give_the_known_posterior():
    ensemble = constructed()
    history = parse(HEADER + "2025-01-19,phase,,,,,phase_one,,s\n2025-01-20,release,1,,,,,,s\n", "r.csv")
    result = forecast(ensemble, history, dt.date(2025, 1, 21), [dt.date(2025, 2, 1)], Observation(0.0, 0))
    # P(collapse | release) = E[theta | release] = (0.2^2 + 0.8^2) / (0.2 + 0.8) = 0.68; before: 0.5.
    collapsed = result.summary["outcomes"]["collapsed"]
    assert collapsed["prior"]["value"] == pytest.approx(0.5, abs=0.01)
    assert collapsed["posterior"]["value"] == pytest.approx(0.68, abs=0.01)
    assert collapsed["posterior"]["low"] < 0.68 < collapsed["posterior"]["high"]
    # Exact agreement: the runs that released, each with weight 1.
    assert result.summary["agreeing_runs"] == result.effective == pytest.approx(int(result.weights.sum()))
    ahead = {row["state"]: row for row in result.summary["milestones"]}
    assert "phase_one" not in ahead  # already recorded
    assert ahead["collapsed"]["by"]["2025-02-01"]["posterior"]["value"] == collapsed["posterior"]["value"]
    assert ahead["collapsed"]["dates"] == ["2025-01-29"] * 3
    assert result.warning is None


def test_each_fact_weighs_and_a_contradiction_rules_a_run_out_for_every_later_date():
    history = parse(HEADER + "2025-01-19,phase,,,,,phase_one,,s\n2025-01-20,release,10,,,,,,s\n", "r.csv")
    runs = [made(0, True, False), made(1, True, True)]
    runs[0].releases[0] = (1.0, 10, 0, 0, 0)  # exact
    runs[1].releases[0] = (1.0, 12, 0, 0, 0)  # 2 off, sigma 0.2 * 10 + 1 = 3
    ensemble = ensemble_of(runs, 1, [[0.0], [1.0]])
    w = weights(ensemble, history, 5, Observation(0.2, 3))
    assert w == pytest.approx([1.0, np.exp(-0.5 * (2 / 3) ** 2)])
    # run 1 collapsed on day 10, which the record does not show: out from day 13 (10 + 3 days) on, for good
    assert [weights(ensemble, history, day, Observation(0.2, 3))[1] > 0 for day in (12, 13, 30)] == [True, False, False]
    # a report right nine times in ten: the count weighs 0.9 fit + 0.1, the contradiction keeps a tenth
    assert weights(ensemble, history, 30, Observation(0.2, 3, 0.9))[1] == pytest.approx(0.1 * (0.9 * w[1] + 0.1))


def test_typed_facts_are_read_from_what_each_run_did():
    from sim.replay.facts import Fact, fit

    run = made(0, True, False)
    run.events = [{"day": 15.2, "kind": "talks_begin"}, {"day": 30.0, "kind": "talks_broken_down"},
                  {"day": 12.0, "kind": "release_delayed"}]
    run.releases[:] = [(1.0, 3, 0, 90, 0), (34.0, 6, 0, 0, 0), (39.0, 0, 4, 643, 0)]
    run.aid_intervals[:] = [(0.0, 42.0)]
    done = trace(run)
    model = Observation(0.2, 3)
    date = dt.date(2025, 1, 19)

    def fact(kind, day, what=""):
        return fit(Fact(kind, day, date + dt.timedelta(days=day), 2, what), done, model)

    assert fact("talks_begun", 15) == 1.0 and fact("talks_begun", 17) == pytest.approx(1 - (2 / 4) ** 2)
    assert fact("talks_begun", 19) == 0.0
    assert fact("talks_not_begun", 14) == 1.0 and fact("talks_not_begun", 22) == 0.0
    assert fact("talks_broken_down", 30) == 1.0
    assert fact("release_postponed", 8) == 1.0 and fact("release_postponed", 20) == 0.0
    assert fact("held_back", 34, "prisoners") == 1.0 and fact("held_back", 20, "prisoners") == 0.0
    assert fact("held_back", 34, "hostages") == 0.0
    assert fact("aid_halted", 42) == 1.0 and fact("aid_halted", 20) == 0.0  # the run did not end on day 42


def test_no_fact_dated_after_the_as_of_date_weighs():
    """The forecast from a date is the same whether the record stops there or goes on: nothing later weighs."""
    ensemble = constructed(per_point=300)
    rows = ("2025-01-19,phase,,,,,phase_one,,s\n2025-01-20,release,1,,,,,,s\n", "2025-01-25,release,1,,,,,,s\n"
            "2025-01-26,phase,,,,,extension,,s\n2025-01-29,hostilities_resumed,,,,,,,s\n")
    short, full = parse(HEADER + rows[0], "r.csv"), parse(HEADER + "".join(rows), "r.csv")
    for model in (Observation(0.2, 3), Observation(0.0, 0, 0.9)):
        a = forecast(ensemble, short, dt.date(2025, 1, 20), [dt.date(2025, 2, 1)], model)
        b = forecast(ensemble, full, dt.date(2025, 1, 20), [dt.date(2025, 2, 1)], model)
        assert np.array_equal(a.weights, b.weights)
        assert {k: v for k, v in a.summary.items() if "record" not in k} == \
            {k: v for k, v in b.summary.items() if "record" not in k}


def test_weighted_figures():
    assert effective_size(np.array([1.0, 1.0, 0.0, 0.0])) == 2
    assert effective_size(np.array([1.0, 0.5])) == pytest.approx(1.5 ** 2 / 1.25)
    assert effective_size(np.zeros(3)) == 0
    assert weighted_quantiles(np.array([3.0, 1.0, 2.0]), np.array([1.0, 1.0, 2.0]), (0.1, 0.5, 0.9)) == [1.0, 2.0, 3.0]
    figure = share(np.array([True, False]), np.array([3.0, 1.0]))
    assert figure.value == 0.75 and figure.low < 0.75 < figure.high
    # Two design points of 50 runs each, one all hits, one none: worth about two runs, not a hundred.
    hits, point = np.repeat([True, False], 50), np.repeat([0, 1], 50)
    alone, clustered = share(hits, np.ones(100)), share(hits, np.ones(100), point)
    assert alone.value == clustered.value == 0.5
    assert clustered.high - clustered.low > 0.6 > 0.25 > alone.high - alone.low
    assert share(hits, np.ones(100), np.zeros(100, dtype=int)) == alone  # one point: runs are independent


def test_the_design_covers_each_range_evenly_and_is_fixed_by_the_seed():
    points = design(3, 10, seed=7)
    assert points.shape == (10, 3)
    for column in points.T:
        assert sorted((column * 10).astype(int)) == list(range(10))
    assert np.array_equal(points, design(3, 10, seed=7)) and not np.array_equal(points, design(3, 10, seed=8))


def test_brier_and_reliability_on_known_figures():
    chances, happened = np.array([0.0, 0.5, 1.0, 0.9]), np.array([0.0, 1.0, 1.0, 0.0])
    assert brier(chances, happened) == pytest.approx((0 + 0.25 + 0 + 0.81) / 4)
    bins = reliability(chances, happened)
    assert [b["bin"] for b in bins] == ["0.0-0.1", "0.5-0.6", "0.9-1.0"]
    assert bins[-1] == {"bin": "0.9-1.0", "forecasts": 2, "mean_chance": 0.95, "happened": 0.5}


def test_after_the_recorded_end_the_headline_says_so():
    from sim.words.forecast import headline

    ensemble = constructed(per_point=200)
    history = parse(HEADER + "2025-01-19,phase,,,,,phase_one,,s\n2025-01-20,release,1,,,,,,s\n"
                    "2025-01-29,hostilities_resumed,,,,,,,s\n", "r.csv")
    result = forecast(ensemble, history, dt.date(2025, 1, 29), [dt.date(2025, 2, 1)], Observation(0.0, 0))
    assert headline(result.summary).startswith("As of 29 Jan 2025, the record shows the end: the ceasefire collapses "
                                               "on 29 Jan 2025; before the record, 5")


def test_a_backtest_walks_the_record_and_scores_the_forecast_against_three_baselines():
    ensemble = constructed(per_point=500)
    history = parse(HEADER + "2025-01-19,phase,,,,,phase_one,,s\n2025-01-20,release,1,,,,,,s\n"
                    "2025-01-25,release,1,,,,,,s\n2025-01-29,hostilities_resumed,,,,,,,s\n", "r.csv")
    assert as_of_dates(history, 4) == [dt.date(2025, 1, 19), dt.date(2025, 1, 23), dt.date(2025, 1, 27)]
    tested = backtest(ensemble, history, Observation(0.0, 0), every=4)
    dates = tested.summary["as_of_dates"]
    assert [d["forecast"] for d in dates] == [True, True, False]
    assert dates[2]["warning"].startswith("no run agrees")  # 27 Jan: no run released twice
    assert "2 living hostages released in all by 25 Jan 2025 (line 4)" in dates[2]["warning"]
    assert tested.summary["dates_without_forecast"] == 1
    assert {f["as_of"] for f in tested.forecasts} == {"2025-01-19", "2025-01-23"}  # 27 Jan: no forecast, not scored
    scored = {(f["as_of"], f["state"]): f for f in tested.forecasts}
    assert scored["2025-01-23", "collapsed"]["happened"] == 1
    assert scored["2025-01-23", "collapsed"]["forecast"] > scored["2025-01-23", "collapsed"]["unweighted"]
    # the forecast of 23 Jan is the forecast command's from that date
    alone = forecast(ensemble, history, dt.date(2025, 1, 23), [history.last_date], Observation(0.0, 0))
    ahead = {row["state"]: row for row in alone.summary["milestones"]}
    assert ahead["collapsed"]["by"]["2025-01-29"]["posterior"]["value"] == scored["2025-01-23", "collapsed"]["forecast"]
    summary = tested.summary
    for name in ("forecast", "unweighted", "survival", "base_rate"):
        row = summary["scores"][name]
        assert row["brier_low"] <= row["brier"] <= row["brier_high"] and row["log_low"] <= row["log"] <= row["log_high"]
    gain = summary["differences"]["unweighted"]
    assert gain["brier"] == pytest.approx(summary["scores"]["unweighted"]["brier"] - summary["scores"]["forecast"]["brier"],
                                          abs=2e-4)
    assert set(summary["by_event"]) == {f["state"] for f in tested.forecasts}


def test_log_score_on_known_figures():
    assert log_loss(np.array([0.5, 1.0, 0.0]), np.array([1.0, 0.0, 0.0])) == pytest.approx([np.log(2), -np.log(0.001), -np.log(0.999)])


def test_the_command_gives_the_same_bytes_on_1_and_2_workers(tmp_path):
    outputs = []
    for jobs in (1, 2):
        out = tmp_path / f"j{jobs}"
        done = cli("forecast", AGREEMENT, RECORD, "--as-of", "2025-02-05", "--by", "2025-03-18", "--runs", "120",
                   "--points", "6", "--backtest", "--every", "14", "--jobs", jobs, "--out", out)
        assert done.returncode == 0, done.stderr
        outputs.append({name: (out / name).read_bytes() for name in
                        ("forecast.json", "forecast.csv", "forecast.png", "backtest.csv", "reliability.png")})
    assert outputs[0] == outputs[1]
    summary = json.loads(outputs[0]["forecast.json"], parse_constant=lambda name: pytest.fail(f"{name} in JSON"))
    (loaded,) = load_many([str(AGREEMENT)])[0]
    assert summary["runs"] == 120 and summary["design_points"] == 6
    assert len(summary["inputs"]) == len([i for i in uncertain_inputs(loaded) if i.path != ("horizon_days",)])  # the horizon is kept
    assert summary["backtest"]["as_of_dates"][0]["as_of"] == "2025-01-19"
    assert "Brier score by event" in done.stdout and "survival so far" in done.stdout
    assert "Next milestones after 5 Feb 2025" in done.stdout and "_" not in done.stdout.split("wrote")[0]


@pytest.mark.parametrize("args, message", [
    (["--as-of", "2025-04-01"], "--as-of 2025-04-01: outside the record (2025-01-19 to 2025-03-18)"),
    (["--as-of", "2025-02-30"], "--as-of 2025-02-30: not a date; write YYYY-MM-DD"),
    (["--as-of", "2025-03-01", "--tolerance", "-1"], "--tolerance -1.0: give a share from 0 to 5"),
    (["--as-of", "2025-03-01", "--by", "2025-02-01"], "--by 2025-02-01: give a date after the as-of date"),
    ([], "forecast: give --as-of DATE"),
    (["--as-of", "2025-03-01", "--runs", "10", "--points", "20"], "--runs 10: give at least one run a design point"),
])
def test_bad_input_is_one_line_and_exit_2_before_any_run(tmp_path, args, message):
    done = cli("forecast", AGREEMENT, RECORD, *args, "--out", tmp_path / "out")
    assert done.returncode == 2
    assert done.stderr.strip().startswith(message) and len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_a_record_outside_the_scenario_names_the_facts_no_run_matches_and_gives_no_forecast(tmp_path):
    record = tmp_path / "soon.csv"
    record.write_text(HEADER + "2025-01-19,phase,,,,,phase_one,,s\n2025-01-21,phase,,,,,phase_two,,s\n"
                      "2025-01-25,aid,,,,600,,,s\n")
    done = cli("forecast", AGREEMENT, record, "--as-of", "2025-01-25", "--runs", "40", "--out", tmp_path / "out")
    assert done.returncode == 3
    assert "no run of the scenario agrees with the record, so there is no forecast" in done.stdout
    assert "- Phase two entered on 21 Jan 2025 (line 3 of the record): no run does this" in done.stderr
    assert "How it ends" not in done.stdout and "Next milestones" not in done.stdout  # never the ensemble instead
    assert not (tmp_path / "out" / "forecast.png").exists()
    assert json.loads((tmp_path / "out" / "forecast.json").read_text())["outcomes"]["collapsed"]["posterior"] is None
    going = cli("forecast", AGREEMENT, record, "--as-of", "2025-01-25", "--runs", "40", "--go-on")
    assert going.returncode == 0 and "no forecast" in going.stdout


def test_a_record_that_does_not_fit_the_scenario_is_located(tmp_path):
    record = tmp_path / "early.csv"
    record.write_text(HEADER + "2024-12-01,phase,,,,,phase_one,,s\n")
    done = cli("forecast", AGREEMENT, record, "--as-of", "2024-12-01")
    assert done.returncode == 2 and done.stderr.startswith(f"{record}:2:1: date: 2024-12-01 is before the scenario")


def test_the_briefing_pack_gains_the_forecast_page_when_a_record_is_given(tmp_path):
    from pypdf import PdfReader

    done = cli("brief", AGREEMENT, "--runs", "120", "--driver-runs", "0", "--record", RECORD, "--as-of", "2025-02-05",
               "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    page = " ".join(PdfReader(tmp_path / "brief.pdf").pages[1].extract_text().split())
    assert page.startswith("Ceasefire scenarios: briefing") and "Forecast as of 5 Feb 2025" in page
    # the forecast command's forecast: the same ensemble (its uncertain inputs too) and the same numbers
    command = cli("forecast", AGREEMENT, RECORD, "--as-of", "2025-02-05", "--runs", "120", "--out", tmp_path / "f")
    headline = command.stdout.splitlines()[0]
    assert headline.startswith("As of 5 Feb 2025, given the record: collapse")
    assert headline.replace(" ", "") in page.replace(" ", "")  # the PDF may break a line after a dash
    assert "seed" not in page and str(RECORD) not in page and "records/" not in page
    assert "What the record cannot tell the model" in page
    assert (tmp_path / "forecast.svg").exists()
    alone = cli("brief", AGREEMENT, "--runs", "40", "--as-of", "2025-03-01", "--out", tmp_path / "other")
    assert alone.returncode == 2 and "give --record FILE and --as-of DATE together" in alone.stderr


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.floats(0.01, 1.0), st.integers(0, 4)), min_size=1, max_size=40))
def test_a_weighted_share_lies_inside_its_interval_inside_0_to_1(runs):
    hits, w, point = (np.array(column) for column in zip(*runs))
    figure = share(hits, w.astype(float), point.astype(int))
    assert 0.0 <= figure.low <= figure.value + 1e-12 and figure.value - 1e-12 <= figure.high <= 1.0


def test_the_weighting_is_calibrated_on_truths_drawn_from_the_scenario():
    """A small synthetic-truth check: runs drawn from the scenario (another seed) play the record; the
    weighted 10-90% range of prisoners released four weeks on holds each truth about 8 times in 10
    (benchmarks/calibration.py runs the larger check)."""
    from sim.analysis.backtest import calibration
    from sim.cli.forecast import ensemble_or_exit

    (loaded,) = load_many([str(AGREEMENT)])[0]
    ensemble, _ = ensemble_or_exit(loaded, 300, None, 1, None, None)
    truths, _ = ensemble_or_exit(loaded, 60, 6, 2, None, None)
    found = calibration(ensemble, truths.traces, 20, 28, Observation())
    assert found["scored"] >= 55
    assert 0.65 <= found["coverage_80"] <= 0.95

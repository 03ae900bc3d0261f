"""Forecast: the weighting on a constructed case whose posterior is known, the design, the backtest's
scores, byte-identical files on 1 and 2 workers, and the command as a user runs it."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.analysis.backtest import as_of_dates, backtest, brier, reliability
from sim.analysis.forecast import (Ensemble, Tolerance, design, effective_size, forecast, share, weighted_quantiles,
                                   weights)
from sim.engine import Record
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
                  [(1.0, 1, 0, 0)] if released else [], 6, 2, 0.0, [], 0, 0.0)


def constructed(thetas=(0.2, 0.8), per_point: int = 20000, seed: int = 5) -> Ensemble:
    """Two design points: at each, a run releases on day 1 with chance theta and collapses with
    chance theta, independently. Given a release, point theta has weight proportional to theta."""
    rng = np.random.default_rng(seed)
    records = [made(i * per_point + k, rng.random() < theta, rng.random() < theta)
               for i, theta in enumerate(thetas) for k in range(per_point)]
    loaded = LoadedScenario(scenario(), "known.yaml", ("known.yaml",), "0" * 64, (), {})
    return Ensemble(loaded, [], np.array([[t] for t in thetas]), per_point, seed, records)


def test_the_weights_give_the_known_posterior():
    ensemble = constructed()
    history = parse(HEADER + "2025-01-19,phase,,,,,phase_one,,s\n2025-01-20,release,1,,,,,,s\n", "r.csv")
    result = forecast(ensemble, history, dt.date(2025, 1, 21), [dt.date(2025, 2, 1)], Tolerance(0.0, 0))
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


def test_a_run_that_took_another_path_or_strays_beyond_the_tolerance_has_no_weight():
    start = dt.date(2025, 1, 19)
    history = parse(HEADER + "2025-01-19,phase,,,,,phase_one,,s\n2025-01-20,release,10,,,,,,s\n", "r.csv")
    runs = [made(0, True, False), made(1, True, True)]
    runs[0].releases[0] = (1.0, 10, 0, 0)  # exact
    runs[1].releases[0] = (1.0, 12, 0, 0)  # 2 off, allowed 0.2 * 10 + 1 = 3: d = 2/3
    w = weights(runs, history, start, 20, Tolerance(0.2, 3))  # run 1 collapsed on day 10: another path
    assert list(w) == [1.0, 0.0]
    w = weights(runs, history, start, 5, Tolerance(0.2, 3))
    assert w == pytest.approx([1.0, 1 - (2 / 3) ** 2])
    assert list(weights(runs, history, start, 5, Tolerance(0.1, 3))) == [1.0, 0.0]  # allowed 2: d = 1


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
    result = forecast(ensemble, history, dt.date(2025, 1, 29), [dt.date(2025, 2, 1)], Tolerance(0.0, 0))
    assert headline(result.summary).startswith("As of 29 Jan 2025, the record shows the end: the ceasefire collapses "
                                               "on 29 Jan 2025; before the record, 5")


def test_a_backtest_walks_the_record_and_scores_both_forecasts():
    ensemble = constructed(per_point=500)
    history = parse(HEADER + "2025-01-19,phase,,,,,phase_one,,s\n2025-01-20,release,1,,,,,,s\n"
                    "2025-01-25,release,1,,,,,,s\n2025-01-29,hostilities_resumed,,,,,,,s\n", "r.csv")
    assert as_of_dates(history, 4) == [dt.date(2025, 1, 19), dt.date(2025, 1, 23), dt.date(2025, 1, 27)]
    tested = backtest(ensemble, history, Tolerance(0.0, 0), every=4)
    assert [d["agreeing_runs"] > 0 for d in tested.summary["as_of_dates"]] == [True, True, False]
    assert tested.summary["as_of_dates"][2]["warning"].startswith("no run agrees")  # 27 Jan: no run released twice
    scored = {(f["as_of"], f["state"]): f for f in tested.forecasts}
    assert scored["2025-01-23", "collapsed"]["happened"] == 1
    assert scored["2025-01-23", "collapsed"]["posterior"] > scored["2025-01-23", "collapsed"]["prior"]
    summary = tested.summary
    assert 0 <= summary["brier_forecast"] <= 1 and 0 <= summary["brier_baseline"] <= 1
    assert summary["improvement_low"] <= summary["improvement"] <= summary["improvement_high"]


def test_the_command_gives_the_same_bytes_on_1_and_2_workers(tmp_path):
    outputs = []
    for jobs in (1, 2):
        out = tmp_path / f"j{jobs}"
        done = cli("forecast", AGREEMENT, RECORD, "--as-of", "2025-02-16", "--by", "2025-03-18", "--runs", "120",
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
    assert "Next milestones after 16 Feb 2025" in done.stdout and "_" not in done.stdout.split("wrote")[0]


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


def test_a_record_that_does_not_fit_the_scenario_is_located(tmp_path):
    record = tmp_path / "early.csv"
    record.write_text(HEADER + "2024-12-01,phase,,,,,phase_one,,s\n")
    done = cli("forecast", AGREEMENT, record, "--as-of", "2024-12-01")
    assert done.returncode == 2 and done.stderr.startswith(f"{record}:2:1: date: 2024-12-01 is before the scenario")


def test_the_briefing_pack_gains_the_forecast_page_when_a_record_is_given(tmp_path):
    from pypdf import PdfReader

    done = cli("brief", AGREEMENT, "--runs", "40", "--driver-runs", "0", "--record", RECORD, "--as-of", "2025-03-01",
               "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    page = PdfReader(tmp_path / "brief.pdf").pages[1].extract_text()
    assert page.startswith("Ceasefire scenarios: briefing") and "Forecast as of 1 Mar 2025" in page
    assert "runs agree with the record up to 1 Mar 2025" in " ".join(page.split())
    assert (tmp_path / "forecast.svg").exists()
    alone = cli("brief", AGREEMENT, "--runs", "40", "--as-of", "2025-03-01", "--out", tmp_path / "other")
    assert alone.returncode == 2 and "give --record FILE and --as-of DATE together" in alone.stderr


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.floats(0.01, 1.0), st.integers(0, 4)), min_size=1, max_size=40))
def test_a_weighted_share_lies_inside_its_interval_inside_0_to_1(runs):
    hits, w, point = (np.array(column) for column in zip(*runs))
    figure = share(hits, w.astype(float), point.astype(int))
    assert 0.0 <= figure.low <= figure.value + 1e-12 and figure.value - 1e-12 <= figure.high <= 1.0

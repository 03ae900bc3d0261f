"""The Python API gives the command line's numbers as plain data (and DataFrames when pandas is there)."""

from __future__ import annotations

import csv

import pytest

from sim import api
from sim.scenario import ScenarioError

from .conftest import PROPOSAL, cli

TALKS_STALL = PROPOSAL.parent / "proposal-talks-stall.yaml"


def test_run_gives_the_rows_and_summary_of_the_command_line(tmp_path):
    result = api.run(str(PROPOSAL), runs=12, seed=5)
    assert cli("run", PROPOSAL, "--runs", "12", "--seed", "5", "--out", tmp_path).returncode == 0
    with open(tmp_path / "runs.csv", newline="") as handle:
        written = list(csv.DictReader(handle))
    assert [row["final_state"] for row in written] == [row["final_state"] for row in result.rows]
    assert [float(row["prisoners_released"]) for row in written] == [row["prisoners_released"] for row in result.rows]
    assert result.summary["runs"] == 12 and result.summary["seed"] == 5
    frame = result.to_pandas()
    assert len(frame) == 12 and list(frame.columns) == list(written[0])


def test_compare_pairs_each_figure_with_its_interval():
    result = api.compare([api.load(str(PROPOSAL)), str(TALKS_STALL)], runs=20)
    assert len(result.scenarios) == 2
    first, second = (row for row in result.rows if row["key"] == "reached:phase_one")
    assert first["difference"] is None and second["difference"] is not None
    assert first["low"] <= first["value"] <= first["high"]
    assert len(result.to_pandas()) == len(result.rows)


def test_a_bad_scenario_raises_with_located_problems(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\n")
    with pytest.raises(ScenarioError) as caught:
        api.load(str(bad))
    assert str(caught.value.problems[0]).startswith(f"{bad}:1:1: ")
    with pytest.raises(ValueError, match="runs must be from 1"):
        api.run(str(PROPOSAL), runs=0)


# -- a notebook user's API (issue 22, item 8) -----------------------------------------------------------

def test_a_variant_in_code_is_the_variant_file_with_the_same_paths(tmp_path):
    proposal = api.load(PROPOSAL)
    forty = api.variant(proposal, {"talks.duration_days": 40, "acceptance.parties[1].accepts": 0.6})
    assert forty.scenario.talks.duration_days == 40.0 and forty.scenario.acceptance.parties[1].accepts == 0.6
    assert "talks.duration_days.lognormal.median" not in forty.scenario.uncertain  # as for a file: left out
    assert "Proposal of 31 May 2024: " in forty.scenario.name
    file = tmp_path / "forty.yaml"
    file.write_text(f"version: 1\nextends: {PROPOSAL}\nname: forty\ntalks:\n  duration_days: 40\n"
                    "acceptance:\n  parties:\n    - {name: Israel, accepts: 0.85, day: {uniform: [1, 14]}}\n"
                    "    - {name: Hamas, accepts: 0.6, day: {triangular: [3, 10, 45]}}\n")
    in_code, from_file = api.run(forty, runs=30, seed=3), api.run(file, runs=30, seed=3)
    assert [r["final_state"] for r in in_code] == [r["final_state"] for r in from_file]


@pytest.mark.parametrize("call, error, words", [
    (lambda: api.compare(str(PROPOSAL)), TypeError, "scenarios must be a list of scenarios"),
    (lambda: api.compare([]), ValueError, "scenarios is empty"),
    (lambda: api.run(PROPOSAL, runs=10, jobs=0), ValueError, "jobs must be 1 or more"),
    (lambda: api.run(PROPOSAL, runs=2.5), TypeError, "runs must be a whole number"),
    (lambda: api.run(42), TypeError, "scenario must be a scenario from load()"),
    (lambda: api.variant(PROPOSAL, {"talks.duraton_days": 40}), ValueError, "did you mean 'duration_days'"),
    (lambda: api.variant(PROPOSAL, {"talks.duration_days": -4}), ValueError, "changes: talks.duration_days"),
    (lambda: api.variant(PROPOSAL, ["talks.duration_days"]), TypeError, "changes must be a mapping"),
    (lambda: api.sweep(PROPOSAL, {"talks.duration_days": 40}), TypeError, "a list of values"),
    (lambda: api.sensitivity(PROPOSAL, method="tornado"), ValueError, "method must be"),
])
def test_wrong_arguments_are_named_in_the_error(call, error, words):
    with pytest.raises(error, match=words.replace("(", r"\(").replace(")", r"\)")):
        call()


def test_results_are_short_in_a_notebook_and_frames_have_nan_for_missing_figures():
    result = api.run(PROPOSAL, runs=40, seed=1)
    assert len(repr(result)) < 200 and repr(result).startswith("<RunResult 'Proposal of 31 May 2024': 40 runs")
    assert "<table>" in result._repr_html_() and len(result._repr_html_()) < 20_000
    states = result.states.to_pandas()
    assert "phase_one_extended" not in set(states["state"])  # a state no run reached is left out
    assert states["median_day_over_all_runs"].dtype == float  # None becomes NaN, never mixed
    frame = result.to_pandas()
    assert not any(value is None for value in frame.select_dtypes("float").to_numpy().ravel())


def test_sweep_explain_and_diff_give_frames():
    proposal = api.load(PROPOSAL)
    swept = api.sweep(proposal, {"talks.duration_days.lognormal.median": [20, 60]}, runs=20)
    assert list(swept.to_pandas().columns[:1]) == ["talks.duration_days.lognormal.median"] and len(swept) == 2
    told = api.explain(proposal, replication=3)
    assert set(told.columns) == {"day", "date", "what"} and told.about["outcome"].startswith("Ends ")
    assert told.rows[0]["date"].startswith("2024-")
    differences = api.diff(proposal, TALKS_STALL, runs=20)
    assert len(differences) >= 1 and {"change", "share", "low", "high"} <= set(differences.columns)
    oat = api.sensitivity(proposal, vary=["talks.start_day=7:28"], runs=10)
    assert len(oat) >= 2


def test_discover_replay_and_forecast_give_frames():
    agreement, record = PROPOSAL.parent / "agreement-2025-01.yaml", PROPOSAL.parent / "records" / "record-2025-01-to-03.csv"
    boxes = api.discover(PROPOSAL, samples=20, runs=4)
    assert boxes.about["overall"] and {"sentence", "density", "coverage"} <= set(boxes.columns)
    fit = api.replay(agreement, record, runs=20)
    assert "share_inside" in fit.columns and fit.about["summary"]["runs"] == 20
    ahead = api.forecast(agreement, record, as_of="2025-03-01", runs=100)
    assert {"kind", "posterior", "low", "high"} <= set(ahead.columns)
    with pytest.raises(ValueError, match="as_of must be a date"):
        api.forecast(agreement, record, as_of="1 March")

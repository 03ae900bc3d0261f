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

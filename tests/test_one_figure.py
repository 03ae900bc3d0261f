"""One figure, one name (issue 22, item 7): run and compare give the same median day under the same
words; states no run reached are left out of the tables; compare reads at 80 columns."""

from __future__ import annotations

import json

import pytest

from rich.cells import cell_len

from .conftest import PROPOSAL, SCENARIOS, cli


def test_run_and_compare_give_the_same_median_day_over_all_runs(tmp_path):
    run = cli("run", PROPOSAL, "--runs", "200", "--out", tmp_path / "run")
    compared = cli("compare", PROPOSAL, SCENARIOS / "proposal-talks-stall.yaml", "--runs", "200",
                   "--out", tmp_path / "compare")
    assert run.returncode == 0 and compared.returncode == 0, run.stderr + compared.stderr
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    rows = json.loads((tmp_path / "compare" / "compare.json").read_text())["rows"]
    for state in ("phase_one", "rejected"):
        figure = next(r for r in rows if r["metric"] == f"day:{state}")["scenarios"][0]["value"]
        assert summary["median_day_over_all_runs"][state] == pytest.approx(figure, abs=1e-3)
    assert "median day, all runs" in run.stdout
    # the proposal never has an agreed extension of phase one: no 0.0% row for it, one line saying so
    assert "Phase one extended" not in run.stdout and "No run reached: phase one extended" in run.stdout
    assert "extended" not in compared.stdout.split("No run of any scenario reached")[0]


def test_compare_of_three_scenarios_reads_at_80_columns():
    done = cli("compare", PROPOSAL, SCENARIOS / "proposal-talks-stall.yaml",
               SCENARIOS / "proposal-mediator-pressure.yaml", "--runs", "50", columns=80)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert not [line for line in lines if cell_len(line) > 80 or "…" in line]
    assert "Proposal: strong mediator pressure against Proposal of 31 May 2024" in done.stdout
    assert any(line.startswith("│ Reaches phase one ") for line in lines)

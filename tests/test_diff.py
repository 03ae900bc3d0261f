"""diff: the changes in words, each one's share of the difference (Shapley), the same bytes anywhere."""

from __future__ import annotations

import json

import numpy as np
import pytest

from sim.analysis.diff import attribution, changes, plan

from .conftest import PROPOSAL, SCENARIOS, cli

STALL = SCENARIOS / "proposal-talks-stall.yaml"


def _game(subsets):
    """Per-run values of a known game: 2 for change 0, 3 for change 1, 1 more when both are made."""
    value = [2.0 * (0 in s) + 3.0 * (1 in s) + 1.0 * (0 in s and 1 in s) for s in subsets]
    return np.repeat(np.array(value)[:, None], 5, axis=1)


def test_shapley_shares_split_an_interaction_evenly_and_add_up_to_the_whole():
    subsets = plan(2)
    assert subsets == [(), (0,), (1,), (0, 1)]
    shares, half = attribution(2, subsets, _game(subsets))
    assert shares == pytest.approx([2.5, 3.5]) and half == pytest.approx([0, 0])


def test_many_changes_are_credited_one_step_each_in_order():
    subsets = plan(8)
    assert subsets == [tuple(range(k)) for k in range(9)]
    per_run = np.array([[float(len(s) ** 2)] * 4 for s in subsets])
    shares, _ = attribution(8, subsets, per_run)
    assert shares == pytest.approx([2 * k + 1 for k in range(8)])  # k^2 - (k-1)^2


def test_the_changes_are_said_in_plain_words(proposal):
    from sim.scenario import load

    found = changes(proposal, load(str(STALL)))
    assert [c.words() for c in found] == [
        "days of talks needed to agree phase two: about 120 (spread 0.5) instead of about 40 (spread 0.5)",
        "daily chance that talks break down: 0.015 instead of 0.01"]
    assert changes(proposal, proposal) == []


def test_diff_attributes_the_whole_difference_and_writes_the_same_bytes_on_any_number_of_processes(tmp_path):
    for jobs in ("1", "2"):
        done = cli("diff", PROPOSAL, STALL, "--runs", "120", "--jobs", jobs, "--out", tmp_path / jobs)
        assert done.returncode == 0, done.stderr
        assert "2 changes, every combination (Shapley values): 4 variants x 120 runs" in done.stderr
    for name in ("diff.csv", "diff.json"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name
    report = json.loads((tmp_path / "1" / "diff.json").read_text())
    assert sum(c["share"] for c in report["changes"]) == pytest.approx(report["values"]["difference"], abs=1e-9)
    hazard = next(c for c in report["changes"] if c["keys"] == [["talks", "breakdown_hazard_per_day"]])
    assert hazard["share"] > 0 and hazard["ci"][0] <= hazard["share"] <= hazard["ci"][1]
    assert (tmp_path / "1" / "waterfall.png").stat().st_size > 10_000


def test_a_scenario_against_itself_has_nothing_to_attribute(tmp_path):
    done = cli("diff", PROPOSAL, PROPOSAL, "--runs", "10")
    assert done.returncode == 0, done.stderr
    assert "describe the same world" in done.stdout


def test_a_bad_measure_exits_2_with_one_line(tmp_path):
    done = cli("diff", PROPOSAL, STALL, "--measure", "peace", "--out", tmp_path / "out")
    assert done.returncode == 2
    assert done.stderr.strip() == "--measure peace: choose one of phase_two, collapse_by_day_42, hostages_still_held"
    assert not (tmp_path / "out").exists()


def test_the_waterfall_title_claims_a_change_only_beyond_noise():
    from sim.charts.waterfall import finding

    noisy = [("share of talks shortened", "United States shortens talks by 10%", 0.004, 0.01)]
    assert finding(noisy, "phase_two").startswith("No single change moves")
    clear = noisy + [("daily chance that talks break down", "breakdown 1% a day, not 0.5%", -0.08, 0.02)]
    assert finding(clear, "phase_two") == "Daily chance that talks break down moves the share reaching phase two most: -8.0 points"
    assert finding([], "phase_two") == "The two scenarios do not differ"

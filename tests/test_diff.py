"""diff: the changes in words, each one's share of the difference (Shapley), the same bytes anywhere."""

from __future__ import annotations

import json

import numpy as np
import pytest

from sim.analysis.diff import Change, attribution, changes, grouped, orders, plan

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


def _additive(subsets, effects, runs=50, seed=0):
    """Per-run values of a game where each change adds its effect, plus chance common to every subset."""
    luck = np.random.default_rng(seed).normal(0, 1, runs)
    return np.array([sum(effects[k] for k in s) + luck for s in subsets])


def test_past_six_changes_identical_changes_get_the_same_share_whatever_their_place():
    # three identical changes among nine: in file order they would get different steps; sampled
    # orders (with their reverses) give each its Shapley share, and the shares still add up exactly
    effects = [0.5, -1.0, 2.0, -1.0, 0.3, -1.0, 0.0, 0.7, 0.1]
    sampled = orders(9, seed=4)
    assert len(sampled) == 16 and all(sorted(o) == list(range(9)) for o in sampled)
    subsets = plan(9, sampled)
    assert subsets[0] == () and subsets[-1] == tuple(range(9))
    per_run = _additive(subsets, effects)
    interaction = np.array([1.5 * (1 in s and 3 in s) for s in subsets])[:, None]  # shared by changes 1 and 3
    shares, half = attribution(9, subsets, per_run + interaction, sampled)
    assert shares.sum() == pytest.approx(sum(effects) + 1.5)
    assert shares[5] == pytest.approx(-1.0)  # additive: every order credits it the same
    assert abs(shares[1] - shares[3]) <= half[1] + half[3]
    assert abs(shares[1] - (-1.0 + 0.75)) <= half[1] + 1e-9  # half the interaction, within the stated error
    assert half[1] > 0  # the sampling of orders is in the interval


def test_changes_of_the_same_kind_are_grouped_on_request():
    def change(*path):
        return Change((path,), (1,), (2,), (str(path),))

    found = [change("mediators", 0, "guarantee"), change("talks", "days"), change("mediators", 2, "guarantee")]
    together = grouped(found)
    assert [c.paths for c in together] == [(("mediators", 0, "guarantee"), ("mediators", 2, "guarantee")),
                                           (("talks", "days"),)]
    assert together[0].name == "('mediators', 0, 'guarantee') (and 1 more of the same kind)"
    assert together[1].name == "('talks', 'days')"


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
        assert "2 changes, every combination (exact Shapley values): 4 variants x 120 runs" in done.stderr
    for name in ("diff.csv", "diff.json"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name
    report = json.loads((tmp_path / "1" / "diff.json").read_text())
    assert report["measure"]["name"] == "collapsed_in_first_phase"
    assert "collapse during phase one" in done.stdout  # said from the deal's own first phase
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
    assert done.stderr.strip().startswith("--measure peace: choose one of collapsed_in_first_phase, collapsed, ")
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_the_waterfall_title_claims_a_change_only_beyond_noise():
    from sim.analysis.measures import measure
    from sim.charts.waterfall import finding

    reach = measure("reached:phase_two")
    noisy = [("share of talks shortened", "United States shortens talks by 10%", 0.004, 0.01)]
    assert finding(noisy, reach).startswith("No single change moves")
    clear = noisy + [("daily chance that talks break down", "breakdown 1% a day, not 0.5%", -0.08, 0.02)]
    assert finding(clear, reach) == ("Daily chance that talks break down moves the share of runs that reach phase two "
                                     "most: -8.0 points")
    close = clear + [("days of talks", "talks 60 days, not 40", 0.07, 0.02)]
    assert finding(close, reach) == ("Daily chance that talks break down and days of talks move the share of runs "
                                     "that reach phase two most; their intervals overlap")
    assert finding([], reach) == "The two scenarios do not differ"

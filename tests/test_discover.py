"""Scenario discovery: boxes found where they are, told in sentences, the same bytes on any executor."""

from __future__ import annotations

import csv
import json
import math
import re

import numpy as np
import pytest

from sim.analysis.discover import boxes, ensemble, sentence, wilson
from sim.analysis.measures import measure
from sim.analysis.variants import Input
from sim.scenario.checks import Target
from sim.scenario.distributions import Uniform

from .conftest import SCENARIOS, cli

pytest.importorskip("sklearn")
AGREEMENT = SCENARIOS / "agreement-2025-01.yaml"


def _input(k: int) -> Input:
    return Input(("talks", f"x{k}"), Uniform(-math.inf, math.inf, 0.0, 10.0), Target(5.0, False), 5.0, f"input {k}")


def test_the_box_is_found_where_the_outcome_concentrates():
    inputs = [_input(k) for k in range(3)]
    points = ensemble(3, 600, seed=4)
    inside = (points[:, 0] > 0.7) & (points[:, 1] < 0.4)
    runs = np.full(len(points), 100)
    counts = np.column_stack([runs, np.where(inside, 90, 5)])
    top = boxes(inputs, points, counts, depth=3, seed=0)[0]
    limits = {c.input.label: (c.low, c.high) for c in top.conditions}
    assert set(limits) == {"input 0", "input 1"}  # input 2 does not matter: no condition on it
    assert limits["input 0"][0] == pytest.approx(7.0, abs=0.3) and limits["input 1"][1] == pytest.approx(4.0, abs=0.3)
    assert top.density == pytest.approx(0.9, abs=0.01)
    assert top.coverage == pytest.approx(90 * inside.sum() / counts[:, 1].sum(), abs=0.02)
    assert top.recurrence >= 0.8 and top.stable  # a clear box comes back in the resamples
    assert all(c.raises for c in top.conditions)
    words = sentence(top, measure("collapsed"), 0.2)
    assert words.startswith("When ") and re.search(r"input 0 is above (6\.9\d|7)\b", words)
    assert "the share of runs that collapse (at any time) is 90% (" in words and "against 20% overall" in words
    assert "of all runs with the outcome" in words and "recurs in" in words


def test_a_box_from_noise_does_not_recur_and_says_so():
    inputs = [_input(k) for k in range(3)]
    points = ensemble(3, 200, seed=5)
    hits = np.random.default_rng(1).binomial(10, 0.3, len(points))  # the outcome has nothing to do with the inputs
    found = boxes(inputs, points, np.column_stack([np.full(len(points), 10), hits]), depth=3, seed=0)
    assert all(not box.stable for box in found)
    assert all("read it as a hint" in sentence(box, measure("collapsed")) for box in found)


def test_a_condition_the_outcome_happens_despite_is_said_with_even_when():
    inputs = [_input(k) for k in range(2)]
    points = ensemble(2, 800, seed=6)
    # the outcome is common where input 0 is high, and less so (yet above overall) where input 1 is high too
    density = np.where(points[:, 0] > 0.5, np.where(points[:, 1] > 0.5, 0.6, 0.9), 0.1)
    counts = np.column_stack([np.full(len(points), 100), np.round(100 * density).astype(int)])
    found = boxes(inputs, points, counts, depth=2, seed=0, resamples=0)
    mixed = next(b for b in found if len(b.conditions) == 2 and b.density < 0.8)
    assert [c.raises for c in mixed.conditions] == [True, False]
    assert ", even when input 1 is above" in sentence(mixed, measure("collapsed"))


def test_wilson_intervals_hold_the_share_and_stay_within_0_and_1():
    assert wilson(0, 10)[0] == 0 and wilson(10, 10)[1] == 1
    low, high = wilson(64, 100)
    assert low < 0.64 < high and high - low == pytest.approx(0.185, abs=0.01)


def test_ensembles_are_the_same_for_a_seed():
    assert np.array_equal(ensemble(4, 50, 7), ensemble(4, 50, 7))
    assert not np.array_equal(ensemble(4, 50, 7), ensemble(4, 50, 8))


def test_discover_tells_boxes_in_sentences_and_writes_the_same_bytes_on_any_number_of_processes(tmp_path):
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / jobs
        done = cli("discover", AGREEMENT, "--samples", "40", "--runs", "20", "--jobs", jobs, "--out", out)
        assert done.returncode == 0, done.stderr
        assert "40 design points x 20 runs = 800 replications; measure: share of runs that collapse during " \
            "phase one" in done.stderr
        outputs.append(out)
    for name in ("discover.csv", "discover.json"):
        assert (outputs[0] / name).read_bytes() == (outputs[1] / name).read_bytes(), name
    report = json.loads((outputs[0] / "discover.json").read_text())
    assert report["overall"]["runs"] == 800 and report["boxes"]
    assert report["measure"]["name"] == "collapsed_in_first_phase"  # the same default as sensitivity's
    assert all(0 <= box["recurrence"] <= 1 for box in report["boxes"])
    for box in report["boxes"]:
        assert box["sentence"] in done.stdout
        assert box["density_ci"][0] <= box["density"] <= box["density_ci"][1]
        assert box["density"] > report["overall"]["with_outcome"] / 800
        assert all("_" not in c["label"] for c in box["conditions"])
    rows = list(csv.DictReader((outputs[0] / "discover.csv").open()))
    assert {int(r["box"]) for r in rows} == set(range(1, len(report["boxes"]) + 1))
    assert (outputs[0] / "discover.png").stat().st_size > 10_000


def test_an_unknown_outcome_exits_2_with_one_line(tmp_path):
    done = cli("discover", AGREEMENT, "--outcome", "peace", "--out", tmp_path / "out")
    assert done.returncode == 2
    from sim.machine import machine_of
    from sim.scenario import load

    states = ", ".join(name for name in machine_of(load(str(AGREEMENT)).scenario).state_names if name != "proposed")
    assert done.stderr.strip() == f"--outcome peace: the scenario has no state 'peace'; name one of {states}"
    assert not (tmp_path / "out").exists()

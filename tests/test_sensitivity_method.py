"""The sensitivity methods on functions whose indices are known (no simulation: fast), with and without chance."""

from __future__ import annotations

import numpy as np
import pytest

from sim.analysis.sensitivity import Evaluated, block_seed, noise_share, saltelli_points, screen, \
    sobol_indices

pytest.importorskip("SALib")

# Ishigami (a=7, b=0.1) on [-pi, pi]^3: the indices are known in closed form.
ISHIGAMI_S1 = np.array([0.3139, 0.4424, 0.0])
ISHIGAMI_ST = np.array([0.5576, 0.4424, 0.2437])


def ishigami(points: np.ndarray, seeds=None, runs: int = 1) -> Evaluated:
    x = -np.pi + 2 * np.pi * points
    y = np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
    return Evaluated(y[:, None, None])


def test_sobol_matches_salib_on_the_same_design_without_chance():
    from SALib.analyze import sobol as salib_sobol

    found = sobol_indices(3, ishigami, headline=0, target=0.0, first=256, most=256, seed=1)
    y = ishigami(saltelli_points(3, 1, 0, 256)).means[:, 0]
    theirs = salib_sobol.analyze({"num_vars": 3, "names": ["a", "b", "c"], "bounds": [[0, 1]] * 3}, y,
                                 calc_second_order=False)
    assert found.ST[:, 0] == pytest.approx(theirs["ST"], abs=1e-12)
    assert found.S1[:, 0] == pytest.approx(theirs["S1"], abs=1e-3)  # both centre f(B); SALib on every point


def test_sobol_finds_the_ishigami_indices_within_their_stated_intervals():
    found = sobol_indices(3, ishigami, headline=0, target=0.05, first=64, most=8192, seed=1)
    assert found.precise and found.reached <= 0.05 and not found.warnings
    assert found.samples > 64  # it had to add blocks to reach the target
    for got, conf, known in ((found.S1, found.S1_conf, ISHIGAMI_S1), (found.ST, found.ST_conf, ISHIGAMI_ST)):
        assert np.all(np.abs(got[:, 0] - known) <= 2 * conf[:, 0] + 0.01)


def test_sobol_says_plainly_when_the_budget_stops_short_of_the_target():
    found = sobol_indices(3, ishigami, headline=0, target=0.01, first=32, most=64, seed=1)
    assert not found.precise and found.samples == 64 and found.points == 64 * 5
    assert "known to within" in found.warnings[0] and "target was ±0.01" in found.warnings[0]


def test_each_block_is_evaluated_once_with_its_own_seed_as_blocks_are_added():
    seen: list[list[int]] = []

    def counted(points, seeds, runs):
        seen.append(list(seeds))
        return ishigami(points)

    found = sobol_indices(3, counted, headline=0, target=0.0, first=16, most=64, seed=2)
    every = [s for call in seen for s in call]
    assert len(every) == found.points == found.samples * 5
    blocks = [every[j:j + 5] for j in range(0, len(every), 5)]
    assert all(len(set(b)) == 1 for b in blocks)  # common random numbers inside a block
    assert len({b[0] for b in blocks}) == len(blocks)  # fresh luck for each block
    assert blocks[3][0] == block_seed(2, 2, 3)


# A model with known indices plus chance: y = 2 x1 + x2 + 0.5 x3 + 2 x1 x2 (x4 does nothing) on [0, 1]^4;
# each run adds noise that is partly common to a block's points (as the simulator's shared seeds give)
# and partly the point's own, with a spread that depends on x2.
A, B = np.array([2.0, 1.0, 0.5, 0.0]), 2.0
PARTS = np.array([(A[0] + B / 2) ** 2 / 12, (A[1] + B / 2) ** 2 / 12, A[2] ** 2 / 12, 0.0])
TOTAL = PARTS.sum() + B * B / 144
KNOWN_S1 = PARTS / TOTAL
KNOWN_ST = (PARTS + np.array([B * B / 144, B * B / 144, 0, 0])) / TOTAL


def noisy(points: np.ndarray, seeds: list[int], runs: int) -> Evaluated:
    mean = points @ A + B * points[:, 0] * points[:, 1]
    first = np.unique(seeds, return_index=True)[1]
    common = {seeds[i]: np.random.default_rng(seeds[i]).standard_normal((2, runs)) for i in first}
    shared = np.array([common[s][0] for s in seeds]) * (0.5 + points[:, 1:2]) + 0.5 * np.array([common[s][1] for s in seeds])
    own = 0.5 * np.random.default_rng([seeds[0], len(points)]).standard_normal((len(points), runs))
    return Evaluated((mean[:, None] + shared + own)[:, :, None])


def test_stated_95_percent_intervals_cover_the_true_indices_of_a_noisy_model():
    covered = []
    for trial in range(150):
        found = sobol_indices(4, noisy, headline=0, target=0.0, first=64, most=64, seed=trial, runs=3)
        covered.extend(np.abs(found.ST[:, 0] - KNOWN_ST) <= found.ST_conf[:, 0])
        covered.extend(np.abs(found.S1[:, 0] - KNOWN_S1) <= found.S1_conf[:, 0])
    assert found.noise_share[0] > 0.1  # chance is a real part of the spread between points
    assert 0.90 <= np.mean(covered) <= 0.99


def test_without_the_correction_for_chance_the_noisy_model_would_look_more_interactive():
    found = sobol_indices(4, noisy, headline=0, target=0.0, first=512, most=512, seed=5, runs=3)
    # the paired differences carry chance; uncorrected, the idle input would get a total index near
    # chance's share of a difference; corrected, it is zero within its interval
    assert abs(found.ST[3, 0]) <= found.ST_conf[3, 0]
    assert np.all(np.abs(found.ST[:, 0] - KNOWN_ST) <= 2 * found.ST_conf[:, 0] + 0.01)


def test_the_runs_a_point_are_chosen_for_the_target_and_the_blocks_follow():
    rounds = []

    def recorded(points, seeds, runs):
        rounds.append(runs)
        return noisy(points, seeds, runs)

    found = sobol_indices(4, recorded, headline=0, target=0.05, first=64, most=8192, seed=3)
    assert rounds[0] == 5 and found.runs[0] == 5 and len(found.runs) >= 2
    assert found.precise
    assert 2 <= found.runs[1] <= 100


def linear(points: np.ndarray, seeds=None, runs: int = 1) -> Evaluated:
    y = 4 * points[:, 0] + 2 * points[:, 1] + 0 * points[:, 2]
    return Evaluated(y[:, None, None])


def test_morris_screening_ranks_a_linear_model_by_its_coefficients():
    found = screen(3, linear, trajectories=10, seed=3)
    assert found.mu_star[:, 0] == pytest.approx([4, 2, 0], abs=1e-9)
    assert found.matters(0) == [0, 1]
    assert found.points == 10 * 4


def test_chance_is_measured_and_an_effect_below_it_does_not_count():
    def noisy_linear(points, seeds, runs):
        own = np.random.default_rng(list(seeds[:1])).standard_normal((len(points), runs))
        return Evaluated(linear(points).values + 1.5 * own[:, :, None])

    found = screen(3, noisy_linear, trajectories=10, seed=3, runs=20)
    # the paired difference of two means of 20 runs has a spread of 1.5 * sqrt(2 / 20); over a step of 2/3
    assert found.noise_floor[0] == pytest.approx(1.5 * np.sqrt(2 / 20) / (2 / 3) * np.sqrt(2 / np.pi), rel=0.25)
    assert found.matters(0) == [0, 1]
    means = noisy_linear(np.random.default_rng(0).random((50, 3)), [1] * 50, 5)
    assert 0 < noise_share(means.means, means.noise)[0] < 1

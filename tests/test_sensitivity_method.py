"""The sensitivity methods on functions whose indices are known (no simulation: fast)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.analysis.sensitivity import Evaluated, noise_share, screen, sobol_indices

pytest.importorskip("SALib")

# Ishigami (a=7, b=0.1) on [-pi, pi]^3: the indices are known in closed form.
ISHIGAMI_S1 = np.array([0.3139, 0.4424, 0.0])
ISHIGAMI_ST = np.array([0.5576, 0.4424, 0.2437])


def ishigami(points: np.ndarray) -> Evaluated:
    x = -np.pi + 2 * np.pi * points
    y = np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
    return Evaluated(y[:, None], np.zeros((len(y), 1)))


def test_sobol_finds_the_ishigami_indices_within_their_stated_intervals():
    found = sobol_indices(3, ishigami, headline=0, target=0.05, first=64, most=8192, seed=1)
    assert found.precise and found.reached <= 0.05 and not found.warnings
    assert found.samples > 64  # it had to double to reach the target
    for got, conf, known in ((found.S1, found.S1_conf, ISHIGAMI_S1), (found.ST, found.ST_conf, ISHIGAMI_ST)):
        assert np.all(np.abs(got[:, 0] - known) <= 2 * conf[:, 0] + 0.01)


def test_sobol_says_plainly_when_the_budget_stops_short_of_the_target():
    found = sobol_indices(3, ishigami, headline=0, target=0.01, first=32, most=64, seed=1)
    assert not found.precise and found.samples == 64 and found.points == 64 * 5
    assert "known to within" in found.warnings[0] and "target was ±0.01" in found.warnings[0]


def test_each_point_is_evaluated_once_as_the_samples_double():
    seen = []

    def counted(points):
        seen.append(len(points))
        return ishigami(points)

    found = sobol_indices(3, counted, headline=0, target=0.0, first=16, most=64, seed=2)
    assert seen == [16 * 5, 16 * 5, 32 * 5] and found.points == sum(seen)


def linear(points: np.ndarray) -> Evaluated:
    y = 4 * points[:, 0] + 2 * points[:, 1] + 0 * points[:, 2]
    return Evaluated(y[:, None], np.zeros((len(y), 1)))


def test_morris_screening_ranks_a_linear_model_by_its_coefficients():
    found = screen(3, linear, trajectories=10, seed=3)
    assert found.mu_star[:, 0] == pytest.approx([4, 2, 0], abs=1e-9)
    assert found.matters(0) == [0, 1]
    assert found.points == 10 * 4


def test_chance_is_measured_and_an_effect_below_it_does_not_count():
    def noisy(points):
        clean = linear(points)
        return Evaluated(clean.means, np.full_like(clean.means, 0.5))  # chance: a standard error of 0.7

    found = screen(3, noisy, trajectories=10, seed=3)
    assert found.noise_floor[0] == pytest.approx(np.sqrt(2 * 0.5) / (2 / 3))
    assert found.matters(0) == [0, 1]  # 4 and 2 stand above a floor of 1.5; 0 does not
    assert 0 < noise_share(noisy(np.random.default_rng(0).random((50, 3))))[0] < 1

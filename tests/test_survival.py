"""Kaplan-Meier with Greenwood bands, checked against lifelines (a well-kept reference implementation)."""

from __future__ import annotations

import lifelines
import numpy as np
import pytest

from sim.analysis.survival import kaplan_meier


@pytest.mark.parametrize("seed, collapse_share", [(1, 0.7), (2, 0.1), (3, 1.0)])
def test_kaplan_meier_and_its_band_match_lifelines(seed, collapse_share):
    rng = np.random.default_rng(seed)
    durations = np.round(rng.exponential(40, 3000)) + 1  # whole days: many ties
    observed = rng.random(3000) < collapse_share
    curve = kaplan_meier(durations, observed)
    reference = lifelines.KaplanMeierFitter().fit(durations, observed)
    times = curve.times[1:]
    band = reference.confidence_interval_.loc[times]
    assert curve.survival[1:] == pytest.approx(reference.survival_function_at_times(times).to_numpy(), abs=1e-12)
    assert curve.lower[1:] == pytest.approx(band.iloc[:, 0].to_numpy(), abs=1e-9)
    assert curve.upper[1:] == pytest.approx(band.iloc[:, 1].to_numpy(), abs=1e-9)
    assert np.all((0 <= curve.lower) & (curve.lower <= curve.survival) & (curve.survival <= curve.upper) & (curve.upper <= 1))


def test_no_collapse_is_a_flat_line_at_one():
    curve = kaplan_meier([5.0, 9.0], [False, False])
    assert curve.times.tolist() == [0.0] and curve.survival.tolist() == [1.0] and curve.lower.tolist() == [1.0]

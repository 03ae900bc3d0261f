"""How long the ceasefire holds: Kaplan-Meier over the runs in which it began.

Time is counted from the day phase one began. A run whose ceasefire collapsed
is an event on the day of the collapse; every other run (completed, or still
in a ceasefire phase) is censored at the horizon: it was watched that long and
had not collapsed.

The estimate sorts the times once (O(n log n)); its 95% band is Greenwood's variance on
the log(-log) scale (the "exponential Greenwood" band, as in lifelines), which stays
inside 0 to 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

from .runs import Runs


@dataclass(frozen=True)
class Curve:
    times: np.ndarray  # 0, then each day on which at least one collapse happened
    survival: np.ndarray  # share still holding just after each of those days
    durations: np.ndarray  # every run's time, for numbers at risk
    observed: np.ndarray  # True where the run's time ends in a collapse
    lower: np.ndarray  # the band's low and high ends at each of those days (95% by default)
    upper: np.ndarray

    def at(self, day: float) -> float:
        """Share still holding after ``day`` (a step function, right-continuous)."""
        return float(self.survival[np.searchsorted(self.times, day, side="right") - 1])

    def at_risk(self, day: float) -> int:
        """Runs still holding and still watched at ``day``."""
        return int(np.count_nonzero(self.durations >= day))


def kaplan_meier(durations, observed, confidence: float = 0.95) -> Curve:
    """The product-limit estimate, S *= 1 - deaths / at risk at each event time, with its
    Greenwood band; one sort, then cumulative sums."""
    durations = np.asarray(durations, dtype=float)
    observed = np.asarray(observed, dtype=bool)
    times, first, counts = np.unique(durations, return_index=False, return_inverse=True, return_counts=True)
    deaths = np.bincount(first, weights=observed, minlength=len(times))
    at_risk = len(durations) - np.concatenate(([0], np.cumsum(counts)[:-1]))  # runs with a time >= t
    event = deaths > 0
    times, deaths, at_risk = times[event], deaths[event], at_risk[event]
    survival = np.cumprod(1.0 - deaths / at_risk)
    lower, upper = _greenwood_band(survival, deaths, at_risk, confidence)
    start = np.array([0.0]), np.array([1.0])
    return Curve(np.concatenate((start[0], times)), np.concatenate((start[1], survival)), durations, observed,
                 np.concatenate((start[1], lower)), np.concatenate((start[1], upper)))


def _greenwood_band(survival, deaths, at_risk, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """exp(-exp(log(-log S) -/+ z * sd)), sd from Greenwood's sum over log S; 0 once S is 0."""
    z = NormalDist().inv_cdf((1 + confidence) / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        greenwood = np.cumsum(deaths / (at_risk * (at_risk - deaths)))
        log_s = np.log(survival)
        spread = z * np.sqrt(greenwood) / log_s
        lower = np.exp(-np.exp(np.log(-log_s) - spread))
        upper = np.exp(-np.exp(np.log(-log_s) + spread))
    held = survival > 0
    return np.where(held, np.nan_to_num(lower, nan=1.0), 0.0), np.where(held, np.nan_to_num(upper, nan=1.0), 0.0)


def ceasefire_durations(runs: Runs) -> tuple[np.ndarray, np.ndarray]:
    """(days from the start of phase one, collapsed?) for each run in which phase one began."""
    horizon = runs.scenario.horizon_days
    durations, observed = [], []
    for record in runs.records:
        begun = record.entered.get("phase_one")
        if begun is None:
            continue
        collapsed = record.entered.get("collapsed")
        durations.append((collapsed if collapsed is not None else horizon) - begun)
        observed.append(collapsed is not None)
    return np.array(durations, dtype=float), np.array(observed, dtype=bool)

"""How long the ceasefire holds: Kaplan-Meier over the runs in which it began.

Time is counted from the day phase one began. A run whose ceasefire collapsed
is an event on the day of the collapse; every other run (completed, or still
in a ceasefire phase) is censored at the horizon: it was watched that long and
had not collapsed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .runs import Runs


@dataclass(frozen=True)
class Curve:
    times: np.ndarray  # 0, then each day on which at least one collapse happened
    survival: np.ndarray  # share still holding just after each of those days
    durations: np.ndarray  # every run's time, for numbers at risk
    observed: np.ndarray  # True where the run's time ends in a collapse

    def at(self, day: float) -> float:
        """Share still holding after ``day`` (a step function, right-continuous)."""
        return float(self.survival[np.searchsorted(self.times, day, side="right") - 1])

    def at_risk(self, day: float) -> int:
        """Runs still holding and still watched at ``day``."""
        return int(np.count_nonzero(self.durations >= day))


def kaplan_meier(durations, observed) -> Curve:
    """The product-limit estimate: at each event time, S *= 1 - deaths / at risk."""
    durations = np.asarray(durations, dtype=float)
    observed = np.asarray(observed, dtype=bool)
    times = np.unique(durations[observed])
    deaths = np.array([np.count_nonzero(observed & (durations == t)) for t in times])
    at_risk = np.array([np.count_nonzero(durations >= t) for t in times])
    survival = np.cumprod(1.0 - deaths / np.maximum(at_risk, 1))
    return Curve(np.concatenate(([0.0], times)), np.concatenate(([1.0], survival)), durations, observed)


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

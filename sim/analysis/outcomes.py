"""The outcome measures that sweeps and sensitivity analyses report, over all runs of a scenario.

- ``phase_two``: the share of runs that reach phase two.
- ``collapse_by_day_42``: the share of runs in which the ceasefire collapses within 42 days of
  the start of phase one (the six weeks of phase one as announced), counted over all runs:
  a run in which phase one never begins counts as not collapsed.
- ``hostages_still_held``: the mean number of living hostages still held at the end of a run
  (at the horizon; after a collapse nobody more is released, so that is the number at the horizon).

:class:`Outcomes` counts them as records arrive; nothing grows with the number of runs.
"""

from __future__ import annotations

from array import array

from ..engine import Record

COLLAPSE_WINDOW_DAYS = 42

# (column, words for tables and charts, True when a share of runs)
MEASURES = (
    ("phase_two", "share reaching phase two", True),
    ("collapse_by_day_42", f"share collapsed by day {COLLAPSE_WINDOW_DAYS} of phase one", True),
    ("hostages_still_held", "living hostages still held at the horizon (mean)", False),
)
NAMES = tuple(name for name, _, _ in MEASURES)
SHORT = {"phase_two": "reach phase two", "collapse_by_day_42": "collapse by day 42", "hostages_still_held": "hostages held"}
CAPTION = ("reach phase two: share of runs reaching phase two; collapse by day 42: share of runs collapsed within "
           "42 days of the start of phase one; hostages held: mean living hostages still held at the horizon")
LABELS = {name: label for name, label, _ in MEASURES}
SHARES = {name for name, _, share in MEASURES if share}


def collapsed_early(record: Record) -> bool:
    """Did the ceasefire collapse within 42 days of the start of phase one?"""
    collapsed, began = record.entered.get("collapsed"), record.entered.get("phase_one")
    return collapsed is not None and began is not None and collapsed - began <= COLLAPSE_WINDOW_DAYS


class Outcomes:
    """Running counts of the outcome measures of one scenario."""

    __slots__ = ("runs", "phase_two", "collapsed", "held", "held_squares", "each")

    def __init__(self, keep_runs: bool = False) -> None:
        self.runs = self.phase_two = self.collapsed = self.held = self.held_squares = 0
        # Each run's measures, in run order, when kept: pairs run k of two variants (common random numbers).
        self.each = {name: array("d") for name in NAMES} if keep_runs else None

    def add(self, record: Record) -> None:
        self.runs += 1
        reached, collapsed, held = "phase_two" in record.entered, collapsed_early(record), record.hostages_still_held
        self.phase_two += reached
        self.collapsed += collapsed
        self.held += held
        self.held_squares += held ** 2
        if self.each is not None:
            for name, value in zip(NAMES, (reached, collapsed, held)):
                self.each[name].append(value)

    def values(self) -> dict[str, float]:
        runs = self.runs or 1
        return {"phase_two": self.phase_two / runs, "collapse_by_day_42": self.collapsed / runs,
                "hostages_still_held": self.held / runs}

    def noise(self) -> dict[str, float]:
        """The variance of each measure that is run-to-run chance: the spread of one run's value
        over the runs, divided by their number (the variance of the mean)."""
        if self.runs < 2:
            return dict.fromkeys(NAMES, 0.0)
        values, n = self.values(), self.runs
        spread = {name: values[name] * (1 - values[name]) * n / (n - 1) for name in SHARES}
        spread["hostages_still_held"] = max(self.held_squares - n * values["hostages_still_held"] ** 2, 0) / (n - 1)
        return {name: spread[name] / n for name in NAMES}

    def paired_noise(self, other: "Outcomes") -> dict[str, float]:
        """The variance, from run-to-run chance, of the difference between this variant's measures and
        ``other``'s when run k of one is paired with run k of the other (both must keep their runs)."""
        import numpy as np

        out = {}
        for name in NAMES:
            difference = np.frombuffer(self.each[name]) - np.frombuffer(other.each[name])
            out[name] = float(difference.var(ddof=1) / len(difference)) if len(difference) > 1 else 0.0
        return out


def formatted(name: str, value: float) -> str:
    """A measure as a table shows it: shares in per cent, counts with one decimal."""
    return f"{value:.1%}" if name in SHARES else f"{value:,.1f}"

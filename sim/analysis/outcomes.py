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

    __slots__ = ("runs", "phase_two", "collapsed", "held")

    def __init__(self) -> None:
        self.runs = self.phase_two = self.collapsed = self.held = 0

    def add(self, record: Record) -> None:
        self.runs += 1
        self.phase_two += "phase_two" in record.entered
        self.collapsed += collapsed_early(record)
        self.held += record.hostages_still_held

    def values(self) -> dict[str, float]:
        runs = self.runs or 1
        return {"phase_two": self.phase_two / runs, "collapse_by_day_42": self.collapsed / runs,
                "hostages_still_held": self.held / runs}


def formatted(name: str, value: float) -> str:
    """A measure as a table shows it: shares in per cent, counts with one decimal."""
    return f"{value:.1%}" if name in SHARES else f"{value:,.1f}"

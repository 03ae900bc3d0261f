"""Running counts of outcome measures (:mod:`sim.analysis.measures`) over the runs of one scenario.

:class:`Outcomes` adds each record as it arrives; nothing grows with the number of runs unless each
run's values are kept (to pair run k of two variants, or to correct for chance in a sensitivity
analysis).
"""

from __future__ import annotations

from array import array

from ..engine import Record
from .measures import Measure, measures


class Outcomes:
    """Running sums of the measures of one scenario (in the order given; the standard ones by default)."""

    __slots__ = ("measures", "runs", "sums", "squares", "each")

    def __init__(self, keep_runs: bool = False, shown: tuple[Measure, ...] | None = None) -> None:
        self.measures = shown or measures()
        self.runs = 0
        self.sums = [0.0] * len(self.measures)
        self.squares = [0.0] * len(self.measures)
        # Each run's measures, in run order, when kept: pairs run k of two variants (common random numbers).
        self.each = {m.name: array("d") for m in self.measures} if keep_runs else None

    def add(self, record: Record) -> None:
        self.runs += 1
        for k, m in enumerate(self.measures):
            value = float(m.of(record))
            self.sums[k] += value
            self.squares[k] += value * value
            if self.each is not None:
                self.each[m.name].append(value)

    def values(self) -> dict[str, float]:
        runs = self.runs or 1
        return {m.name: total / runs for m, total in zip(self.measures, self.sums)}

    def noise(self) -> dict[str, float]:
        """The variance of each measure's mean that is run-to-run chance: the spread of one run's value
        over the runs, divided by their number."""
        n = self.runs
        if n < 2:
            return {m.name: 0.0 for m in self.measures}
        return {m.name: max(sq - total * total / n, 0.0) / (n - 1) / n
                for m, total, sq in zip(self.measures, self.sums, self.squares)}

    def paired_noise(self, other: "Outcomes") -> dict[str, float]:
        """The variance, from run-to-run chance, of the difference between this variant's measures and
        ``other``'s when run k of one is paired with run k of the other (both must keep their runs)."""
        import numpy as np

        out = {}
        for m in self.measures:
            difference = np.frombuffer(self.each[m.name]) - np.frombuffer(other.each[m.name])
            out[m.name] = float(difference.var(ddof=1) / len(difference)) if len(difference) > 1 else 0.0
        return out

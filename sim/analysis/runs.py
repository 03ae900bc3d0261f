"""Run several scenarios once, with the same seeds, and keep the records for every table and chart.

:func:`simulate` is the one place where the compare, chart and brief commands
ask for replications: to run them elsewhere (a process pool), change it here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..engine import Record
from ..scenario import LoadedScenario

Wrap = Callable[[Iterable[Record], int, str], Iterator[Record]]


@dataclass(frozen=True)
class Runs:
    """The records of one scenario: replications 0..n-1 with root seed ``seed``."""

    loaded: LoadedScenario
    seed: int
    records: tuple[Record, ...]

    @property
    def name(self) -> str:
        return self.loaded.scenario.name

    @property
    def scenario(self):
        return self.loaded.scenario

    def __len__(self) -> int:
        return len(self.records)


def _as_is(records: Iterable[Record], total: int, description: str) -> Iterable[Record]:
    return records


def simulate(scenarios: list[LoadedScenario], seed: int, runs: int, wrap: Wrap = _as_is) -> list[Runs]:
    """Replications 0..runs-1 of every scenario with the same root seed (common random numbers:
    replication k of each scenario draws the same random numbers, so differences come from the
    scenarios). ``wrap`` may show progress."""
    from ..execution import replications

    return [Runs(loaded, seed, tuple(wrap(replications(loaded.scenario, seed, runs), runs,
                                          f"running {loaded.scenario.name}")))
            for loaded in scenarios]


def common_seed(scenarios: list[LoadedScenario], seed: int | None) -> int:
    """The seed given, else the first scenario's: one seed for all, so that they share random numbers."""
    return scenarios[0].scenario.seed if seed is None else seed

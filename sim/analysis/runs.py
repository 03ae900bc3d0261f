"""Run several scenarios once, with the same seeds, and keep the records for every table and chart.

:func:`simulate` is the one place where the compare, chart and brief commands
ask for replications: to run them elsewhere (a process pool), change it here.
It also tells one run of each scenario in full (the timeline chart): the
replication asked for (run 0 by default), run again with its chronology kept
(replication k is the same run wherever it runs). No run is picked as "typical":
the outcome is two-way, so one run stands for none of the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass
from functools import cached_property

from ..engine import Engine, Record
from ..machine import TERMINAL_STATES, Machine, machine_of
from ..scenario import LoadedScenario

Wrap = Callable[[Iterable[Record], int, str], Iterator[Record]]


@dataclass(frozen=True)
class Runs:
    """The records of one scenario: replications 0..n-1 with root seed ``seed``, and one run told
    in full (``told``: its record with the chronology)."""

    loaded: LoadedScenario
    seed: int
    records: tuple[Record, ...]
    told: Record

    @property
    def name(self) -> str:
        return self.loaded.scenario.name

    @property
    def scenario(self):
        return self.loaded.scenario

    @cached_property
    def machine(self) -> Machine:
        """The built machine of the scenario's deal: its states, labels and transitions."""
        return machine_of(self.loaded.scenario)

    def __len__(self) -> int:
        return len(self.records)


def segments(record: Record, until: float) -> list[tuple[str, float, float]]:
    """(state, from day, to day) for each state the run passed through, in order. The last lasts
    to the end of the run, or, a terminal state (which does not end), to ``until``. States entered on the
    same day keep the order in which they were entered."""
    entered = sorted(record.entered.items(), key=lambda item: item[1])
    out = []
    for (state, begin), following in zip(entered, [*entered[1:], None]):
        end = following[1] if following else (until if state in TERMINAL_STATES else record.end_day)
        out.append((state, begin, end))
    return out


def _as_is(records: Iterable[Record], total: int, description: str) -> Iterable[Record]:
    return records


def simulate(scenarios: list[LoadedScenario], seed: int, runs: int, wrap: Wrap = _as_is,
             tell: int = 0, executor: Executor | None = None, workers: int | None = None) -> list[Runs]:
    """Replications 0..runs-1 of every scenario with the same root seed (common random numbers:
    replication k of each scenario draws the same random numbers, so differences come from the
    scenarios). ``wrap`` may show progress; ``tell``: the replication to tell in full.
    ``executor`` and ``workers``: where the replications run (default: here)."""
    from ..execution import replications

    out = []
    for loaded in scenarios:
        records = tuple(wrap(replications(loaded.scenario, seed, runs, executor=executor, workers=workers), runs, f"running {loaded.scenario.name}"))
        told = Engine(loaded.scenario).replicate(seed, tell, keep_events=True)
        out.append(Runs(loaded, seed, records, told))
    return out


def common_seed(scenarios: list[LoadedScenario], seed: int | None) -> int:
    """The seed given, else the first scenario's: one seed for all, so that they share random numbers."""
    return scenarios[0].scenario.seed if seed is None else seed

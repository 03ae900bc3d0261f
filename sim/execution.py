"""Where replications run, and with which seeds.

Replication ``k`` of a run with root seed ``s`` always uses the seed
``SeedSequence(s, spawn_key=(k,))``, so its result does not depend on where or
in which order it runs. This module runs them in this process, in order.
"""

from __future__ import annotations

from collections.abc import Iterator

from .engine import Engine, Record
from .scenario import Scenario

MAX_RUNS = 1_000_000


def replications(scenario: Scenario, seed: int, runs: int, keep_events: int = 0) -> Iterator[Record]:
    """Records of replications 0..runs-1; the first ``keep_events`` keep their chronology."""
    engine = Engine(scenario)
    for k in range(runs):
        yield engine.replicate(seed, k, keep_events=k < keep_events)

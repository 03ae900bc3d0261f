"""The yardstick of every speed figure: a bare simpy replication of 1,000 events.

Five processes, each `yield env.timeout(1)` 200 times. A replication of ours
should cost no more than this (ratio at most 1.0).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import simpy


def _ticker(env: simpy.Environment):
    for _ in range(200):
        yield env.timeout(1)


def bare_simpy_replication() -> None:
    env = simpy.Environment()
    for _ in range(5):
        env.process(_ticker(env))
    env.run()


def seconds_per_call(function: Callable[[], object], repeat: int, rounds: int = 5) -> float:
    """The best of ``rounds`` timings of ``repeat`` calls, per call (the best is the least disturbed)."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(repeat):
            function()
        best = min(best, (time.perf_counter() - start) / repeat)
    return best

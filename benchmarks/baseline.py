"""The bare simpy replication that the engine's speed is compared with.

Five processes, each waiting one day 200 times: 1,000 simpy events and no model.
Shared by the benchmarks (replication.py, scale.py) so that all compare with the same thing.
"""

from __future__ import annotations

import time

import simpy

PROCESSES = 5
STEPS = 200


def bare_simpy_replication() -> None:
    """One bare replication."""
    env = simpy.Environment()

    def wait_a_day():
        for _ in range(STEPS):
            yield env.timeout(1)

    for _ in range(PROCESSES):
        env.process(wait_a_day())
    env.run()


def seconds_per_bare_replication(repeats: int = 500) -> float:
    """Mean wall time of one bare replication (best of three rounds)."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(repeats):
            bare_simpy_replication()
        best = min(best, (time.perf_counter() - start) / repeats)
    return best


if __name__ == "__main__":
    print(f"bare simpy replication: {seconds_per_bare_replication() * 1e3:.3f} ms")

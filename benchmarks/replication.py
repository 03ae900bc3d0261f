"""Replications per second for a scenario, and the cost ratio to a bare simpy replication.

Run on demand:  python benchmarks/replication.py [SCENARIO] [--runs N]
Target: ratio at most 1.0 (a replication of ours costs no more than 1,000 bare simpy events).
"""

from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from baseline import bare_simpy_replication, seconds_per_call  # noqa: E402

from sim.engine import Engine  # noqa: E402
from sim.scenario import load  # noqa: E402

TARGET_RATIO = 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default="scenarios/proposal-2024-05-31.yaml")
    parser.add_argument("--runs", type=int, default=2000)
    args = parser.parse_args()

    scenario = load(args.scenario).scenario
    engine = Engine(scenario)
    counter = iter(range(10**9))
    ours = seconds_per_call(lambda: engine.replicate(scenario.seed, next(counter)), args.runs // 5)
    bare = seconds_per_call(bare_simpy_replication, max(args.runs // 10, 50))
    ratio = ours / bare
    print(f"scenario: {scenario.name}")
    print(f"replications per second: {1 / ours:,.0f} ({ours * 1e3:.3f} ms each)")
    print(f"bare simpy replication (1,000 events): {bare * 1e3:.3f} ms")
    print(f"ratio to bare simpy: {ratio:.2f} (target <= {TARGET_RATIO}: {'met' if ratio <= TARGET_RATIO else 'NOT met'})")


if __name__ == "__main__":
    main()

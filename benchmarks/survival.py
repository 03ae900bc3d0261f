"""Seconds for the Kaplan-Meier estimate with its band, by number of runs (run on demand).

    python benchmarks/survival.py

The estimate sorts once and then takes cumulative sums, so its time grows as n log n: the
figure for 100,000 runs should be about 10 to 20 times that for 10,000, not 100 times.
"""

from __future__ import annotations

import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from baseline import seconds_per_call  # noqa: E402
from sim.analysis.survival import kaplan_meier  # noqa: E402


def main() -> None:
    rng = np.random.default_rng(0)
    previous = None
    for runs in (1_000, 10_000, 100_000, 1_000_000):
        durations = rng.exponential(60, runs)  # continuous days: every time distinct, the hardest case
        observed = rng.random(runs) < 0.6
        seconds = seconds_per_call(lambda: kaplan_meier(durations, observed), repeat=3)
        growth = f"  x{seconds / previous:.1f} for 10x the runs" if previous else ""
        print(f"{runs:>9,} runs: {seconds * 1000:8.1f} ms{growth}")
        previous = seconds


if __name__ == "__main__":
    main()

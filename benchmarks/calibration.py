"""Is the forecast's weighting calibrated? Truths drawn from the scenario play the record.

    python benchmarks/calibration.py                          # 2,000 runs, 400 truths, as of days 14, 28, 42
    python benchmarks/calibration.py --runs 800 --truths 100  # a quicker look

Runs of the agreement of January 2025 with another seed (their uncertain inputs drawn from the same
ranges) are the truths: each one's record up to the as-of day (its changes of state, releases, talks
begun and broken down, aid halted) weighs the ensemble, and the weighted 10-90% range of living
hostages and of prisoners released four weeks later is set against what the truth released. A
calibrated weighting holds the truth in its 80% range 75-85% of the time. Prints the share for each
as-of day and count, the truths with no forecast, and the wall time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.analysis.backtest import calibration  # noqa: E402
from sim.cli.forecast import ensemble_or_exit  # noqa: E402
from sim.replay.facts import Observation  # noqa: E402
from sim.scenario import load_many  # noqa: E402

SCENARIO = ROOT / "scenarios" / "agreement-2025-01.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--truths", type=int, default=400)
    parser.add_argument("--days", type=int, nargs="+", default=[14, 28, 42])
    args = parser.parse_args()
    began = time.perf_counter()
    (loaded,) = load_many([str(SCENARIO)])[0]
    ensemble, _ = ensemble_or_exit(loaded, args.runs, None, 1, 2, None)
    truths, _ = ensemble_or_exit(loaded, args.truths, max(1, args.truths // 10), 2, 2, None)
    print(f"{len(ensemble.records):,} runs weighed by {len(truths.records):,} truths drawn from {loaded.scenario.name}")
    for day in args.days:
        for what, words in ((1, "living hostages"), (3, "prisoners")):
            found = calibration(ensemble, truths.traces, day, 28, Observation(), what)
            print(f"as of day {day}, {words} released by day {day + 28}: truth inside the 80% range "
                  f"{found['coverage_80']:.1%} of {found['scored']} truths (no forecast: {found['no_forecast']})")
    print(f"wall time: {time.perf_counter() - began:,.1f} s")


if __name__ == "__main__":
    main()

"""Seconds per chart for 1,000 replications, and for the whole briefing pack (run on demand).

    python benchmarks/charts.py [--runs 1000] [SCENARIO.yaml ...]

Simulation time is shown apart: the charts reuse the records, as `brief` does.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from sim.analysis.runs import simulate  # noqa: E402
from sim.charts.base import KINDS, render  # noqa: E402
from sim.charts.style import save  # noqa: E402
from sim.report import write_brief  # noqa: E402
from sim.scenario import load  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DEFAULT = [os.path.join(ROOT, "scenarios", name) for name in
           ("proposal-2024-05-31.yaml", "proposal-talks-stall.yaml", "proposal-mediator-pressure.yaml")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", default=DEFAULT)
    parser.add_argument("--runs", type=int, default=1000)
    args = parser.parse_args()
    loaded = [load(f) for f in args.files]
    started = time.perf_counter()
    runs = simulate(loaded, loaded[0].scenario.seed, args.runs)
    print(f"simulate {len(loaded)} scenarios x {args.runs:,} runs: {time.perf_counter() - started:6.2f} s")
    with tempfile.TemporaryDirectory() as folder:
        for count in (1, len(runs)):
            for kind in KINDS:
                started = time.perf_counter()
                save(render(kind, runs[:count]), os.path.join(folder, f"{kind}.png"))
                print(f"chart {kind:<9} {count} scenario(s): {time.perf_counter() - started:6.2f} s")
        started = time.perf_counter()
        write_brief(runs, os.path.join(folder, "brief"))
        print(f"brief pack ({len(runs)} scenarios, PDF + {len(KINDS)} PNGs): {time.perf_counter() - started:6.2f} s")


if __name__ == "__main__":
    main()

"""The briefing pack's cost, split: simulating against drawing (run on demand).

    python benchmarks/charts.py [--runs 1000] [--driver-runs 150] [SCENARIO.yaml ...]

Simulating: the runs of every scenario and the swings of the first scenario's uncertain
inputs (what drives the result), on the same workers as `ceasefire-sim brief` (a pool of
all cores). Drawing: everything `brief` does with those runs (words and intervals, charts,
typesetting, the PDF, the HTML and the SVGs), then each part on its own. Target (issue 9):
3 scenarios x 1,000 runs in under 10 s on 2 cores, drawing no more than simulating.
Baseline (the pack before issue 9, same machine kind): 10.6 s, of which 6.5 s drawing and
4.1 s simulating (drawing / simulating = 1.59).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from sim.analysis.drivers import swings  # noqa: E402
from sim.analysis.runs import simulate  # noqa: E402
from sim.execution import workers  # noqa: E402
from sim.report import html, pdf, write_brief  # noqa: E402
from sim.report.pack import CHARTS, document, draw  # noqa: E402
from sim.scenario import load  # noqa: E402
from sim.words.drivers import Drivers  # noqa: E402
from sim.words.findings import Findings  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DEFAULT = [os.path.join(ROOT, "scenarios", name) for name in
           ("proposal-2024-05-31.yaml", "proposal-talks-stall.yaml", "proposal-mediator-pressure.yaml")]
BASELINE = {"total": 10.6, "draw": 6.5, "simulate": 4.1}
TARGET_SECONDS = 10.0


def timed(what: str, function):
    started = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - started
    print(f"  {what:<44} {seconds:6.2f} s")
    return result, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", default=DEFAULT)
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--driver-runs", type=int, default=150)
    args = parser.parse_args()
    loaded = [load(f) for f in args.files]
    seed = loaded[0].scenario.seed
    print(f"{len(loaded)} scenarios x {args.runs:,} runs, drivers {args.driver_runs:,} runs a value, "
          f"{os.cpu_count()} cores")
    print("simulate")
    with workers(None, None, args.runs * len(loaded)) as where:
        runs, runs_seconds = timed("runs of every scenario", lambda: simulate(
            loaded, seed, args.runs, executor=where.executor, workers=where.count))
        found, swing_seconds = timed("swings of the first scenario's inputs", lambda: swings(
            loaded[0], seed, args.driver_runs, executor=where.executor, workers=where.count))
    simulating = runs_seconds + swing_seconds
    drivers = Drivers(runs[0], tuple(found), args.driver_runs)
    with tempfile.TemporaryDirectory() as folder:
        print("draw")
        _, drawing = timed("the whole pack (PDF, HTML, SVGs)", lambda: write_brief(runs, folder, drivers))
        print("draw, part by part")
        findings = Findings(runs)
        timed("words and intervals (bootstrap)", lambda: findings.comparison)
        charts, _ = timed(f"{len(CHARTS)} charts drawn to SVG", lambda: {k: draw(k, runs, findings) for k in CHARTS})
        content = document(runs, findings, charts, None)
        timed("typeset the PDF (Typst)", lambda: pdf.render(content, charts))
        timed("the HTML", lambda: html.render(content, charts))
    total = simulating + drawing
    print(f"simulating {simulating:6.2f} s | drawing {drawing:6.2f} s | total {total:6.2f} s "
          f"(target under {TARGET_SECONDS:.0f} s)")
    print(f"drawing / simulating: {drawing / simulating:.2f} (target at most 1.00; baseline "
          f"{BASELINE['draw'] / BASELINE['simulate']:.2f}); total / baseline total: {total / BASELINE['total']:.2f}")


if __name__ == "__main__":
    main()

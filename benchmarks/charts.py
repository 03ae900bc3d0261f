"""The briefing pack's cost, split: simulating against drawing (run on demand).

    python benchmarks/charts.py [--runs 1000] [--driver-runs 150] [SCENARIO.yaml ...]

Simulating: the runs of every scenario, each scenario's ensemble over its `uncertain:`
ranges (the range over assumptions), and the swings of the first scenario's uncertain inputs
(what drives the result), screened so that they cost no more runs than the scenarios' own,
on the same workers as `ceasefire-sim brief` (a pool of all cores). Drawing: everything
`brief` does with those runs (words and intervals, charts for the page and for a phone,
typesetting, the PDF, the HTML and the SVGs), then each part on its own. Targets (issue 21):
3 scenarios x 1,000 runs in under 10 s on 2 cores; the swings' runs no more than the
scenarios'. Say the machine's load (printed) when you quote a figure: others share it.
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
from sim.analysis.spread import spread  # noqa: E402
from sim.execution import workers  # noqa: E402
from sim.report import html, pdf, write_brief  # noqa: E402
from sim.report.pack import document, draw_all, draw_phone  # noqa: E402
from sim.scenario import load  # noqa: E402
from sim.words.drivers import Drivers  # noqa: E402
from sim.machine import machine_of  # noqa: E402
from sim.words.findings import Findings, key_figures  # noqa: E402

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
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} (others share the machine)")
    print("simulate")
    keys = [figure.key for figure in key_figures(machine_of(loaded[0].scenario))]
    budget = args.runs * len(loaded)
    with workers(None, None, budget) as where:
        runs, runs_seconds = timed("runs of every scenario", lambda: simulate(
            loaded, seed, args.runs, executor=where.executor, workers=where.count))
        spreads, spread_seconds = timed("ranges over the assumptions", lambda: [spread(
            one, seed, args.runs, keys, executor=where.executor, workers=where.count) for one in loaded])
        found, swing_seconds = timed("swings of the first scenario's inputs (screened)", lambda: swings(
            loaded[0], seed, args.driver_runs, executor=where.executor, workers=where.count, budget=budget))
    simulating = runs_seconds + spread_seconds + swing_seconds
    swing_runs = 2 * sum(s.runs for s in found)
    print(f"  runs: scenarios {budget:,} | assumptions {sum(s.runs for s in spreads):,} | swings {swing_runs:,} "
          f"(at most the scenarios': {'yes' if swing_runs <= budget else 'NO'})")
    drivers = Drivers(runs[0], tuple(found), args.driver_runs)
    with tempfile.TemporaryDirectory() as folder:
        print("draw")
        _, drawing = timed("the whole pack (PDF, HTML, SVGs)", lambda: write_brief(runs, folder, drivers, spreads=spreads))
        print("draw, part by part")
        findings = Findings(runs, spreads=spreads)
        timed("words and intervals (bootstrap)", lambda: findings.comparison)
        charts, _ = timed("charts for the pages, to SVG", lambda: draw_all(runs, findings))
        timed("charts for a phone, to SVG", lambda: draw_phone(runs, findings))
        content = document(runs, findings, charts, None)
        timed("typeset the PDF (Typst)", lambda: pdf.render(content, charts))
        timed("the HTML", lambda: html.render(content, charts))
    total = simulating + drawing
    print(f"simulating {simulating:6.2f} s | drawing {drawing:6.2f} s | total {total:6.2f} s "
          f"(target under {TARGET_SECONDS:.0f} s)")
    print(f"drawing / simulating: {drawing / simulating:.2f} (baseline "
          f"{BASELINE['draw'] / BASELINE['simulate']:.2f}); total / baseline total: {total / BASELINE['total']:.2f}")


if __name__ == "__main__":
    main()

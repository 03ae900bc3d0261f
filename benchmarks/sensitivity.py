"""Does the default sensitivity analysis answer in about a minute? Target: on the agreement of January 2025,
2 processes, the total indices of the inputs that matter known to within ±0.05 in under 60 s.

    python benchmarks/sensitivity.py                 # the default: Morris screening, then Sobol for ±0.05
    python benchmarks/sensitivity.py --precision 0.1 # a quicker, rougher answer

Runs `ceasefire-sim sensitivity` as a user would, with --jobs 2, and prints: the machine's load
(the machine may be shared: the figures are only comparable at the same load), each stage's
design points, runs a point and replications, the wall time against the 60 s target, the
precision reached, run-to-run chance's share of the spread between points, and the time per
replication as a ratio to the bare simpy replication of benchmarks/baseline.py (the work that the
analysis adds over plain replications: building variants, the pool, the estimators).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from baseline import bare_simpy_replication, seconds_per_call, timed_command  # noqa: E402

SCENARIO = ROOT / "scenarios" / "agreement-2025-01.yaml"
TARGET_SECONDS = 60.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--precision", type=float, default=0.05)
    args = parser.parse_args()
    before = os.getloadavg()
    seconds, report = timed_command(["sensitivity", str(SCENARIO), "--precision", str(args.precision), "--jobs", "2"],
                                    "sensitivity.json", ROOT)
    after = os.getloadavg()
    screening, sobol = report["screening"], report.get("sobol")
    print(f"scenario: {report['scenario']} ({len(report['inputs'])} uncertain inputs); measure: "
          f"{report['measure']['label']}; 2 processes on {os.cpu_count()} cores")
    print(f"load average (1 min) before {before[0]:.1f}, after {after[0]:.1f}: other work shares the machine")
    print(f"screening: {screening['points']:,} points x {screening['runs_per_point']} runs = "
          f"{screening['replications']:,} replications; kept {len(screening['matters'])} inputs")
    if sobol:
        print(f"sobol: {sobol['blocks']:,} blocks, {sobol['points']:,} points, runs a point by round "
              f"{sobol['runs_per_point']}, {sobol['replications']:,} replications")
        precision = sobol["precision"]
        print(f"precision on the measure: widest 95% half-width of a total index {precision['reached']:.3f} "
              f"(target {precision['target']:.3f}: {'met' if precision['met'] else 'not met'})")
        print(f"run-to-run chance's share of the spread between points: "
              f"{sobol['noise_share'][report['measure']['name']]:.0%} (corrected for)")
    replications = report["replications"]
    print(f"wall time {seconds:,.1f} s for {replications:,} replications ({replications / seconds:,.0f} a second); "
          f"target under {TARGET_SECONDS:.0f} s: {'met' if seconds < TARGET_SECONDS else 'not met'} "
          f"(ratio {seconds / TARGET_SECONDS:.2f})")
    baseline = seconds_per_call(bare_simpy_replication, 2000)
    per_replication = seconds / replications
    print(f"time a replication (wall, 2 processes): {per_replication * 1e3:.3f} ms; bare simpy replication "
          f"(1 process): {baseline * 1e3:.3f} ms; ratio {per_replication / baseline:.2f}")


if __name__ == "__main__":
    main()

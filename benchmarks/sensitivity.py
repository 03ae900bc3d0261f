"""How long a Sobol analysis of the main scenario's uncertain inputs takes on 2 cores, and at what precision.

    python benchmarks/sensitivity.py                      # all 34 inputs, Sobol alone (about 10 minutes on 2 cores)
    python benchmarks/sensitivity.py --method auto        # Morris screening first, Sobol on what matters

Runs `ceasefire-sim sensitivity` on the proposal of 31 May 2024 (the main scenario) as a user
would, with --jobs 2, and prints: the inputs, the base samples the precision rule reached, design
points and replications, the wall time and replications per second, the precision reached on the
headline measure against the target, run-to-run chance's share of the variance, and the time per
replication as a ratio to the bare simpy replication of benchmarks/baseline.py (the work that
sensitivity adds over plain replications: building variants, the analysis, the pool).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from baseline import bare_simpy_replication, seconds_per_call, timed_command  # noqa: E402

SCENARIO = ROOT / "scenarios" / "proposal-2024-05-31.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--method", default="sobol", choices=("sobol", "auto"))
    parser.add_argument("--runs", type=int, default=100, help="replications at each design point")
    parser.add_argument("--max-samples", type=int, default=64, help="Sobol base samples at most")
    parser.add_argument("--precision", type=float, default=0.05)
    args = parser.parse_args()
    seconds, report = timed_command(
        ["sensitivity", str(SCENARIO), "--method", args.method,
         "--runs", str(args.runs), "--max-samples", str(args.max_samples), "--precision",
         str(args.precision), "--jobs", "2"], "sensitivity.json", ROOT)
    sobol = report["sobol"]
    chosen = len(sobol["rows"]) // 3
    points = sobol["points"] + report.get("screening", {}).get("points", 0)
    replications = points * args.runs
    per_replication = seconds / replications
    baseline = seconds_per_call(bare_simpy_replication, 2000)
    print(f"scenario: {report['scenario']} ({len(report['inputs'])} uncertain inputs); method {args.method}; "
          f"{args.runs} runs a point; 2 processes")
    print(f"Sobol on {chosen} inputs: {sobol['base_samples']} base samples, {sobol['points']:,} design points")
    print(f"replications: {replications:,} in {seconds:,.1f} s ({replications / seconds:,.0f} a second)")
    precision = sobol["precision"]
    print(f"precision on {report['headline']}: widest 95% half-width of a total index {precision['reached']:.3f} "
          f"(target {precision['target']:.3f}: {'met' if precision['met'] else 'not met'})")
    print(f"run-to-run chance's share of the variance between points: {sobol['noise_share'][report['headline']]:.1%}")
    print(f"time a replication (wall, 2 processes): {per_replication * 1e3:.3f} ms; "
          f"bare simpy replication (1 process): {baseline * 1e3:.3f} ms; ratio {per_replication / baseline:.2f}")
    for warning in sobol["warnings"]:
        print(f"warning: {warning}")


if __name__ == "__main__":
    main()

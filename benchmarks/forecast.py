"""How long a forecast takes on 2 cores, and how many runs agree with the record.

    python benchmarks/forecast.py                    # 10,000 runs, as of 1 Mar 2025, with the backtest
    python benchmarks/forecast.py --runs 2000        # a quicker look

Runs `ceasefire-sim forecast` on the agreement of January 2025 and its record as a user would, with
--jobs 2 and --backtest, and prints: design points and runs, the wall time and runs per second, the
effective sample size at the as-of date and at each date of the backtest (and where the walk moved
the uncertain inputs, re-running new design points), the backtest's Brier scores against the three
baselines, and the time per run as a ratio to the bare simpy replication of
benchmarks/baseline.py (what the forecast adds over plain replications: variants, the weighting at
every as-of date, the charts, the pool).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from baseline import bare_simpy_replication, seconds_per_call, timed_command  # noqa: E402

SCENARIO = ROOT / "scenarios" / "agreement-2025-01.yaml"
RECORD = ROOT / "scenarios" / "records" / "record-2025-01-to-03.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--as-of", default="2025-03-01")
    parser.add_argument("--by", default="2025-03-18")
    args = parser.parse_args()
    seconds, report = timed_command(
        ["forecast", str(SCENARIO), str(RECORD), "--as-of", args.as_of,
         "--by", args.by, "--runs", str(args.runs), "--backtest", "--jobs", "2"], "forecast.json", ROOT)
    runs = report["runs"]
    baseline = seconds_per_call(bare_simpy_replication, 2000)
    collapse = next(row for row in report["milestones"] if row["state"] == "collapsed")["by"][args.by]
    if collapse["posterior"] is None:
        collapse["posterior"] = {"value": float("nan"), "low": float("nan"), "high": float("nan")}  # no run agreed
    print(f"scenario: {report['scenario']}; {report['design_points']} design points x {report['runs_per_point']} "
          f"runs = {runs:,} runs; 2 processes")
    print(f"wall time: {seconds:,.1f} s ({runs / seconds:,.0f} runs a second, forecast and backtest together)")
    print(f"as of {report['as_of']}: {report['agreeing_runs']:,} runs agree, effective sample size "
          f"{report['effective_sample_size']:,.0f}; collapse by {args.by}: given the record "
          f"{collapse['posterior']['value']:.1%} ({collapse['posterior']['low']:.1%}-{collapse['posterior']['high']:.1%}), "
          f"without it {collapse['prior']['value']:.1%}")
    test = report["backtest"]
    for row in test["as_of_dates"]:
        moved = f" (inputs moved, from {row['effective_before_move']:,.0f})" if row["moved"] else ""
        print(f"  backtest as of {row['as_of']}: effective sample size {row['effective_sample_size']:,.0f}{moved}")
    if test.get("forecasts"):
        scores, gain = test["scores"], test["differences"]
        print(f"backtest: {test['forecasts']} forecasts ({test['dates_without_forecast']} dates without one); Brier "
              + ", ".join(f"{name} {scores[name]['brier']:.4f}" for name in scores)
              + f"; unweighted less forecast {gain['unweighted']['brier']:+.4f} "
              f"(95%: {gain['unweighted']['brier_low']:+.4f} to {gain['unweighted']['brier_high']:+.4f})")
    print(f"time a run (wall, 2 processes): {seconds / runs * 1e3:.3f} ms; bare simpy replication (1 process): "
          f"{baseline * 1e3:.3f} ms; ratio {seconds / runs / baseline:.2f}")


if __name__ == "__main__":
    main()

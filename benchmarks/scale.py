"""How fast many replications run, on 1 and 2 processes, and in how much memory.

    python benchmarks/scale.py                 # everything (about 3 minutes on 2 cores)
    python benchmarks/scale.py --skip-memory   # speed only (about 20 seconds)

Prints, for the main scenario (the proposal of 31 May 2024), through the whole streaming
pipeline (replications -> runs.csv, events.jsonl, summary.json):
- replications per second on 1 process (in this process) and on 2 (a local process pool),
  4,000 replications each, and the scaling from 1 to 2 (target: at least 1.8);
- the ratio of one replication's time on 1 process to the bare simpy replication of
  benchmarks/baseline.py (shared with replication.py), measured in the same run (target: at most 1.0);
- the peak resident memory of `ceasefire-sim run --runs N --out DIR --jobs 1` for N = 1,000,
  10,000 and 100,000 (targets: under 150 MB, and 100,000 within 30% of 10,000).
Also the processor time a replication takes on 1 and on 2 processes (what spreading the work
costs, whatever else the machine is doing), and the scaling of a plain Python loop on 2
processes: what this machine allows at best
(another program busy on the same cores lowers both). Each speed figure is the best of
`--rounds` rounds, 1 and 2 processes interleaved.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from baseline import bare_simpy_replication, seconds_per_call  # noqa: E402

SCENARIO = ROOT / "scenarios" / "proposal-2024-05-31.yaml"


def rate(jobs: int, runs: int) -> tuple[float, float, float]:
    """Replications per second through the streaming pipeline, pool start included; the share of
    the wall time the worker processes were running (1.0 when no other program took the cores);
    and the processor time per replication, this process and its workers together."""
    from sim.execution import replications, workers
    from sim.results import EVENT_SAMPLE, stream_run
    from sim.scenario import load

    def used(who):
        usage = resource.getrusage(who)
        return usage.ru_utime + usage.ru_stime

    loaded = load(str(SCENARIO))
    main, children = used(resource.RUSAGE_SELF), used(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        with workers(jobs) as where:
            records = replications(loaded.scenario, 1, runs, keep_events=EVENT_SAMPLE,
                                   executor=where.executor, workers=where.count)
            summary, _ = stream_run(loaded, 1, records, runs, out)
        seconds = time.perf_counter() - start
    main = used(resource.RUSAGE_SELF) - main
    children = used(resource.RUSAGE_CHILDREN) - children  # the pool's workers, reaped on leaving
    assert summary["runs"] == runs
    busy = children / (jobs * seconds) if jobs > 1 else main / seconds
    return runs / seconds, busy, (main + children) / runs


def _spin(n: int) -> float:
    start = time.perf_counter()
    total = 0
    for i in range(n):
        total += i * i
    return time.perf_counter() - start


def machine_scaling(n: int = 5_000_000) -> float:
    """Two plain Python loops at once against one alone: the best scaling this machine gives now."""
    alone = _spin(n)
    with multiprocessing.get_context("fork").Pool(2) as pool:
        start = time.perf_counter()
        pool.map(_spin, [n, n])
        together = time.perf_counter() - start
    return 2 * alone / together


def peak_rss_mb(runs: int) -> float:
    """Peak resident memory of a whole `run` command of ``runs`` replications on 1 process."""
    with tempfile.TemporaryDirectory() as out:
        process = subprocess.Popen([sys.executable, "-m", "sim", "run", str(SCENARIO), "--runs", str(runs),
                                    "--jobs", "1", "--out", out], cwd=ROOT, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"run --runs {runs} failed with exit code {process.returncode}")
    return usage.ru_maxrss / 1024  # kilobytes on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=4000, help="replications for the speed figures")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each speed figure (the best is kept)")
    parser.add_argument("--skip-memory", action="store_true", help="leave out the peak-memory runs")
    args = parser.parse_args()

    rate(1, 300)  # warm up: imports, caches
    bare = seconds_per_call(bare_simpy_replication, 300)
    one = two = 0.0
    busy = cpu_one = cpu_two = 0.0
    for _ in range(args.rounds):  # interleaved, so that a burst of other work on the machine hits both alike
        rate_one, _, cpu = rate(1, args.runs)
        if rate_one > one:
            one, cpu_one = rate_one, cpu
        rate_two, busy_two, cpu = rate(2, args.runs)
        if rate_two > two:
            two, busy, cpu_two = rate_two, busy_two, cpu
    ceiling = machine_scaling()
    ratio = (1 / one) / bare
    print(f"main scenario, {args.runs:,} replications through the streaming pipeline:")
    print(f"  1 process:   {one:8,.0f} replications/s")
    print(f"  2 processes: {two:8,.0f} replications/s  (its workers ran {busy:.0%} of the time; "
          "other programs had the cores for the rest)")
    print(f"  scaling 1 -> 2: {two / one:.2f}  (target >= 1.8; a plain Python loop scales {ceiling:.2f} "
          "on this machine now)")
    print(f"  processor time a replication: {cpu_one * 1e3:.3f} ms on 1 process, {cpu_two * 1e3:.3f} ms on 2 "
          f"(workers and main process together): the work of spreading costs {cpu_two / cpu_one - 1:+.1%}")
    print(f"  bare simpy replication: {bare * 1e3:.3f} ms; one replication: {1e3 / one:.3f} ms; "
          f"ratio {ratio:.2f}  (target <= 1.0)")
    if args.skip_memory:
        return
    print("peak resident memory of `ceasefire-sim run --jobs 1 --out DIR`:")
    peaks = {}
    for runs in (1_000, 10_000, 100_000):
        peaks[runs] = peak_rss_mb(runs)
        print(f"  {runs:>7,} runs: {peaks[runs]:6.1f} MB  (target < 150 MB)")
    growth = peaks[100_000] / peaks[10_000] - 1
    print(f"  100,000 against 10,000: {growth:+.1%}  (target within 30%)")


if __name__ == "__main__":
    main()

"""The yardstick of every speed figure: a bare simpy replication of 1,000 events.

Five processes, each `yield env.timeout(1)` 200 times. A replication of ours
should cost no more than this (ratio at most 1.0).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import simpy


def _ticker(env: simpy.Environment):
    for _ in range(200):
        yield env.timeout(1)


def bare_simpy_replication() -> None:
    env = simpy.Environment()
    for _ in range(5):
        env.process(_ticker(env))
    env.run()


def seconds_per_call(function: Callable[[], object], repeat: int, rounds: int = 5) -> float:
    """The best of ``rounds`` timings of ``repeat`` calls, per call (the best is the least disturbed)."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(repeat):
            function()
        best = min(best, (time.perf_counter() - start) / repeat)
    return best


def timed_command(arguments: list[str], report: str, cwd: Path) -> tuple[float, dict]:
    """Run ``python -m sim ARGUMENTS --out DIR`` once: its wall time in seconds and the JSON file
    ``report`` it wrote (exits with its error when it fails)."""
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "sim", *arguments, "--out", out], cwd=cwd,
                              capture_output=True, text=True)
        seconds = time.perf_counter() - start
        if done.returncode:
            sys.exit(done.stderr)
        return seconds, json.loads(Path(out, report).read_text())

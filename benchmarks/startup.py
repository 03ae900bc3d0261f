"""How long the command takes to start: `--help` and `validate` against a bare `import typer` process.

    python benchmarks/startup.py [--rounds 15]

Each figure is the best wall time of ``--rounds`` fresh processes (the best is the least
disturbed by other work on the machine). The target: each within 2x the bare process. The
commands import only what they use (charts, the engine and numpy are never loaded by
`--help` or `validate`).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SCENARIO = os.path.join(ROOT, "scenarios", "proposal-2024-05-31.yaml")
CASES = {
    "bare `import typer`": ["-c", "import typer"],
    "ceasefire-sim --help": ["-m", "sim", "--help"],
    "ceasefire-sim validate": ["-m", "sim", "validate", SCENARIO],
}
TARGET = 2.0


def best_seconds(arguments: list[str], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run([sys.executable, *arguments], cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                       env={**os.environ, "COLUMNS": "100"})
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=15)
    rounds = parser.parse_args().rounds
    figures = {name: best_seconds(arguments, rounds) for name, arguments in CASES.items()}
    baseline = figures["bare `import typer`"]
    for name, seconds in figures.items():
        ratio = seconds / baseline
        verdict = "" if name.startswith("bare") else ("  within target" if ratio <= TARGET else f"  over the {TARGET:g}x target")
        print(f"{name:<26} {seconds * 1000:7.0f} ms  x{ratio:.2f}{verdict}")


if __name__ == "__main__":
    main()

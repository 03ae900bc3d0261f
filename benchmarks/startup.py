"""How long the command takes to start: `--help` and `validate` against a bare `import typer` process.

    python benchmarks/startup.py [--rounds 15]

Each figure is the best wall time of ``--rounds`` fresh processes (the best is the least
disturbed by other work on the machine); the cases take turns, round by round, so a slow
spell of the machine falls on all of them alike. The package is byte-compiled first, as an
installed copy is (an editable one under PYTHONDONTWRITEBYTECODE would compile every module
on every start and measure the compiler).

The target: each command within 2x the bare process (`run --help` stands for any command's
help). Two floors stand beside ours. The smallest typer program (one command, one file
argument, nothing else) shows what typer itself costs: its rich help, and the pydantic it
imports to read any argument. A process that only imports typer, pydantic and yaml shows the
least that any `validate` built on them can cost, before it reads a byte.
"""

from __future__ import annotations

import argparse
import compileall
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "proposal-2024-05-31.yaml"
TARGET = 2.0
SMALLEST_TYPER_PROGRAM = '''
from pathlib import Path
import typer
app = typer.Typer(rich_markup_mode="markdown")
@app.command()
def validate(file: Path = typer.Argument(..., help="A scenario file.")) -> None:
    """Check a scenario file."""
    print("ok:", file)
@app.command()
def other() -> None:
    """Another command, so that typer keeps the command names."""
app()
'''
BARE = "bare `import typer`"


def cases(smallest: Path) -> dict[str, list[str]]:
    return {
        BARE: ["-c", "import typer"],
        "import typer, pydantic, yaml": ["-c", "import typer, pydantic, yaml, pydantic.main"],
        "smallest typer program --help": [str(smallest), "--help"],
        "smallest typer program validate": [str(smallest), "validate", str(SCENARIO)],
        "ceasefire-sim --help": ["-m", "sim", "--help"],
        "ceasefire-sim run --help": ["-m", "sim", "run", "--help"],
        "ceasefire-sim validate": ["-m", "sim", "validate", str(SCENARIO)],
    }


def best_seconds(commands: dict[str, list[str]], rounds: int) -> dict[str, float]:
    best = dict.fromkeys(commands, float("inf"))
    environment = {**os.environ, "COLUMNS": "100"}
    for _ in range(rounds):
        for name, arguments in commands.items():
            start = time.perf_counter()
            subprocess.run([sys.executable, *arguments], cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                           env=environment)
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=15)
    rounds = parser.parse_args().rounds
    compileall.compile_dir(ROOT / "sim", quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        smallest = Path(folder) / "smallest.py"
        smallest.write_text(SMALLEST_TYPER_PROGRAM)
        figures = best_seconds(cases(smallest), rounds)
    baseline = figures[BARE]
    for name, seconds in figures.items():
        ratio = seconds / baseline
        verdict = ""
        if name.startswith("ceasefire-sim"):
            verdict = "  within target" if ratio <= TARGET else f"  over the {TARGET:g}x target"
        print(f"{name:<33} {seconds * 1000:7.0f} ms  x{ratio:.2f}{verdict}")


if __name__ == "__main__":
    main()

"""Shared fixtures: the shipped scenarios, and a way to run the real command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
PROPOSAL = SCENARIOS / "proposal-2024-05-31.yaml"


def _shipped() -> list[Path]:
    """The scenarios the project ships, the only ones the tests read: those git tracks in scenarios/
    (a file a user adds there is theirs, not a test input); outside a git checkout, every one there."""
    try:
        tracked = subprocess.run(["git", "ls-files", "--", "*.yaml"], cwd=SCENARIOS, capture_output=True,
                                 text=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        tracked = []
    return sorted(SCENARIOS / name for name in tracked if "/" not in name) or sorted(SCENARIOS.glob("*.yaml"))


SHIPPED = _shipped()


def cli(*args: str, cwd: Path | None = None, columns: int = 200) -> subprocess.CompletedProcess:
    """Run `python -m sim ARGS` as a separate process, as a user would (on a terminal this wide)."""
    env = {**os.environ, "COLUMNS": str(columns)}
    return subprocess.run([sys.executable, "-m", "sim", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env, timeout=300)


@pytest.fixture(scope="session")
def proposal():
    from sim.scenario import load

    return load(str(PROPOSAL))

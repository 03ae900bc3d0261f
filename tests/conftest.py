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
SHIPPED = sorted(SCENARIOS.glob("*.yaml"))


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run `python -m sim ARGS` as a separate process, as a user would."""
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "sim", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env, timeout=300)


@pytest.fixture(scope="session")
def proposal():
    from sim.scenario import load

    return load(str(PROPOSAL))

"""What the command line loads before it answers. The times are measured on demand by
`benchmarks/startup.py`; these tests keep the heavy parts out of the commands that need none of
them, so that a change which pulls one in fails here rather than slowing every start."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import PROPOSAL, ROOT

SIMULATION = {"numpy", "simpy", "transitions", "matplotlib", "scipy", "sklearn", "dask"}


def packages_imported(*arguments: str) -> set[str]:
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "sim", *arguments], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return {line.rpartition("|")[2].strip().split(".")[0]
            for line in done.stderr.splitlines() if line.startswith("import time:")}


@pytest.mark.parametrize("arguments", [("--help",), ("run", "--help"), ("brief", "--help")])
def test_help_loads_neither_the_schema_nor_the_simulation(arguments):
    loaded = packages_imported(*arguments)
    assert "typer" in loaded  # the measure sees imports at all
    assert not loaded & (SIMULATION | {"pydantic", "yaml"})


def test_validate_loads_neither_rich_nor_the_simulation():
    loaded = packages_imported("validate", str(PROPOSAL))
    assert {"pydantic", "yaml"} <= loaded
    assert not loaded & (SIMULATION | {"rich"})

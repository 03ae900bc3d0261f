"""Runs shared by the compare, chart and brief tests: simulated once per session."""

from __future__ import annotations

import pytest

from .conftest import SCENARIOS

RUNS = 60
SEED = 11
FILES = [SCENARIOS / "proposal-2024-05-31.yaml", SCENARIOS / "proposal-talks-stall.yaml",
         SCENARIOS / "proposal-spoiler-campaign.yaml"]


@pytest.fixture(scope="session")
def several():
    from sim.analysis.runs import simulate
    from sim.scenario import load

    return simulate([load(str(f)) for f in FILES], SEED, RUNS)


@pytest.fixture(scope="session")
def one(several):
    return several[:1]

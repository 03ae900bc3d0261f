"""Shipped scenarios say where their figures come from; where they say a schedule follows a record, it does."""

from __future__ import annotations

import re

import pytest

from sim.replay import load_record
from sim.scenario import load

from .conftest import ROOT, SHIPPED

FOLLOWS = re.compile(r"release days\b[^\n]*\n?[^\n]*follow the record", re.IGNORECASE)
FOLLOWING = [file for file in SHIPPED if FOLLOWS.search(file.read_text(encoding="utf-8"))]


def _record_of(loaded) -> str:
    """The record that the scenario names among its sources (a CSV under scenarios/records)."""
    files = [source.where for source in loaded.scenario.sources if (source.where or "").endswith(".csv")]
    assert len(files) == 1, f"{loaded.file} names {len(files)} records among its sources"
    return str(ROOT / files[0])


def test_the_scenarios_whose_schedule_follows_a_record_are_found():
    names = {file.name for file in FOLLOWING}
    assert {"agreement-2025-01.yaml", "agreement-2025-01-as-happened.yaml"} <= names


@pytest.mark.parametrize("file", FOLLOWING, ids=lambda file: file.name)
def test_a_schedule_said_to_follow_the_record_has_the_record_s_release_days(file):
    loaded = load(str(file))
    scenario = loaded.scenario
    history = load_record(_record_of(loaded))
    recorded = {"living": set(), "bodies": set()}
    for row in history.releases():
        day = float((row.date - scenario.start_date).days)
        if row.hostages:
            recorded["living"].add(day)
        if row.remains:
            recorded["bodies"].add(day)
    scheduled = {"living": set(), "bodies": set()}
    for batch in scenario.phases.phase_one.exchanges.schedule:
        if any(count for count in batch.hostages.values()):
            scheduled["living"].add(float(batch.day))
        if batch.remains:
            scheduled["bodies"].add(float(batch.day))
    assert scheduled == recorded

"""Small scenarios built in code, each changing only what a test is about."""

from __future__ import annotations

import copy
from typing import Any

from sim.engine import Engine, Record
from sim.scenario import Scenario
from sim.scenario.loader import deep_merge

BASE: dict[str, Any] = {
    "version": 1,
    "name": "test",
    "start_date": "2025-01-19",
    "horizon_days": 400,
    "seed": 1,
    "words": {"held": {"one": "hostage", "many": "hostages"}, "freed": {"one": "prisoner", "many": "prisoners"}},
    "hostages": {"living": {"women": 4, "men": 2}, "remains": 2},
    "acceptance": {"deadline_days": 30, "parties": [{"name": "A", "day": 0}, {"name": "B", "day": 0}]},
    "phases": {
        "phase_one": {"duration_days": 42, "exchanges": {
            "batches": 2, "first_day": 0, "interval_days": 7,
            "hostages_per_batch": {"women": 2}, "remains_per_batch": 0,
            "prisoners_per_hostage": {"women": 30}},
            "then": {"needs": ["releases_complete", "talks_concluded"], "otherwise": "talks"}},
        "phase_two": {"duration_days": 42, "exchanges": {
            "batches": 1, "first_day": 5, "hostages_per_batch": {"men": "all"},
            "prisoners_per_hostage": {"men": 50}},
            "withdrawal": {"what": "full withdrawal", "day": 10},
            "then": {"needs": ["all_living_released", "withdrawal_complete"]}},
        "phase_three": {"duration_days": 42, "exchanges": {
            "batches": 2, "first_day": 1, "interval_days": 5, "remains_per_batch": "all"},
            "then": {"needs": ["all_remains_returned"]}},
    },
    "talks": {"start_day": 16, "duration_days": 10},
    "incidents": {"breaking_point": 5},
}


def scenario(**override: Any) -> Scenario:
    """BASE with ``override`` merged in; a phase overridden with None is dropped (a deal of fewer phases)."""
    data = deep_merge(copy.deepcopy(BASE), override)
    data["phases"] = {name: phase for name, phase in data["phases"].items() if phase is not None}
    return Scenario.model_validate(data)


def run(seed: int = 1, replication: int = 0, **override: Any) -> Record:
    return Engine(scenario(**override)).replicate(seed, replication, keep_events=True)


def path(record: Record) -> list[str]:
    """The states the run went through, in order."""
    return ["proposed"] + [t[2] for t in record.transitions]


def kinds(record: Record) -> list[str]:
    return [e["kind"] for e in record.events]

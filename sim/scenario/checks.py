"""Checks across keys that the schema alone cannot express.

Each returns ``(key path, message)`` pairs; the loader turns them into located
problems. They run once per file, never per replication.
"""

from __future__ import annotations

from collections.abc import Iterator

from .model import ALL, EVENT_DETAILS, EVENT_KINDS, Exchanges, Scenario
from .problems import Path

_REGULAR_KEYS = {"batches", "first_day", "interval_days", "hostages_per_batch", "remains_per_batch"}


def _categories(scenario: Scenario, used: dict, path: Path) -> Iterator[tuple[Path, str]]:
    known = scenario.hostages.living
    for category in used:
        if category not in known:
            yield path + (category,), (f"unknown hostage category '{category}'; "
                                       f"the categories in hostages.living are {', '.join(known)}")


def _exchanges(scenario: Scenario, exchanges: Exchanges, path: Path) -> Iterator[tuple[Path, str]]:
    if exchanges.schedule is not None:
        mixed = sorted(_REGULAR_KEYS & exchanges.model_fields_set)
        if mixed:
            yield path + (mixed[0],), "give either `schedule` or the regular schedule's keys, not both"
        releases = [(path + ("schedule", i, "hostages"), batch.hostages, batch.prisoners is None)
                    for i, batch in enumerate(exchanges.schedule)]
    else:
        releases = [(path + ("hostages_per_batch",), exchanges.hostages_per_batch, True)]
    for where, hostages, needs_rates in releases:
        yield from _categories(scenario, hostages, where)
        if needs_rates:
            for category, count in hostages.items():
                if category in scenario.hostages.living and category not in exchanges.prisoners_per_hostage \
                        and (count == ALL or count != 0):
                    yield path + ("prisoners_per_hostage",), (
                        f"no rate for '{category}', who are released in this phase; add `{category}: N` "
                        "(0 if no prisoners are released for them)")


def _events(scenario: Scenario) -> Iterator[tuple[Path, str]]:
    for i, event in enumerate(scenario.events):
        path: Path = ("events", i)
        if (event.day is None) == (event.date is None):
            yield path, "give the event's `day` (from day 0) or its `date`, one of the two"
        elif event.date is not None and event.date < scenario.start_date:
            yield path + ("date",), f"before start_date ({scenario.start_date}); events happen on day 0 or later"
        _, needs, may = EVENT_KINDS[event.kind]
        given = {key for key in EVENT_DETAILS if getattr(event, key) is not None}
        for key in sorted(needs - given):
            yield path, f"a '{event.kind}' event needs `{key}`"
        for key in sorted(given - needs - may):
            yield path + (key,), f"a '{event.kind}' event takes no `{key}`"
        if event.kind == "release":
            if not given:
                yield path, "a 'release' event needs `hostages`, `remains` or `prisoners`"
            yield from _categories(scenario, event.hostages or {}, path + ("hostages",))


def cross_check(scenario: Scenario) -> list[tuple[Path, str]]:
    """Everything wrong across keys, in file order."""
    problems: list[tuple[Path, str]] = []
    for name in ("phase_one", "phase_two", "phase_three"):
        phase = getattr(scenario.phases, name)
        if phase.exchanges is not None:
            problems += _exchanges(scenario, phase.exchanges, ("phases", name, "exchanges"))
    problems += _events(scenario)
    return problems

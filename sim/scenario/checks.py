"""Checks across keys that the schema alone cannot express.

Each yields :class:`Issue` values; the loader turns them into located
problems. They run once per file, never per replication.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from .model import ALL, EVENT_DETAILS, EVENT_KINDS, Exchanges, Scenario
from .problems import Path


class Issue(NamedTuple):
    path: Path
    message: str
    at_key: bool = False  # point at the key itself rather than its value


_REGULAR_KEYS = {"batches", "first_day", "interval_days", "hostages_per_batch", "remains_per_batch"}


def _categories(scenario: Scenario, used: dict, path: Path) -> Iterator[Issue]:
    known = scenario.hostages.living
    for category in used:
        if category not in known:
            yield Issue(path + (category,), f"unknown hostage category '{category}'; "
                        f"the categories in hostages.living are {', '.join(known)}", at_key=True)


def _exchanges(scenario: Scenario, exchanges: Exchanges, path: Path) -> Iterator[Issue]:
    if exchanges.schedule is not None:
        mixed = sorted(_REGULAR_KEYS & exchanges.model_fields_set)
        if mixed:
            yield Issue(path + (mixed[0],), "give either `schedule` or the regular schedule's keys, not both", True)
        releases = [(path + ("schedule", i, "hostages"), batch.hostages, batch.prisoners is None)
                    for i, batch in enumerate(exchanges.schedule)]
    else:
        releases = [(path + ("hostages_per_batch",), exchanges.hostages_per_batch, True)]
    for category in exchanges.prisoners_per_hostage:
        if category not in scenario.hostages.living:
            yield from _categories(scenario, {category: 0}, path + ("prisoners_per_hostage",))
    for where, hostages, needs_rates in releases:
        yield from _categories(scenario, hostages, where)
        if needs_rates:
            for category, count in hostages.items():
                if category in scenario.hostages.living and category not in exchanges.prisoners_per_hostage \
                        and (count == ALL or count != 0):
                    yield Issue(path + ("prisoners_per_hostage",), (
                        f"no rate for '{category}', who are released in this phase; add `{category}: N` "
                        "(0 if no prisoners are released for them)"))


def _events(scenario: Scenario) -> Iterator[Issue]:
    for i, event in enumerate(scenario.events):
        path: Path = ("events", i)
        if (event.day is None) == (event.date is None):
            yield Issue(path, "give the event's `day` (from day 0) or its `date`, one of the two")
        elif event.date is not None and event.date < scenario.start_date:
            yield Issue(path + ("date",), f"before start_date ({scenario.start_date}); events happen on day 0 or later")
        _, needs, may = EVENT_KINDS[event.kind]
        given = {key for key in EVENT_DETAILS if getattr(event, key) is not None}
        for key in sorted(needs - given):
            yield Issue(path, f"a '{event.kind}' event needs `{key}`")
        for key in sorted(given - needs - may):
            yield Issue(path + (key,), f"a '{event.kind}' event takes no `{key}`", at_key=True)
        if event.kind == "release":
            if not given:
                yield Issue(path, "a 'release' event needs `hostages`, `remains` or `prisoners`")
            yield from _categories(scenario, event.hostages or {}, path + ("hostages",))


def _released(exchanges: Exchanges | None, category: str) -> tuple[bool, float]:
    """Whether a phase's exchanges release everyone of a category still held (``all``), and the
    fixed number they release otherwise (a distribution counts as 0: it may draw too few)."""
    if exchanges is None:
        return False, 0.0
    if exchanges.schedule is not None:
        counts = [batch.hostages.get(category, 0.0) for batch in exchanges.schedule]
    else:
        counts = [exchanges.hostages_per_batch.get(category, 0.0)] * exchanges.batches
    return ALL in counts, sum(c for c in counts if isinstance(c, float))


def _phase_two_can_end(scenario: Scenario) -> Iterator[Issue]:
    """Phase two ends only when all living hostages are free: a category that phase one may leave
    held and phase two never releases would keep every run in phase two for ever."""
    phases = scenario.phases
    for category, held in scenario.hostages.living.items():
        if _released(phases.phase_two.exchanges, category) != (False, 0.0):
            continue
        everyone, number = _released(phases.phase_one.exchanges, category)
        if everyone or (isinstance(held, float) and number >= held):
            continue
        words = category.replace("_", " ")
        yield Issue(("hostages", "living", category), (
            f"phase one may leave {words} held and phase two releases none of them, so phase two "
            f"could never end; add `{category}: all` to phase two's exchanges"))


def _unique(items: list, path: Path, key: str) -> Iterator[Issue]:
    """Each item's ``key`` once: a second party or mediator of the same name would replace or
    double the first without a word."""
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        name = getattr(item, key)
        if name in seen:
            yield Issue(path + (index, key), f"'{name}' is already item {seen[name]} of this list "
                        "(counting from 0); give each a different name, or keep one")
        seen.setdefault(name, index)


def cross_check(scenario: Scenario) -> list[Issue]:
    """Everything wrong across keys, in file order."""
    problems: list[Issue] = [*_unique(scenario.sources, ("sources",), "id"),
                             *_unique(scenario.acceptance.parties, ("acceptance", "parties"), "name"),
                             *_unique(scenario.mediators, ("mediators",), "name")]
    for name in ("phase_one", "phase_two", "phase_three"):
        phase = getattr(scenario.phases, name)
        if phase.exchanges is not None:
            problems += _exchanges(scenario, phase.exchanges, ("phases", name, "exchanges"))
    problems += _phase_two_can_end(scenario)
    problems += _events(scenario)
    return problems

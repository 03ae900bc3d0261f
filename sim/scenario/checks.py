"""Checks across keys that the schema alone cannot express.

Each yields :class:`Issue` values; the loader turns them into located
problems. They run once per file, never per replication.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any, NamedTuple

from pydantic import BaseModel, ValidationError

from .distributions import Distribution, pinned
from .model import ALL, END, EVENT_DETAILS, EVENT_KINDS, EXTENSION, RESERVED, TRUCE, Exchanges, Scenario
from .migrate import is_old_template
from .naming import in_text, phase_label
from .paths import VariantError, parse_path, value_at, with_values
from .problems import Path, dotted


class Issue(NamedTuple):
    path: Path
    message: str
    at_key: bool = False  # point at the key itself rather than its value


_REGULAR_KEYS = {"batches", "first_day", "interval_days", "hostages_per_batch", "remains_per_batch"}


def _categories(scenario: Scenario, used: dict, path: Path) -> Iterator[Issue]:
    for category in used:
        if category not in scenario.hostages.living:
            yield Issue(path + (category,), _unknown_category(scenario, category), at_key=True)


def _unknown_category(scenario: Scenario, category: str) -> str:
    known = scenario.hostages.living
    return f"unknown hostage category '{category}'; " + (
        f"the categories in hostages.living are {', '.join(known)}" if known else
        "no one is held in this scenario: add the category under `hostages: {living: ...}`")


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


def _phases_can_end(scenario: Scenario) -> Iterator[Issue]:
    """A phase that waits for every living person held to be free: a category that the phases before it
    may leave held and that it never releases would keep every run in it for ever."""
    earlier: list[Exchanges | None] = []
    for name, phase in scenario.phases.items():
        if "all_living_released" in phase.then.needs and phase.then.otherwise == "wait" and phase.extends is None:
            for category, held in scenario.hostages.living.items():
                if _released(phase.exchanges, category) != (False, 0.0):
                    continue
                before = [_released(exchanges, category) for exchanges in earlier]
                if any(everyone for everyone, _ in before) or (
                        isinstance(held, float) and sum(number for _, number in before) >= held):
                    continue
                words, label = category.replace("_", " "), in_text(phase_label(name, phase))
                yield Issue(("hostages", "living", category), (
                    f"the phases before {label} may leave {words} held and {label} releases none of them, so "
                    f"{label} could never end; add `{category}: all` to its exchanges under phases.{name}"))
        earlier.append(phase.exchanges)


def _phase_ends(scenario: Scenario) -> Iterator[Issue]:
    """Each phase's `then:` and `extends:` name phases that exist, and the deal waits on talks at most once."""
    phases = scenario.phases
    if is_old_template(phases):
        yield Issue(("phases",), "written for the old three-phase template, whose phases do not say what follows "
                    "them; run `ceasefire-sim migrate FILE` to add `then:` to each (or see 'Writing a new deal' "
                    "in docs/scenarios.md)", at_key=True)
        return
    names = list(phases)
    on_talks: list[str] = []
    extended: dict[str, str] = {}
    for name, phase in phases.items():
        path: Path = ("phases", name)
        if name in RESERVED:
            yield Issue(path, f"'{name}' is the name of a state every deal has ({', '.join(RESERVED)}); "
                        "give the phase another name", at_key=True)
        if phase.extends is not None:
            target = phases.get(phase.extends)
            if target is None or target.extends is not None:
                yield Issue(path + ("extends",), _unknown_phase(phase.extends, [n for n in names if n != name
                                                                                and phases[n].extends is None]))
            elif target.then.otherwise != "talks":
                yield Issue(path + ("extends",), f"{phase.extends} ends without waiting on talks (its "
                            "`then.otherwise` is not `talks`), so it is never extended; set it to `talks` or drop "
                            "this phase")
            elif phase.extends in extended:
                yield Issue(path + ("extends",), f"{extended[phase.extends]} already extends {phase.extends}; a "
                            "phase has at most one agreed extension")
            else:
                extended[phase.extends] = name
            if "then" in phase.model_fields_set:
                yield Issue(path + ("then",), f"an agreed extension ends as the phase it extends "
                            f"({phase.extends}) does; drop `then:` here", at_key=True)
            continue
        if phase.chance is not None:
            yield Issue(path + ("chance",), "`chance` is the chance of an agreed extension: give it with "
                        "`extends: PHASE`, or drop it", at_key=True)
        then = phase.then
        if then.next is not None and then.next != END and (then.next not in phases or phases[then.next].extends):
            yield Issue(path + ("then", "next"), _unknown_phase(then.next, [n for n in names if phases[n].extends
                                                                            is None] + [END]))
        elif then.next == name:
            yield Issue(path + ("then", "next"), "a phase cannot be followed by itself")
        if then.otherwise == "talks":
            on_talks.append(name)
        if then.extra_days is not None:
            where = path + ("then", "extra_days", "releases")
            yield from _categories(scenario, then.extra_days.releases, where)
            rates = phase.exchanges.prisoners_per_hostage if phase.exchanges is not None else {}
            for category in then.extra_days.releases:
                if category in scenario.hostages.living and category not in rates:
                    yield Issue(where + (category,), f"no rate for '{category}' in this phase's "
                                "`exchanges.prisoners_per_hostage`; add one (0 if no prisoners are released for "
                                "them)", at_key=True)
        if ("talks_concluded" in then.needs or then.otherwise == "talks") and scenario.talks is None:
            yield Issue(path + ("then",), "this phase's end waits on talks, but the scenario has no `talks:` "
                        "block; add one, or drop `talks_concluded` and `otherwise: talks`")
    for name in on_talks[1:]:
        yield Issue(("phases", name, "then", "otherwise"), f"only one phase may wait on talks (the scenario has "
                    f"one `talks:` block) and {on_talks[0]} already does; use `wait` or `collapse` here")


def _unknown_phase(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"the phases are {', '.join(known)}"
    return f"no phase '{name}' to name here; {hint}"


def _incident_states(scenario: Scenario) -> Iterator[Issue]:
    """Incident rates (of the unnamed kind and of each named one) are given for states the deal has."""
    known = list(scenario.phases) + [f"{name}_extra" for name, phase in scenario.phases.items()
                                     if phase.then.extra_days is not None]
    if any(phase.then.otherwise == "talks" for phase in scenario.phases.values()):
        known += [EXTENSION, TRUCE]
    rates = [(("incidents", "rate_per_day"), scenario.incidents.rate_per_day)]
    rates += [(("incidents", "kinds", name, "rate_per_day"), kind.rate_per_day)
              for name, kind in scenario.incidents.kinds.items()]
    for path, by_state in rates:
        for state in by_state:
            if state not in known:
                close = difflib.get_close_matches(state, known, n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"the states with a ceasefire are {', '.join(known)}"
                yield Issue(path + (state,), f"no state '{state}' in this deal; {hint}", at_key=True)


def _obligations(scenario: Scenario) -> Iterator[Issue]:
    """Each obligation's chances add up to at most 1; a phase that ends on `obligations_met` has one to wait on
    (or inherits one), and releases on a separate track name a category that is held."""
    for name, phase in scenario.phases.items():
        for index, obligation in enumerate(phase.obligations):
            path: Path = ("phases", name, "obligations", index)
            partly, not_met = obligation.partly.probability, obligation.not_met
            if isinstance(partly, float) and isinstance(not_met, float) and partly + not_met > 1 + 1e-9:
                yield Issue(path + ("not_met",), f"with `partly.probability` {partly:g}, the chance of not being "
                            f"met ({not_met:g}) leaves no room: the two add up to at most 1")
            if not obligation.side.strip():
                yield Issue(path + ("side",), "name the side that owes this, e.g. `Israel`")
        for index, outside in enumerate(phase.released_outside):
            if outside.category not in scenario.hostages.living:
                yield Issue(("phases", name, "released_outside", index, "category"),
                            _unknown_category(scenario, outside.category))


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
    problems += _categories(scenario, scenario.words.categories, ("words", "categories"))
    problems += _phase_ends(scenario)
    if is_old_template(scenario.phases):
        return problems  # the one line that says to migrate: the rest would follow from it
    for name, phase in scenario.phases.items():
        if phase.exchanges is not None:
            problems += _exchanges(scenario, phase.exchanges, ("phases", name, "exchanges"))
    problems += _phases_can_end(scenario)
    problems += _incident_states(scenario)
    problems += _obligations(scenario)
    problems += _events(scenario)
    return problems


# -- the `uncertain:` block -----------------------------------------------------------------------

# Keys drawn afresh for each event: fixing them changes the process, not an assumption about it.
PER_EVENT = {"severity": "each incident", "delay_days": "each dispute"}


class Target(NamedTuple):
    """What an uncertain key path points at: the value the scenario gives it, and whether the key
    takes whole numbers only."""

    value: Any  # a number, a Distribution, or None (an optional key left out)
    whole: bool


def _field(model: BaseModel, part: Any, here: str):
    """The field ``part`` of the model, or VariantError naming the keys it has."""
    fields = type(model).model_fields
    if part not in fields:
        close = difflib.get_close_matches(str(part), fields, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"the keys there are {', '.join(fields)}"
        raise VariantError(f"{here} has no key '{part}'; {hint}")
    return fields[str(part)]


def misnamed_key(scenario: Scenario, path: Path) -> str | None:
    """Why ``path`` names no key of the format, or None. Only the names are checked, as far as they
    are keys of the format: a `null` entry may drop a range whose key now holds a single value."""
    node: Any = scenario
    for depth, part in enumerate(path):
        if not isinstance(node, BaseModel):
            return None
        try:
            _field(node, part, dotted(path[:depth]) or "the scenario")
        except VariantError as error:
            return str(error)
        node = getattr(node, str(part))
    return None


def explored_key(scenario: Scenario, path: Path) -> Target:
    """The number (or distribution) at ``path`` in the validated scenario, or VariantError saying why
    the path names no number to explore."""
    node: Any = scenario
    whole = False
    for depth, part in enumerate(path):
        here = dotted(path[:depth]) or "the scenario"
        whole = False
        if isinstance(node, Distribution):
            node = node.as_yaml()
        if isinstance(node, BaseModel):
            whole = _field(node, part, here).annotation is int
            node = getattr(node, str(part))
        elif isinstance(node, list):
            if not isinstance(part, int) or part >= len(node):
                raise VariantError(f"{here} is a list of {len(node)} items; name one as {here}[0] (counting from 0)")
            node = node[part]
        elif isinstance(node, dict):
            if part not in node:
                raise VariantError(f"{here} has no '{part}'; it has {', '.join(map(str, node))}")
            node = node[part]
        else:
            raise VariantError(f"{here} is a single value; it has no '{part}'")
    if isinstance(node, Distribution) and path and path[-1] in PER_EVENT:
        kind = next(iter(node.as_yaml()))
        raise VariantError(f"drawn afresh for {PER_EVENT[str(path[-1])]}: fixing it would change the process, not "
                           f"an assumption; explore its parameters instead, e.g. {dotted(path)}.{kind}"
                           + (".median" if kind == "lognormal" else ".mean" if kind == "normal" else "[0]"))
    if node is not None and not isinstance(node, (float, int, Distribution)) or isinstance(node, bool):
        what = "a list" if isinstance(node, list) else "text" if isinstance(node, str) else "a block of keys"
        raise VariantError(f"not a number: name a number (or a distribution) to explore, not {what}")
    return Target(node, whole)


def setting(target: Target, written: Any, value: float) -> Any:
    """What to write at the key for ``value``: the number itself (rounded for whole-number keys), or for
    a key holding a distribution, one that always gives the value yet draws the same random numbers."""
    if target.whole:
        return int(round(value))
    if isinstance(written, dict):
        return pinned(written, value)
    return value


def range_problem(scenario: Scenario, data: dict, path: Path, shape: Distribution,
                  known: frozenset[tuple[Path, str]] | set = frozenset()) -> Issue | None:
    """Why exploring ``path`` over ``shape`` cannot work, or None: a path that names no number (the
    issue points at the key), or an end of the range that makes no valid scenario (at the range).
    ``known``: the scenario's own problems across keys, (path, message), told once where they are
    written rather than again at every end of every range."""
    try:
        target = explored_key(scenario, path)
    except VariantError as error:
        return Issue(path, str(error), at_key=True)
    for end in (shape.quantile(0.0), shape.quantile(1.0)):
        try:
            changed = with_values(data, {path: setting(target, value_at(data, path), end)})
            changed.pop("uncertain", None)  # the block itself was checked once, with the scenario
            variant = Scenario.model_validate(changed)
        except VariantError as error:
            return Issue(path, str(error), at_key=True)
        except ValidationError as error:
            first = error.errors(include_url=False)[0]
            where = dotted(tuple(first["loc"]))
            return Issue(path, f"at {end:g}: {where + ': ' if where != dotted(path) else ''}{first['msg']}")
        issues = [issue for issue in cross_check(variant) if (issue.path, issue.message) not in known]
        if issues:
            return Issue(path, f"at {end:g}: {dotted(issues[0].path)}: {issues[0].message}")
    return None


def uncertain_issues(scenario: Scenario, data: dict, known: frozenset[tuple[Path, str]] | set = frozenset()
                     ) -> list[Issue]:
    """Every entry of the `uncertain:` block that names no number, or whose range makes no valid scenario
    (beyond the ``known`` problems of the scenario itself, see :func:`range_problem`)."""
    issues = []
    for text, shape in scenario.uncertain.items():
        try:
            if shape is None:  # drops an inherited range; a mistyped key would leave that range in force
                why = misnamed_key(scenario, parse_path(text))
                problem = Issue((), why, at_key=True) if why else None
            else:
                problem = range_problem(scenario, data, parse_path(text), shape, known)
        except VariantError as error:
            problem = Issue((), str(error).partition(": ")[2], at_key=True)
        if problem:
            issues.append(problem._replace(path=("uncertain", text)))
    return issues

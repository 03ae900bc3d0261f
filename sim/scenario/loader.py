"""From a scenario file to a validated :class:`Scenario`, or located problems.

Steps: read the YAML safely with positions; follow ``extends`` (deep merge:
mappings merge key by key, anything else is replaced); validate with
pydantic; check the cross-references pydantic cannot see. Every failure
becomes a :class:`Problem` that points at a file, line, column and key.
"""

from __future__ import annotations

import difflib
import os
import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from .checks import Issue, cross_check, uncertain_issues
from .distributions import EXAMPLES
from .model import Scenario
from .paths import MISSING, VariantError, parse_path, value_at, with_values
from .problems import Path, Problem, ScenarioError, dotted
from .yaml_source import Positions, read_yaml, regular_file_problem

MAX_EXTENDS_DEPTH = 10
EXTENSIONS = (".yaml", ".yml")


@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario and where it came from (for provenance in outputs)."""

    scenario: Scenario
    file: str
    files: tuple[str, ...]  # the file, then the files it extends, nearest first
    sha256: str  # of the file's bytes
    extends_sha256: tuple[str, ...]
    data: dict[str, Any]  # the merged plain data, for variants built in code (sweeps)
    notes: tuple[Problem, ...] = ()  # what loading changed that the writer should know (not problems)


def _is_distribution(value: Any) -> bool:
    return isinstance(value, dict) and len(value) == 1 and next(iter(value)) in EXAMPLES


def deep_merge(base: Any, override: Any) -> Any:
    """``override`` over ``base``: mappings merge key by key; anything else, and a
    distribution (which is one value), is replaced whole."""
    if isinstance(base, dict) and isinstance(override, dict) and not _is_distribution(base):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = deep_merge(base[key], value) if key in base else value
        return merged
    return override


def _base_problem(parent: str, base_file: str) -> str | None:
    """Why the file that ``extends`` names may not be read, or None. One rule, wherever the command
    runs from: a regular .yaml/.yml file, by a path relative to the file that names it (or absolute)."""
    if not parent.lower().endswith(EXTENSIONS):
        return f"cannot extend '{parent}': `extends` names a scenario file ending in .yaml or .yml"
    why = regular_file_problem(base_file)
    if why is not None:
        return f"cannot extend '{parent}': {why} (the path is relative to this file)"
    return None


def _replaced_at(data: dict, path: Path) -> Path | None:
    """Where ``data`` (a file that ``extends`` another) writes over the value at ``path`` rather than
    merging into it: the path itself, or the key on the way to it that holds a number, text, a list
    or a distribution (each replaced whole); None where it leaves the value as inherited."""
    for depth in range(1, len(path) + 1):
        written = value_at(data, path[:depth])
        if written is MISSING:
            return None
        if depth == len(path) or not isinstance(written, dict) or _is_distribution(written):
            return path[:depth]
    return None


def _path_or_none(text: str) -> Path | None:
    try:
        return parse_path(text)
    except VariantError:
        return None


def _drop_replaced_ranges(base: dict, data: dict, merged: dict, positions: Positions) -> list[Problem]:
    """Leave out the inherited `uncertain:` entries whose key ``data`` replaced: the range was the
    doubt about the base's value, and the variant wrote its own ("talks take exactly 40 days", other
    parties). One note for each replacing key, on the line where the variant writes it."""
    inherited, own = base.get("uncertain"), data.get("uncertain")
    if not isinstance(inherited, dict) or not isinstance(merged.get("uncertain"), dict):
        return []
    own = own if isinstance(own, dict) else {}
    dropped: dict[Path, list[str]] = {}
    for text in inherited:
        if text in own:
            continue
        path = _path_or_none(text)  # None: a path that names no key, told when the block is checked
        where = None if path is None else _replaced_at(data, path)
        if where is not None:
            dropped.setdefault(where, []).append(text)
    if not dropped:
        return []
    gone = {text for texts in dropped.values() for text in texts}
    merged["uncertain"] = {text: shape for text, shape in merged["uncertain"].items() if text not in gone}
    explored = [path for text, shape in own.items() if shape is not None and (path := _path_or_none(text))]
    notes = []
    for where, texts in dropped.items():
        if any(path[:len(where)] == where for path in explored):
            continue  # the variant says itself what to explore there
        still = [text for text in texts if value_at(merged, parse_path(text)) is not MISSING]
        example = still[0] if still else dotted(where)
        ranges = f"the inherited range{'s' if len(texts) > 1 else ''} for {', '.join(texts)}"
        notes.append(Problem(positions.locate(where, key=True), where, (
            f"note: this value replaces the one that {ranges} explored, so {'they are' if len(texts) > 1 else 'it is'} "
            f"left out; to explore the new value, give it a range in this file, e.g. "
            f"uncertain: {{{example}: [LOW, HIGH]}}")))
    return notes


@dataclass
class _Chain:
    """A file read with everything it extends: the merged data and where each key was written."""

    data: dict[str, Any]
    positions: Positions
    files: tuple[str, ...]  # this file first, then the files it extends, nearest first
    digests: tuple[str, ...]  # the SHA-256 of each file's bytes
    inherited: dict[str, Any]  # what the files it extends give, without this file (empty if it extends none)
    notes: list[Problem]  # inherited ranges left out, one note for each key that replaced their value
    problems: list[Problem]  # values that could not be read, left out of ``data``


def _read_chain(file: str, chain: tuple[str, ...]) -> _Chain:
    """The file's data merged over everything it extends. ``chain``: the real paths read so far."""
    problems: list[Problem] = []
    data, positions, digest = read_yaml(file, problems)
    parent = data.pop("extends", None)
    if parent is None:
        return _Chain(data, positions, (file,), (digest,), {}, [], problems)
    mark = positions.values.get(("extends",), positions.keys.get(("extends",)))
    if not isinstance(parent, str) or not parent:
        raise ScenarioError([Problem(mark, ("extends",), "give the path of one scenario file, relative to this one")])
    base_file = os.path.normpath(os.path.join(os.path.dirname(file), parent))
    real = os.path.realpath(base_file)
    if real in chain:
        cycle = " -> ".join([*(os.path.basename(f) for f in chain), os.path.basename(base_file)])
        raise ScenarioError([Problem(mark, ("extends",), f"`extends` makes a cycle ({cycle}); remove one link")])
    if len(chain) >= MAX_EXTENDS_DEPTH:
        raise ScenarioError([Problem(mark, ("extends",), f"more than {MAX_EXTENDS_DEPTH} files deep in `extends`")])
    why = _base_problem(parent, base_file)
    if why is not None:
        raise ScenarioError([Problem(mark, ("extends",), why)])
    base = _read_chain(base_file, chain + (real,))
    base.positions.update(positions)
    base.positions.keys[("extends",)] = mark
    merged = deep_merge(base.data, data)
    notes = base.notes + _drop_replaced_ranges(base.data, data, merged, positions)
    return _Chain(merged, base.positions, (file, *base.files), (digest, *base.digests), base.data, notes,
                  base.problems + problems)


def _strip(annotation: Any) -> Any:
    """``Optional[X]`` and ``Annotated[X, ...]`` -> ``X``."""
    while typing.get_origin(annotation) in (typing.Union, types.UnionType, typing.Annotated):
        annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
    return annotation


def _model_at(path: Path) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``path``, for key suggestions."""
    current: Any = Scenario
    for part in path:
        current = _strip(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            if str(part) not in current.model_fields:
                return None
            current = current.model_fields[str(part)].annotation
        elif typing.get_origin(current) in (list, dict):
            current = typing.get_args(current)[-1]
        else:
            return None
    current = _strip(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _shown(value: Any) -> str:
    """A value as the file wrote it, short enough for one line."""
    text = repr(value) if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


# pydantic's words for a value of the wrong type, as what to write instead (``{value}``: what was written).
_PLAIN = {
    "string_type": "write text here (in quotes if it looks like a number or a date), not {value}",
    "int_type": "write a whole number here, e.g. 400, not {value}",
    "int_parsing": "write a whole number here, e.g. 400, not {value}",
    "int_from_float": "write a whole number here, e.g. 400, not {value}",
    "float_type": "write a number here, e.g. 0.5, not {value}",
    "float_parsing": "write a number here, e.g. 0.5, not {value}",
    "bool_type": "write true or false here, not {value}",
    "bool_parsing": "write true or false here, not {value}",
    "date_type": "write a date as YYYY-MM-DD, e.g. 2024-05-31, not {value}",
    "date_parsing": "write a date as YYYY-MM-DD, e.g. 2024-05-31, not {value}",
    "date_from_datetime_parsing": "write a date as YYYY-MM-DD, e.g. 2024-05-31, not {value}",
    "date_from_datetime_inexact": "write a date without a time, as YYYY-MM-DD, e.g. 2024-05-31",
    "model_type": "write a block of keys here (`key: value` lines indented under it), not {value}",
    "model_attributes_type": "write a block of keys here (`key: value` lines indented under it), not {value}",
    "dict_type": "write a block of keys here (`key: value` lines indented under it), not {value}",
    "list_type": "write a list here (lines that start with '- ', or [A, B]), not {value}",
    "too_short": "give at least {min_length} item{s} here",
    "too_long": "give at most {max_length} item{s} here",
    "less_than_equal": "the value must be at most {le:,}, not {value}",
    "greater_than_equal": "the value must be at least {ge:,}, not {value}",
    "less_than": "the value must be below {lt:,}, not {value}",
    "greater_than": "the value must be above {gt:,}, not {value}",
}


def _message(error: dict) -> str:
    """One of pydantic's errors in plain words, with what to write instead."""
    kind, loc = error["type"], error["loc"]
    if kind == "extra_forbidden":
        model = _model_at(loc[:-1])
        known = list(model.model_fields) if model else []
        close = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"allowed here: {', '.join(known)}"
        return f"unknown key; {hint}"
    if kind == "missing":
        return "this key is required; add it (see docs/scenario-reference.md)"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        options = [o.strip(" '") for o in expected.replace(" or ", ", ").split(",")]
        close = difflib.get_close_matches(str(error["input"]), options, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"write one of {', '.join(options)}, not {_shown(error['input'])}{hint}"
    if kind in _PLAIN:
        context = error.get("ctx", {})
        size = context.get("min_length", context.get("max_length", 0))
        return _PLAIN[kind].format(value=_shown(error.get("input")), s="" if size == 1 else "s", **context)
    return error["msg"]


def _overlaps(path: Path, told: list[Path]) -> bool:
    """Whether ``path`` lies on the way to, or under, a path whose problem is already told."""
    return any(path[:len(t)] == t or t[:len(path)] == path for t in told)


def _without(data: Any, path: Path) -> Any:
    """A copy of ``data`` without the key at ``path`` (the mappings on the way copied, the rest shared)."""
    if not path or not isinstance(data, (dict, list)):
        return data
    head, rest = path[0], path[1:]
    if isinstance(data, dict) and head in data:
        copy = dict(data)
        if rest:
            copy[head] = _without(data[head], rest)
        else:
            del copy[head]
        return copy
    if isinstance(data, list) and isinstance(head, int) and head < len(data) and rest:
        copy = list(data)
        copy[head] = _without(data[head], rest)
        return copy
    return data


def _checkable(chain: _Chain, paths: list[Path]) -> tuple[Scenario, dict] | None:
    """The scenario with each bad value put back to what the files it extends give (or left out), so
    that the checks across keys still run in the same pass; None when it is still not valid."""
    data = chain.data
    for path in paths:
        while path and not isinstance(path[-1], str):  # the nearest key of a mapping
            path = path[:-1]
        inherited = value_at(chain.inherited, path)
        data = _without(data, path) if inherited is MISSING else with_values(data, {path: inherited})
    try:
        return Scenario.model_validate(data), data
    except (ValidationError, VariantError):
        return None


def _located(issue: Issue, positions: Positions, file: str) -> Problem:
    """An issue at its place; an inherited `uncertain:` entry that this file's values break is told on
    this file's `extends` line, with the fix that goes in this file."""
    mark = positions.locate(issue.path, key=issue.at_key)
    extends = positions.keys.get(("extends",))
    if mark.file == file or extends is None or issue.path[:1] != ("uncertain",):
        return Problem(mark, issue.path, issue.message)
    text = issue.path[1]
    return Problem(extends, issue.path, (
        f"the range inherited from {os.path.basename(mark.file)}:{mark.line} fails with this file's values: "
        f"{issue.message}; to leave it out, write uncertain: {{{text}: null}} in this file"))


def _problems(chain: _Chain, file: str) -> tuple[Scenario | None, list[Problem]]:
    """The scenario, and every problem of the file found in one pass: values that cannot be read, the
    schema's complaints, then the checks across keys and of the `uncertain:` block, each told once."""
    told = [p.path for p in chain.problems]
    problems = list(chain.problems)
    data = chain.data
    try:
        scenario: Scenario | None = Scenario.model_validate(data)
    except ValidationError as error:
        found = [e for e in error.errors(include_url=False) if not _overlaps(tuple(e["loc"]), told)]
        for item in found:
            loc = tuple(item["loc"])
            mark = chain.positions.locate(loc, key=item["type"] in ("extra_forbidden", "missing"))
            problems.append(Problem(mark, loc, _message(item)))
        told += [tuple(e["loc"]) for e in found]
        checkable = _checkable(chain, told)
        if checkable is None:
            return None, problems
        scenario, data = checkable
    across = cross_check(scenario)
    ranges = uncertain_issues(scenario, data, known={(i.path, i.message) for i in across})
    problems += [_located(issue, chain.positions, file) for issue in (*across, *ranges)
                 if not _overlaps(issue.path, told)]
    return (None if told else scenario), problems


def load(file: str) -> LoadedScenario:
    """Read, merge, validate and cross-check one scenario file; every problem at once, in file order."""
    file = os.path.normpath(file)
    chain = _read_chain(file, (os.path.realpath(file),))
    scenario, problems = _problems(chain, file)
    if problems or scenario is None:
        raise ScenarioError(sorted(problems, key=lambda p: (p.mark.file != file, p.mark.file, p.mark.line,
                                                            p.mark.column)))
    return LoadedScenario(scenario, file, chain.files, chain.digests[0], chain.digests[1:], chain.data,
                          tuple(chain.notes))


def load_many(files: list[str]) -> tuple[list[LoadedScenario], list[Problem]]:
    """Every file that loads, and the problems of those that do not."""
    loaded, problems = [], []
    for file in files:
        try:
            loaded.append(load(file))
        except ScenarioError as error:
            problems.extend(error.problems)
    return loaded, problems

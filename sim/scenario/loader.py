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

from .checks import cross_check, uncertain_issues
from .distributions import EXAMPLES
from .model import Scenario
from .problems import Path, Problem, ScenarioError
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


def _inside(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder


def _base_problem(parent: str, base_file: str, real: str, homes: tuple[str, ...]) -> str | None:
    """Why the file that ``extends`` names may not be read, or None: it must be a regular
    .yaml/.yml file inside the folder tree of the main scenario or of the working directory."""
    if not parent.lower().endswith(EXTENSIONS):
        return f"cannot extend '{parent}': `extends` names a scenario file ending in .yaml or .yml"
    if not any(_inside(real, home) for home in homes):
        return (f"cannot extend '{parent}': it lies outside the folder of the scenario and the working "
                "directory (after following links); copy the file next to this one")
    why = regular_file_problem(base_file)
    if why is not None:
        return f"cannot extend '{parent}': {why} (the path is relative to this file)"
    return None


def _read_chain(file: str, chain: tuple[str, ...],
                homes: tuple[str, ...]) -> tuple[dict, Positions, tuple[str, ...], tuple[str, ...]]:
    """The file's data merged over everything it extends, with positions; the files of the
    chain (this one first) and the SHA-256 of each. ``homes``: the folders ``extends`` may read in."""
    data, positions, digest = read_yaml(file)
    parent = data.pop("extends", None)
    if parent is None:
        return data, positions, (file,), (digest,)
    mark = positions.values[("extends",)]
    if not isinstance(parent, str) or not parent:
        raise ScenarioError([Problem(mark, ("extends",), "give the path of one scenario file, relative to this one")])
    base_file = os.path.normpath(os.path.join(os.path.dirname(file), parent))
    real = os.path.realpath(base_file)
    if real in chain:
        cycle = " -> ".join([*(os.path.basename(f) for f in chain), os.path.basename(base_file)])
        raise ScenarioError([Problem(mark, ("extends",), f"`extends` makes a cycle ({cycle}); remove one link")])
    if len(chain) >= MAX_EXTENDS_DEPTH:
        raise ScenarioError([Problem(mark, ("extends",), f"more than {MAX_EXTENDS_DEPTH} files deep in `extends`")])
    why = _base_problem(parent, base_file, real, homes)
    if why is not None:
        raise ScenarioError([Problem(mark, ("extends",), why)])
    base, base_positions, files, digests = _read_chain(base_file, chain + (real,), homes)
    base_positions.update(positions)
    base_positions.keys[("extends",)] = mark
    return deep_merge(base, data), base_positions, (file, *files), (digest, *digests)


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


def _message(error: dict) -> str:
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
        return f"{error['msg']}{hint}"
    return error["msg"]


def _validation_problems(error: ValidationError, positions: Positions) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        mark = positions.locate(loc, key=item["type"] in ("extra_forbidden", "missing"))
        problems.append(Problem(mark, loc, _message(item)))
    return problems


def load(file: str) -> LoadedScenario:
    """Read, merge, validate and cross-check one scenario file."""
    file = os.path.normpath(file)
    real = os.path.realpath(file)
    homes = (os.path.dirname(real), os.path.realpath(os.getcwd()))
    data, positions, files, digests = _read_chain(file, (real,), homes)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        raise ScenarioError(sorted(_validation_problems(error, positions),
                                   key=lambda p: (p.mark.file != file, p.mark.line, p.mark.column))) from None
    issues = cross_check(scenario)
    if not issues:  # the ends of each uncertain range are checked on a scenario that holds together
        issues = uncertain_issues(scenario, data)
    problems = [Problem(positions.locate(issue.path, key=issue.at_key), issue.path, issue.message)
                for issue in issues]
    if problems:
        raise ScenarioError(problems)
    return LoadedScenario(scenario, file, files, digests[0], digests[1:], data)


def load_many(files: list[str]) -> tuple[list[LoadedScenario], list[Problem]]:
    """Every file that loads, and the problems of those that do not."""
    loaded, problems = [], []
    for file in files:
        try:
            loaded.append(load(file))
        except ScenarioError as error:
            problems.extend(error.problems)
    return loaded, problems

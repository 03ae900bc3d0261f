"""Variants of a scenario built in code: a value set at a dotted path of the scenario's data, checked
against the schema as a file would be; and the scenario's uncertain inputs (its distributions).

A path is written as in error messages: ``talks.duration_days``, ``acceptance.parties[1].accepts``,
``talks.duration_days.lognormal.median`` (inside a distribution).
"""

from __future__ import annotations

import copy
import math
import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ..scenario import LoadedScenario, Scenario
from ..scenario.checks import cross_check
from ..scenario.distributions import EXAMPLES, Choice, Distribution, Lognormal, Normal, Triangular, Uniform
from ..scenario.loader import _message
from ..scenario.problems import Path, dotted

_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)$")
Z90 = 1.2815515655446004  # the 90th percentile of the standard normal


class VariantError(ValueError):
    """A path or value that does not make a valid scenario; the message says where and why."""


def parse_path(text: str) -> Path:
    """``acceptance.parties[1].day`` -> ``('acceptance', 'parties', 1, 'day')``; digits alone are indices too."""
    path: list[str | int] = []
    for part in text.split("."):
        if part.isdigit() and path:
            path.append(int(part))
            continue
        match = _PART.match(part)
        if not match:
            raise VariantError(f"{text}: not a key path; write keys joined by dots, e.g. talks.duration_days "
                               "or acceptance.parties[1].accepts")
        path.append(match.group(1))
        path.extend(int(index) for index in re.findall(r"\[(\d+)\]", match.group(2)))
    return tuple(path)


def with_values(data: dict, changes: dict[Path, Any]) -> dict:
    """A deep copy of ``data`` with each path set to its value (mappings on the way made as needed)."""
    data = copy.deepcopy(data)
    for path, value in changes.items():
        node: Any = data
        for depth, part in enumerate(path[:-1]):
            nxt = path[depth + 1]
            if isinstance(part, int):
                if not isinstance(node, list) or part >= len(node):
                    size = len(node) if isinstance(node, list) else 0
                    raise VariantError(f"{dotted(path)}: {dotted(path[:depth]) or 'the scenario'} has no item "
                                       f"{part} (it has {size}; items count from 0)")
                node = node[part]
            else:
                if not isinstance(node, dict):
                    raise VariantError(f"{dotted(path)}: {dotted(path[:depth])} is not a mapping of keys")
                if node.get(part) is None:
                    node[part] = [] if isinstance(nxt, int) else {}
                node = node[part]
        last = path[-1]
        if isinstance(last, int):
            if not isinstance(node, list) or last >= len(node):
                raise VariantError(f"{dotted(path)}: there is no such item (items count from 0)")
        elif not isinstance(node, dict):
            raise VariantError(f"{dotted(path)}: {dotted(path[:-1])} is not a mapping of keys")
        node[last] = value
    return data


def variant(loaded: LoadedScenario, changes: dict[Path, Any]) -> Scenario:
    """The scenario with these values, validated and cross-checked, or :class:`VariantError`."""
    data = with_values(loaded.data, changes)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        raise VariantError("; ".join(f"{dotted(tuple(e['loc'])) or 'the scenario'}: {_message(e)}"
                                     for e in error.errors(include_url=False))) from None
    problems = list(cross_check(scenario))
    if problems:
        raise VariantError("; ".join(f"{dotted(issue.path)}: {issue.message}" for issue in problems))
    return scenario


# -- uncertain inputs ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Input:
    """One uncertain input: a distribution in the scenario, and its low and high values."""

    path: Path
    low: float
    high: float
    written: dict  # the distribution as the file writes it

    @property
    def name(self) -> str:
        return dotted(self.path)

    @property
    def how(self) -> str:
        kind = next(iter(self.written))
        return "bounds" if kind in ("uniform", "triangular", "choice") else "10th and 90th percentiles"


def _paths_of_distributions(data: Any, path: Path = ()) -> list[Path]:
    if isinstance(data, dict):
        if len(data) == 1 and next(iter(data)) in EXAMPLES:
            return [path]
        return [p for key, value in data.items() for p in _paths_of_distributions(value, path + (key,))]
    if isinstance(data, list):
        return [p for i, value in enumerate(data) for p in _paths_of_distributions(value, path + (i,))]
    return []


def _at(model: Any, path: Path) -> Any:
    for part in path:
        model = model[part] if isinstance(part, int) or isinstance(model, dict) else getattr(model, part)
    return model


def low_high(distribution: Distribution) -> tuple[float, float]:
    """Bounds of uniform, triangular and choice; 10th and 90th percentiles of normal and lognormal;
    clipped to the key's range."""
    if isinstance(distribution, Uniform):
        low, high = distribution.low, distribution.high
    elif isinstance(distribution, Triangular):
        low, high = distribution.left, distribution.right
    elif isinstance(distribution, Choice):
        low, high = min(distribution.values), max(distribution.values)
    elif isinstance(distribution, Lognormal):
        low, high = (distribution.median * math.exp(s * Z90 * distribution.sigma) for s in (-1, 1))
    elif isinstance(distribution, Normal):
        low, high = (distribution.mean + s * Z90 * distribution.sd for s in (-1, 1))
    else:  # pragma: no cover - every kind is above
        raise TypeError(distribution)
    return max(low, distribution.lo), min(high, distribution.hi)


def pinned(written: dict, value: float) -> dict:
    """A distribution that always gives ``value`` yet draws the same random numbers as ``written``,
    so that pinning one input leaves every later draw of the replication as it was (common random
    numbers between the scenario and its variants)."""
    (kind, body), = written.items()
    if kind in ("uniform", "triangular"):  # one uniform number each (numpy refuses a triangular of width 0)
        return {"uniform": [value, value]}
    if kind == "lognormal":
        return {"lognormal": {"median": value, "sigma": 0}}
    if kind == "normal":
        return {"normal": {"mean": value, "sd": 0}}
    return {"choice": [value] * len(body)}


def uncertain_inputs(loaded: LoadedScenario) -> list[Input]:
    """Every distribution of the scenario whose low and high differ, in the order of the file."""
    inputs = []
    for path in _paths_of_distributions(loaded.data):
        low, high = low_high(_at(loaded.scenario, path))
        if high > low:
            inputs.append(Input(path, round(low, 6), round(high, 6), _at(loaded.data, path)))
    return inputs

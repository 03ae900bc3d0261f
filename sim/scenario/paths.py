"""Key paths into a scenario's data: ``talks.duration_days``, ``acceptance.parties[1].accepts``,
``talks.duration_days.lognormal.median`` (inside a distribution), written as error messages write them.

The scenario's `uncertain:` block and every variant built in code (sweeps, sensitivity, diff)
name keys this way; both read and set values through these functions.
"""

from __future__ import annotations

import re
from typing import Any

from .problems import Path, dotted

_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)$")
MISSING = object()  # what value_at gives for a key the data does not write


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


def value_at(data: Any, path: Path) -> Any:
    """The value the data writes at ``path``, or MISSING."""
    for part in path:
        if isinstance(part, int) and isinstance(data, list) and part < len(data):
            data = data[part]
        elif isinstance(part, str) and isinstance(data, dict) and part in data:
            data = data[part]
        else:
            return MISSING
    return data


def with_values(data: dict, changes: dict[Path, Any]) -> dict:
    """A copy of ``data`` with each path set to its value (mappings on the way made as needed).

    Only the mappings and lists on the way to a changed key are copied; the rest is shared with
    ``data``, which is never changed (a deep copy of the whole scenario for each value tried was
    most of the time `validate` spent on an `uncertain:` block)."""
    data = dict(data)
    for path, value in changes.items():
        node: Any = data
        for depth, part in enumerate(path[:-1]):
            nxt = path[depth + 1]
            if isinstance(part, int):
                if not isinstance(node, list) or part >= len(node):
                    size = len(node) if isinstance(node, list) else 0
                    raise VariantError(f"{dotted(path)}: {dotted(path[:depth]) or 'the scenario'} has no item "
                                       f"{part} (it has {size}; items count from 0)")
                child = node[part]
            else:
                if not isinstance(node, dict):
                    raise VariantError(f"{dotted(path)}: {dotted(path[:depth])} is not a mapping of keys")
                child = node.get(part)
                if child is None:
                    child = [] if isinstance(nxt, int) else {}
            if isinstance(child, (dict, list)):
                child = node[part] = type(child)(child)  # copied on the way down; the original stays as it was
            node = child
        last = path[-1]
        if isinstance(last, int):
            if not isinstance(node, list) or last >= len(node):
                raise VariantError(f"{dotted(path)}: there is no such item (items count from 0)")
        elif not isinstance(node, dict):
            raise VariantError(f"{dotted(path)}: {dotted(path[:-1])} is not a mapping of keys")
        node[last] = value
    return data

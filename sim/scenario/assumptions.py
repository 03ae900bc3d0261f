"""The figures a scenario file marks ``# ASSUMPTION``, found by the line each value stands on.

Authors mark a figure that no source gives with a comment containing ASSUMPTION:
on the value's own line (``deadline_days: 60  # ASSUMPTION: two months``), on the
line of a key whose whole block is assumed (``incidents:  # ASSUMPTION throughout``),
or on comment lines starting ``# ASSUMPTION:`` just above a key (the block that
follows, up to the next blank line). Only figures count (numbers, distributions, the
word ``all``), not names or notes. The YAML reader keeps
the line of every key and value, so each mark is tied to the key paths it covers;
nothing is guessed from the comment's wording but the reason after ``ASSUMPTION:``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .distributions import EXAMPLES
from .problems import Path
from .yaml_source import read_text, read_yaml

_MARK = re.compile(r"(?:^|\s)#.*?\bASSUMPTIONS?\b\s*(:?)\s*(.*)$")
_BLOCK_MARK = re.compile(r"^\s*#\s*ASSUMPTIONS?\s*:")  # a comment line about the block below it
_ABOUT_THE_FILE = {"version", "name", "description", "sources", "extends", "seed"}  # not figures
_REFERENCE = re.compile(r"\s*\[[^\]]*\]")


@dataclass(frozen=True)
class Assumption:
    path: Path
    value: Any  # as the file writes it (a number, a word, a distribution)
    reason: str  # the words after "ASSUMPTION:", or ""


def _reason(colon: str, rest: str) -> str:
    if not colon:
        return ""
    text = _REFERENCE.sub("", rest).strip().rstrip(" .;,:")
    while text.endswith(")") and text.count(")") > text.count("("):  # the comment's own closing bracket
        text = text[:-1].rstrip(" .;,:")
    return text


def _leaves(data: Any, path: Path) -> list[tuple[Path, Any]]:
    """The values under ``path``: a distribution counts as one value."""
    if isinstance(data, dict) and not (len(data) == 1 and next(iter(data)) in EXAMPLES):
        return [leaf for key, value in data.items() for leaf in _leaves(value, path + (key,))]
    if isinstance(data, list) and any(isinstance(item, dict) for item in data):
        return [leaf for i, value in enumerate(data) for leaf in _leaves(value, path + (i,))]
    return [(path, data)]


def _figure(path: Path, value: Any) -> bool:
    if path[0] in _ABOUT_THE_FILE:
        return False
    return (isinstance(value, (int, float)) and not isinstance(value, bool)) or isinstance(value, dict) or value == "all"


def _at(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data


def marked(file: str) -> list[Assumption]:
    """The assumptions of one file (not the files it extends), in the order of the file."""
    data, positions, _ = read_yaml(file)
    lines = read_text(file).splitlines()
    starts: dict[int, list[Path]] = {}  # line -> the keys written on it (and list items written whole)
    for path, mark in positions.keys.items():
        if path and mark.file == file:
            starts.setdefault(mark.line, []).append(path)
    for path, mark in positions.values.items():
        if path and mark.file == file and isinstance(path[-1], int) and not isinstance(_at(data, path), (dict, list)):
            starts.setdefault(mark.line, []).append(path)
    found: dict[Path, Assumption] = {}
    pending: str | None = None  # the reason of comment lines waiting for the key below them
    for number, line in enumerate(lines, start=1):
        match = _MARK.search(line)
        if line.lstrip().startswith("#"):
            if _BLOCK_MARK.match(line):
                pending = _reason(*match.groups())
            continue
        paths = starts.get(number, [])
        if match or (pending is not None and paths):
            reason = _reason(*match.groups()) if match else pending
            # the outermost paths of the line: a key whose block is assumed covers its block
            outer = [p for p in paths if not any(p[:len(q)] == q and p != q for q in paths)]
            for path in outer:
                for leaf, value in _leaves(_at(data, path), path):
                    if _figure(leaf, value):
                        found.setdefault(leaf, Assumption(leaf, value, reason or ""))
        if paths or not line.strip():
            pending = None
    return list(found.values())

"""Every figure a shipped scenario marks as an ASSUMPTION has a range in its `uncertain:` block."""

from __future__ import annotations

import pytest

from sim.scenario import load
from sim.scenario.paths import parse_path, value_at
from sim.scenario.yaml_source import read_yaml

from .conftest import SHIPPED


def _assumed_lines(file) -> dict[int, list[tuple]]:
    """Line -> the key paths written on it, for each line whose comment says ASSUMPTION and that holds
    a number or a distribution (not a name, nor a key left empty as the what-if itself)."""
    data, positions, _ = read_yaml(str(file))
    lines = file.read_text(encoding="utf-8").splitlines()
    found: dict[int, list[tuple]] = {}
    for path, mark in positions.keys.items():
        if mark.file != str(file) or path[:1] == ("uncertain",):
            continue
        comment = lines[mark.line - 1].partition("#")[2]
        value = value_at(data, path)
        if "ASSUMPTION" in comment and value is not None and not isinstance(value, str):
            found.setdefault(mark.line, []).append(path)
    return found


@pytest.mark.parametrize("file", SHIPPED, ids=[f.name for f in SHIPPED])
def test_every_assumption_has_a_range_to_explore(file):
    explored = [parse_path(text) for text, shape in load(str(file)).scenario.uncertain.items() if shape is not None]
    assert explored, f"{file.name} has no uncertain: block"
    for line, paths in _assumed_lines(file).items():
        covered = any(e[:len(p)] == p or p[:len(e)] == e for p in paths for e in explored)
        assert covered, f"{file.name}:{line}: an ASSUMPTION with no range in the uncertain: block ({paths})"

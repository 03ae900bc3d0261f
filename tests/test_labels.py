"""Every scenario key has plain words, and no label a reader sees carries a code name."""

from __future__ import annotations

import re
import typing

import pytest
from pydantic import BaseModel

from sim.scenario.labels import LABELS, key_label
from sim.scenario.loader import _strip
from sim.scenario.model import Phase, Scenario

from .conftest import SHIPPED


def _patterns(model: type[BaseModel], prefix: str = "") -> list[str]:
    """Every key pattern of the schema, in the table's notation."""
    found = []
    for name, field in model.model_fields.items():
        if model is Scenario and name == "phases":
            found.append("phases")
            found += _patterns(Phase, "phases.{phase}.")
            found.append("phases.{phase}")
            continue
        path = prefix + name
        found.append(path)
        annotation = _strip(field.annotation)
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if origin is list and isinstance(args[0], type) and issubclass(args[0], BaseModel):
            found += _patterns(args[0], path + "[].")
        elif origin is dict:
            found.append(path + ".{key}")
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if name == "rate_per_day":
                found.append(path + ".{state}")
            else:
                found += _patterns(annotation, path + ".")
    return found


def test_every_key_of_the_schema_has_words():
    missing = [p for p in _patterns(Scenario) if p not in LABELS]
    assert not missing, f"add plain words for {missing} to sim/scenario/labels.py"


@pytest.mark.parametrize("path, data, expected", [
    (("talks", "duration_days"), None, "days of talks needed to agree phase two"),
    (("acceptance", "parties", 1, "accepts"), {"acceptance": {"parties": [{"name": "Israel"}, {"name": "Hamas"}]}},
     "chance that Hamas accepts"),
    (("acceptance", "parties", 1, "accepts"), None, "chance that 2 accepts"),
    (("incidents", "rate_per_day", "extension"), None, "incidents a day in the extension"),
    (("hostages", "living", "women_civilians"), None, "women civilians held alive at the start"),
    (("phases", "phase_two", "exchanges", "prisoners_per_hostage", "soldiers"),
     {"words": {"freed": {"one": "prisoner", "many": "prisoners"}}},
     "prisoners freed for each of the soldiers in phase two"),
    # the deal's own words, neutral where the file names none, and its categories as it names them
    (("phases", "phase_two", "exchanges", "prisoners_per_hostage", "soldiers"), None,
     "detainees freed for each of the soldiers in phase two"),
    (("phases", "talks", "exchanges", "prisoners_per_hostage", "conscripts"),
     {"words": {"freed": {"one": "prisoner of war", "many": "prisoners of war"},
                "categories": {"conscripts": "conscripted soldiers"}}},
     "prisoners of war freed for each of the conscripted soldiers in talks"),
    (("hostages", "remains"), {"words": {"held": {"one": "detainee", "many": "detainees"}}},
     "bodies of detainees held at the start"),
    (("talks", "duration_days", "lognormal", "median"), None,
     "median of days of talks needed to agree phase two"),
    (("incidents", "severity", "uniform", 1), None, "tension each incident adds, high end of its range"),
])
def test_labels_read_as_words(path, data, expected):
    assert key_label(path, data) == expected


def _leaf_paths(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaf_paths(value, path + (key,))
    elif isinstance(node, list) and node and isinstance(node[0], dict):
        for index, value in enumerate(node):
            yield from _leaf_paths(value, path + (index,))
    else:
        yield path


@pytest.mark.parametrize("file", SHIPPED, ids=lambda p: p.name)
def test_no_code_name_in_any_label_of_a_shipped_scenario(file):
    import yaml

    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    for path in _leaf_paths(data):
        label = key_label(path, data)
        assert not re.search(r"[a-z]_[a-z]|\.\w", label), (path, label)

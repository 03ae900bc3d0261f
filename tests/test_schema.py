"""The editor's JSON Schema accepts every shipped scenario, whole or a variant that `extends` one, and
underlines what validate refuses (issue 22, item 2)."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest
import yaml

from sim.scenario.schema import SCHEMA_ID, editor_schema

from .conftest import SHIPPED, cli

SCHEMA = editor_schema()
CHECKER = jsonschema.Draft202012Validator(SCHEMA)


def as_an_editor_reads(text: str):
    """YAML as an editor's language server hands it to the schema: dates are text."""
    def plain(value):
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        if isinstance(value, list):
            return [plain(item) for item in value]
        return value.isoformat() if isinstance(value, dt.date) else value
    return plain(yaml.safe_load(text))


def test_the_schema_is_a_valid_draft_2020_12_schema_with_an_id():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$id"] == SCHEMA_ID and SCHEMA_ID.startswith("https://")


@pytest.mark.parametrize("file", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_scenario_and_variant_is_accepted(file):
    errors = [error.message for error in CHECKER.iter_errors(as_an_editor_reads(file.read_text()))]
    assert errors == []


@pytest.mark.parametrize("text", [
    "version: 1\nextends: proposal-2024-05-31.yaml\nname: Talks take exactly 40 days\ntalks:\n  duration_days: 40\n",
    "extends: proposal-2024-05-31.yaml\nphases:\n  phase_one:\n    duration_days: 56\n",
    "extends: proposal-2024-05-31.yaml\nuncertain:\n  talks.duration_days.lognormal.median: null\n",
])
def test_a_variant_writes_only_what_it_changes(text):
    assert not list(CHECKER.iter_errors(as_an_editor_reads(text)))


@pytest.mark.parametrize("text, where", [
    ("extends: proposal-2024-05-31.yaml\ntalks:\n  duraton_days: 40\n", ["talks"]),  # a typo is still a typo
    ("extends: proposal-2024-05-31.yaml\nacceptance:\n  parties:\n    - {accepts: 0.5}\n",
     ["acceptance", "parties", 0]),  # a list replaces the base's whole: its items need their keys
    ("version: 1\nname: no base\n", []),  # without extends, a scenario is whole
    ("extends: base.json\n", ["extends"]),
])
def test_what_validate_refuses_is_underlined(text, where):
    errors = list(CHECKER.iter_errors(as_an_editor_reads(text)))
    assert errors and any(list(error.absolute_path) == where for error in errors), [e.message for e in errors]


def test_the_command_writes_the_same_schema(tmp_path):
    done = cli("schema", "--out", tmp_path / "scenario.schema.json")
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "scenario.schema.json").read_text()) == SCHEMA

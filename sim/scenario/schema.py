"""The JSON Schema of the scenario format, for editors: completion, hover help and red underlines.

It is pydantic's schema of :class:`Scenario`, with what an editor needs beyond it:

* a ``$id`` (one per format version) and the draft it follows, so that editors and schema
  stores can name it;
* variants: a file with ``extends`` writes only what it changes. Its mappings merge into the
  base's key by key, so no key is required in them; lists and distributions replace the
  base's whole, so the keys of a list item (a party's ``name``) stay required there.

``ceasefire-sim schema`` prints it; docs/scenarios.md says how to hook it to VS Code and other editors.
"""

from __future__ import annotations

from typing import Any

from .model import FORMAT_VERSION, Scenario

SCHEMA_ID = f"https://ceasefire-sim.dev/schema/scenario-{FORMAT_VERSION}.schema.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
EXTENDS = {"type": "string", "pattern": r"\.(yaml|yml|YAML|YML)$", "description": (
    "The scenario file this one changes, relative to this file (e.g. `proposal-2024-05-31.yaml`): "
    "write only the keys that differ. Mappings merge key by key; a list or a distribution replaces "
    "the base's whole.")}
_PARTIAL = "Partial"  # the prefix of a model's definition as a variant writes it: no key required


def _in_a_variant(node: Any, in_list: bool = False) -> Any:
    """``node`` with each reference to a model, outside lists, made to its variant's definition."""
    if isinstance(node, list):
        return [_in_a_variant(item, in_list) for item in node]
    if not isinstance(node, dict):
        return node
    changed = {}
    for key, value in node.items():
        if key == "$ref" and not in_list:
            value = value.replace("#/$defs/", f"#/$defs/{_PARTIAL}")
        changed[key] = _in_a_variant(value, in_list or key in ("items", "prefixItems"))
    return changed


def editor_schema() -> dict[str, Any]:
    """The scenario format's JSON Schema: a whole scenario, or a variant that ``extends`` one."""
    whole = Scenario.model_json_schema()
    definitions = whole.pop("$defs")
    variant = _in_a_variant({key: value for key, value in whole.items() if key != "required"})
    variant["properties"] = {"extends": EXTENDS, **variant["properties"]}
    variant["required"] = ["extends"]
    variant["title"] = "Scenario variant"
    partials = {f"{_PARTIAL}{name}": _in_a_variant({key: value for key, value in definition.items()
                                                     if key != "required"})
                for name, definition in definitions.items()}
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": f"ceasefire-sim scenario, format version {FORMAT_VERSION}",
        "description": "A ceasefire proposal as a phase machine with what-if timelines "
                       "(https://ceasefire-sim.dev; docs/scenario-reference.md names every key).",
        "type": "object",
        "if": {"required": ["extends"]},
        "then": {"$ref": "#/$defs/ScenarioVariant"},
        "else": {"$ref": "#/$defs/Scenario"},
        "$defs": {"Scenario": whole, "ScenarioVariant": variant, **definitions, **partials},
    }

"""The scenario format's reference page, generated from the pydantic models.

`python -m sim.docs` rewrites it with the other generated pages; a test fails
when the committed page differs, so the docs cannot drift from the code.
"""

from __future__ import annotations

import datetime as dt
import typing

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from .scenario.distributions import EXAMPLES, Distribution
from .scenario.loader import _strip
from .scenario.model import EVENT_KINDS, FORMAT_VERSION, Scenario

_SIMPLE = {str: "text", int: "whole number", float: "number", bool: "true/false"}


def _type_name(annotation: typing.Any) -> str:
    annotation = _strip(annotation)
    origin = typing.get_origin(annotation)
    if origin is list:
        return f"list of {_type_name(typing.get_args(annotation)[0])}"
    if origin is dict:
        if typing.get_args(annotation)[0] is str and _strip(typing.get_args(annotation)[1]) is Distribution:
            return "mapping of key path to range"  # the `uncertain:` block
        return f"mapping of name to {_type_name(typing.get_args(annotation)[1])}"
    if origin is typing.Literal:
        return " or ".join(f"`{a}`" for a in typing.get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    if annotation is float or (origin in (typing.Union, None) and Distribution in typing.get_args(annotation)):
        return "number or distribution"
    if annotation is dt.date:
        return "date (YYYY-MM-DD)"
    if origin is typing.Union:  # CountOrAll
        return "number, distribution or `all`"
    return _SIMPLE.get(annotation, str(annotation))


def _default(field) -> str:
    if field.is_required():
        return "required"
    if field.default_factory is not None:
        value = field.default_factory()
        return "none" if value in ([], {}) else "its keys' defaults"
    value = field.default
    if value is None or value is PydanticUndefined:
        return "none"
    if value == "":
        return "empty"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"`{value}`"


def _models() -> list[type[BaseModel]]:
    """Scenario and every model under it, in the order a reader meets them."""
    seen: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.append(model)
        for field in model.model_fields.values():
            annotation = _strip(field.annotation)
            for arg in (annotation, *typing.get_args(annotation)):
                arg = _strip(arg)
                if isinstance(arg, type) and issubclass(arg, BaseModel):
                    visit(arg)

    visit(Scenario)
    return seen


def markdown() -> str:
    lines = [
        "# Scenario reference",
        "",
        f"Every key of the scenario format, version {FORMAT_VERSION}. Generated from the code by "
        "`python -m sim.docs`; do not edit by hand.",
        "",
        "Unknown keys are errors. Days: day 0 is `start_date`; keys inside a phase count from the first "
        "day of that phase; scripted events count from day 0. A scenario may start with "
        "`extends: other.yaml` (a path relative to the file) and give only what differs: mappings merge "
        "key by key, anything else (a number, a list, a distribution) replaces the base's value.",
        "",
        "## Numbers and distributions",
        "",
        "A key marked *number or distribution* takes a fixed number or one of these, sampled once per "
        "replication (except `incidents.severity` and dispute delays, drawn for each incident or dispute). "
        "Draws outside the key's allowed range are clipped to it; uniform, triangular and choice must lie "
        "inside it.",
        "",
        "| distribution | how to write it |",
        "|---|---|",
        *(f"| {kind} | `{example}` |" for kind, example in EXAMPLES.items()),
        "",
    ]
    for model in _models():
        lines += [f"## {model.__name__}", ""]
        if model is Scenario:
            lines += ["The top level of a scenario file.", ""]
        lines += ["| key | type | default | meaning |", "|---|---|---|---|"]
        for name, field in model.model_fields.items():
            description = (field.description or "").replace("|", "\\|")
            lines.append(f"| `{name}` | {_type_name(field.annotation)} | {_default(field)} | {description} |")
        lines.append("")
        if model.__name__ == "Event":
            lines += ["### Event kinds", "", "| kind | what it does | needs | may have |", "|---|---|---|---|"]
            for kind, (what, needs, may) in EVENT_KINDS.items():
                lines.append(f"| `{kind}` | {what} | {', '.join(f'`{k}`' for k in sorted(needs)) or '-'} | "
                             f"{', '.join(f'`{k}`' for k in sorted(may)) or '-'} |")
            lines.append("")
    return "\n".join(line.rstrip() for line in lines).replace("\n\n\n", "\n\n").rstrip() + "\n"

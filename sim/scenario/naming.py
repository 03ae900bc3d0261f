"""How a deal's phases are named in words: one rule for the machine, the checks and the key labels.

Imports nothing (the command line's help reads key labels without loading pydantic).
"""

from __future__ import annotations

from typing import Any


def phase_label(name: str, phase: Any) -> str:
    """A phase's name on pages and charts: its `label`, or its key in words ("phase_one" -> "Phase one")."""
    return phase.label or name.replace("_", " ").capitalize()


def in_text(label: str) -> str:
    """A label inside a sentence: "Phase one" -> "phase one"; an acronym or a name ("UN phase") is kept."""
    return label[:1].lower() + label[1:] if label[1:2].islower() or len(label) == 1 else label

"""The machine's steps in a reader's words: what moves a run from one state to the next.

A trigger's name (``phase_one_ends``) is the engine's; readers see these words. A
trigger this table does not know yet (a new one in :mod:`sim.machine`) is said with
its transition's own description, never with its name.
"""

from __future__ import annotations

from ..machine import TRANSITIONS

STEPS = {
    "both_accept": "both accept",
    "acceptance_deadline": "deadline passes",
    "phase_one_ends": "end of phase one",
    "phase_one_extended_ends": "end of the extended phase one",
    "talks_resume": "talks resume",
    "truce_collapses": "the truce breaks down",
    "talks_progress": "talks conclude or break down",
    "extension_cap": "extension runs out",
    "phase_two_ends": "end of phase two",
    "phase_three_ends": "end of phase three",
    "incident": "an incident too many",
    "hostilities_resume": "hostilities resume",
}


def step_words(trigger: str) -> str:
    """Short words for a trigger, for arrows and tables."""
    if trigger in STEPS:
        return STEPS[trigger]
    return next(t.when for t in TRANSITIONS if t.trigger == trigger)

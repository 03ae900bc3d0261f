"""The machine's steps in a reader's words: what moves a run from one state to the next.

A trigger's name (``phase_one_ends``) is the engine's; readers see these words. The
end of a phase is said with the phase's own label ("end of the pause"); a trigger
this table does not know yet is said with its transition's own description, never
with its name.
"""

from __future__ import annotations

from ..machine import Machine, in_text

STEPS = {
    "both_accept": "both accept",
    "acceptance_deadline": "deadline passes",
    "talks_resume": "talks resume",
    "truce_collapses": "the truce breaks down",
    "talks_progress": "talks conclude or break down",
    "extension_cap": "extension runs out",
    "incident": "an incident too many",
    "hostilities_resume": "hostilities resume",
}


def step_words(trigger: str, machine: Machine) -> str:
    """Short words for a trigger of ``machine``, for arrows and tables."""
    if trigger in STEPS:
        return STEPS[trigger]
    state = machine.by_name.get(trigger.removesuffix("_ends"))
    if state is not None and state.due == trigger:
        return f"end of {in_text(state.label)}"
    return next(t.when for t in machine.transitions if t.trigger == trigger)

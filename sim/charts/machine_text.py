"""A deal's phase machine as text for other tools: Mermaid (Markdown, GitHub) and Graphviz dot.

Read from the deal's built machine (:func:`sim.machine.machine_of`), so it never drifts from the
engine's machine.
"""

from __future__ import annotations

from collections import defaultdict

from ..machine import INITIAL, TERMINAL_STATES, Machine

# Triggers that lead from every ceasefire state to collapse: drawn once, from the first phase.
EVERYWHERE = ("incident", "hostilities_resume")


def edges(machine: Machine) -> dict[tuple[str, str], list[str]]:
    """(source, dest) -> the triggers that take it, in the order of the definition."""
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for t in machine.transitions:
        if t.trigger not in out[(t.source, t.dest)]:
            out[(t.source, t.dest)].append(t.trigger)
    return dict(out)


def mermaid(machine: Machine) -> str:
    """The machine as a Mermaid state diagram (one arrow a transition, labelled by its trigger);
    the docs' model page shows the same text for the flagship deal."""
    first = machine.ceasefire_states[0]
    lines = ["stateDiagram-v2"]
    for state in machine.states:
        lines.append(f"    {state.name}: {state.label}")
    lines.append(f"    [*] --> {INITIAL}")
    for t in machine.transitions:
        if t.trigger in EVERYWHERE and t.source != first:
            continue  # drawn once, from the first phase, and said in words on the model page
        label = t.trigger + (" (any ceasefire state)" if t.trigger in EVERYWHERE else "")
        lines.append(f"    {t.source} --> {t.dest}: {label}")
    for state in machine.states:
        if state.terminal:
            lines.append(f"    {state.name} --> [*]")
    return "\n".join(lines) + "\n"


def dot(machine: Machine) -> str:
    lines = ["digraph ceasefire {", "  rankdir=LR;", '  node [shape=box, style="rounded,filled", fontname="Helvetica"];']
    from .style import is_dark, state_colour  # style imports matplotlib: only here

    for s in machine.state_names:
        shape = ", peripheries=2" if s in TERMINAL_STATES else ""
        colour = state_colour(s, machine)
        font = ", fontcolor=white" if is_dark(colour) else ""
        lines.append(f'  {s} [label="{machine.labels[s]}", fillcolor="{colour}"{font}{shape}];')
    for (source, dest), triggers in edges(machine).items():
        lines.append(f'  {source} -> {dest} [label="{", ".join(triggers)}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"

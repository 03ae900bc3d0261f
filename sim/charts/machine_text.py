"""The phase machine as text for other tools: Mermaid (Markdown, GitHub) and Graphviz dot.

Read from :mod:`sim.machine`, so it never drifts from the engine's machine.
"""

from __future__ import annotations

from collections import defaultdict

from ..machine import LABELS, STATE_NAMES, STATES, TERMINAL_STATES, TRANSITIONS


def edges() -> dict[tuple[str, str], list[str]]:
    """(source, dest) -> the triggers that take it, in the order of the definition."""
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for t in TRANSITIONS:
        if t.trigger not in out[(t.source, t.dest)]:
            out[(t.source, t.dest)].append(t.trigger)
    return dict(out)


def mermaid() -> str:
    """The phase machine as a Mermaid state diagram (one arrow a transition, labelled by its trigger);
    the docs' model page shows the same text."""
    lines = ["stateDiagram-v2"]
    for state in STATES:
        lines.append(f"    {state.name}: {state.label}")
    lines.append("    [*] --> proposed")
    for t in TRANSITIONS:
        if t.trigger in ("incident", "hostilities_resume") and t.source != "phase_one":
            continue  # drawn once, from phase one, and said in words on the model page
        label = t.trigger + (" (any ceasefire state)" if t.trigger in ("incident", "hostilities_resume") else "")
        lines.append(f"    {t.source} --> {t.dest}: {label}")
    for state in STATES:
        if state.terminal:
            lines.append(f"    {state.name} --> [*]")
    return "\n".join(lines) + "\n"


def dot() -> str:
    lines = ["digraph ceasefire {", "  rankdir=LR;", '  node [shape=box, style="rounded,filled", fontname="Helvetica"];']
    from .style import STATE_COLOURS, is_dark  # style imports matplotlib: only here

    for s in STATE_NAMES:
        shape = ", peripheries=2" if s in TERMINAL_STATES else ""
        font = ", fontcolor=white" if is_dark(STATE_COLOURS[s]) else ""
        lines.append(f'  {s} [label="{LABELS[s]}", fillcolor="{STATE_COLOURS[s]}"{font}{shape}];')
    for (source, dest), triggers in edges().items():
        lines.append(f'  {source} -> {dest} [label="{", ".join(triggers)}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"

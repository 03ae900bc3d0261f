"""The phase machine drawn from its definition (:mod:`sim.machine`), with what the runs did in it:
the share of runs that took each transition and the median days spent in each phase."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass

from matplotlib.patches import FancyBboxPatch

from ..analysis.runs import Runs, segments
from ..engine import Record
from ..machine import EXTENSION, INITIAL, TERMINAL_STATES, TRUCE, Machine
from ..words.findings import Findings
from .base import finish, short, start
from ..words.machine import step_words
from .machine_text import edges
from .style import figure, footer, is_dark, patch_style

BOX = (1.5, 0.8)
STEP, TALKS_GAP = 2.4, 2.6  # between phases on the road to completion; the extra room after the phase that waits on talks


@dataclass(frozen=True)
class Layout:
    """Where each state of a deal stands (x, y), how each arrow bends and where its words sit."""

    positions: dict[str, tuple[float, float]]
    curves: dict[tuple[str, str], float]
    label_at: dict[tuple[str, str], float]  # 0: at the source, 1: at the destination (default halfway)
    width: float


def layout(machine: Machine) -> Layout:
    """The road to completion left to right (the deal's phases in order), agreed extensions above their
    phase, the extension while talks go on above and the truce below the phase that waits on talks,
    the bad ends below."""
    positions = {INITIAL: (0.0, 1.0)}
    curves: dict[tuple[str, str], float] = {}
    label_at: dict[tuple[str, str], float] = {}
    x, talks_x = 0.0, None
    for state in machine.states:
        if state.phase is None:
            continue
        if state.extends is not None:
            positions[state.name] = (positions[state.extends][0], 2.6)
            continue
        x += STEP
        positions[state.name] = (x, 1.0)
        if "talks" in state.runs:
            talks_x = x
            x += TALKS_GAP
    completed_x = x + 2.3
    positions["completed"] = (completed_x, 1.0)
    positions["rejected"] = (0.0, -0.9)
    if talks_x is not None:
        positions[EXTENSION] = (talks_x + 2.8, 2.6)
        positions[TRUCE] = (talks_x + 2.0, -0.9)
        collapsed_x = talks_x + 6.0
        curves.update({(EXTENSION, "collapsed"): -0.2, (TRUCE, EXTENSION): -0.15})
        label_at.update({(EXTENSION, "collapsed"): 0.68, (TRUCE, EXTENSION): 0.45})
    else:
        collapsed_x = (STEP + completed_x) / 2
    positions["collapsed"] = (min(collapsed_x, completed_x - 1.0), -0.9)
    for state in machine.states:  # arrows from the top row to collapse bend away from the boxes between
        if state.phase is not None:
            px, py = positions[state.name]
            if py > 1.5:
                curves[(state.name, "collapsed")] = -0.12
                label_at[(state.name, "collapsed")] = 0.3
                label_at[(state.name, TRUCE)] = 0.8
            else:
                curves[(state.name, "collapsed")] = 0.12 if px < positions["collapsed"][0] else -0.15
                label_at[(state.name, "collapsed")] = 0.55
            label_at[(state.name, EXTENSION)] = 0.3
            label_at[(state.name, TRUCE)] = label_at.get((state.name, TRUCE), 0.45)
    return Layout(positions, curves, label_at, completed_x + 0.9)


def everywhere(machine: Machine) -> tuple[str, ...]:
    """Triggers that lead from every ceasefire state to the same end (collapse)."""
    transitions = machine.transitions
    return tuple(trigger for trigger in dict.fromkeys(t.trigger for t in transitions)
                 if {t.source for t in transitions if t.trigger == trigger} == set(machine.ceasefire_states))


def transition_counts(records: tuple[Record, ...]) -> Counter:
    """(source, dest, trigger) -> runs that took it."""
    return Counter((source, dest, trigger) for r in records for _, source, dest, trigger, _ in r.transitions)


def days_in_states(records: tuple[Record, ...], machine: Machine) -> dict[str, list[float]]:
    """For each non-terminal state, the days each run that entered it spent in it (to the end of the run
    when it never left)."""
    out: dict[str, list[float]] = {s: [] for s in machine.state_names if s not in TERMINAL_STATES}
    for r in records:
        for state, begin, end in segments(r, r.end_day):
            if state in out:
                out[state].append(end - begin)
    return out


def draw_machine(ax, machine: Machine, runs: Runs | None = None) -> dict[tuple[str, str], str]:
    """Boxes and arrows of the deal's machine on ``ax``; with runs, the shares and median days.
    Returns the label written on each arrow."""
    boxes = {}
    place = layout(machine)
    positions, common = place.positions, everywhere(machine)
    if runs is not None:
        n = len(runs)
        reached = Counter(s for r in runs.records for s in r.entered)
        days = days_in_states(runs.records, machine)
        counts = transition_counts(runs.records)
    for state, (x, y) in positions.items():
        style = patch_style(state, machine)
        box = FancyBboxPatch((x - BOX[0] / 2, y - BOX[1] / 2), *BOX, boxstyle="round,pad=0.05,rounding_size=0.15",
                             **{**style, "linewidth": 1.2, "edgecolor": "#222222"})
        ax.add_patch(box)
        boxes[state] = box
        text = machine.labels[state]
        if runs is not None:
            text += f"\n{reached[state] / n:.0%} of runs"
            if state in days and days[state]:
                text += f"\nmedian {statistics.median(days[state]):.0f} days"
        colour = "white" if is_dark(style["facecolor"]) else "black"
        ax.text(x, y, text, ha="center", va="center", fontsize=8.5, color=colour, fontweight="bold",
                bbox={"boxstyle": "round,pad=0.2", "facecolor": style["facecolor"], "edgecolor": "none"})
    labels = {}
    for (source, dest), triggers in edges(machine).items():
        if runs is not None:
            share = sum(counts[(source, dest, t)] for t in triggers) / n
            label, width = f"{share:.0%}", 0.8 + 4 * share
        else:  # the triggers that every ceasefire state shares are said once, in a note
            label, width = "\n".join(step_words(t, machine) for t in triggers if t not in common), 1.2
        rad = place.curves.get((source, dest), 0.0)
        ax.annotate("", xy=positions[dest], xytext=positions[source],
                    arrowprops={"arrowstyle": "-|>", "color": "#333333", "linewidth": width, "mutation_scale": 14,
                                "patchA": boxes[source], "patchB": boxes[dest], "shrinkA": 2, "shrinkB": 2,
                                "connectionstyle": f"arc3,rad={rad}"})
        labels[(source, dest)] = label
        if not label:
            continue
        x, y = label_point(place, source, dest, rad)
        if runs is None and positions[source][1] == positions[dest][1]:
            y += 0.3  # the words above a level arrow, which they would hide
        ax.text(x, y, label, ha="center", va="center", fontsize=8, color="black",
                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "#999999", "linewidth": 0.5})
    ax.set_xlim(-0.9, place.width)
    ax.set_ylim(-1.6, 3.2)
    ax.axis("off")
    return labels


def label_point(place: Layout, source: str, dest: str, rad: float) -> tuple[float, float]:
    """The point of the arrow's curve (a quadratic Bezier, as matplotlib's arc3 draws it) where its label goes."""
    (x1, y1), (x2, y2) = place.positions[source], place.positions[dest]
    control = ((x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1))
    t = place.label_at.get((source, dest), 0.5)
    return tuple((1 - t) ** 2 * a + 2 * (1 - t) * t * c + t ** 2 * b
                 for a, c, b in zip((x1, y1), control, (x2, y2)))


def breakdown(runs: Runs) -> str:
    """Each transition taken, by trigger, as lines of text for the side of the diagram."""
    counts = transition_counts(runs.records)
    machine, lines = runs.machine, []
    for t in machine.transitions:
        count = counts.get((t.source, t.dest, t.trigger), 0)
        if count:
            lines.append(f"{machine.labels[t.source]} → {machine.labels[t.dest]}\n   {step_words(t.trigger, machine)}: "
                         f"{count / len(runs):.1%}")
    return "\n".join(lines)


def chart(runs: list[Runs], findings: Findings):
    fig, axes = start(findings.title("diagram"), runs,
                      "Arrows: share of runs taking each step (width by share). Boxes: share of runs "
                      "reaching the state and median days spent in it.",
                      1.6 + 3.6 * len(runs), nrows=len(runs), squeeze=False)
    for ax, r in zip(axes[:, 0], runs):
        draw_machine(ax, r.machine, r)
        if len(runs) > 1:
            ax.set_title(short(r.name, 80, 10), loc="left", fontsize=10)
        ax.text(1.0, 1.0, "Steps taken\n" + breakdown(r), transform=ax.transAxes, va="top",
                ha="left", fontsize=7, linespacing=1.25)
    return finish(fig, runs, left=0.1, right=2.3, below=0.1, hspace=0.15)


def machine_only(machine: Machine, name: str):
    """The deal's machine with the triggers on its arrows, without runs (for `ceasefire-sim diagram`)."""
    place = layout(machine)
    fig, ax = figure(f"The phases of {name}",
                     "States and the triggers that move between them, as the engine runs them.",
                     size=(max(7.5, 11 * place.width / 13.0), 5.2))
    draw_machine(ax, machine)
    common = everywhere(machine)
    dests = {t.dest for t in machine.transitions if t.trigger in common}
    talks = EXTENSION in place.positions  # the note goes where the road leaves room: beside the extension, else above
    note_x = place.positions["completed"][0] - 5.1 if talks else -0.8
    if not talks:
        ax.set_ylim(-1.6, 4.0)
    ax.text(note_x, 2.7 if talks else 3.55,
            f"From every ceasefire phase to {' or '.join(machine.labels[d] for d in sorted(dests))}:\n"
            + "\n".join(f"• {step_words(t, machine)}: {next(x.when for x in machine.transitions if x.trigger == t)}"
                         for t in common), fontsize=8, va="center", ha="left")
    fig.subplots_adjust(top=0.86, bottom=0.06, left=0.01, right=0.99)
    footer(fig, ["the model's definition"])
    return fig

"""The phase machine drawn from its definition (:mod:`sim.machine`), with what the runs did in it:
the share of runs that took each transition and the median days spent in each phase."""

from __future__ import annotations

import statistics
from collections import Counter

from matplotlib.patches import FancyBboxPatch

from ..analysis.runs import Runs, segments
from ..engine import Record
from ..machine import CEASEFIRE_STATES, LABELS, STATE_NAMES, TERMINAL_STATES, TRANSITIONS
from ..words.findings import Findings
from .base import finish, short, start
from ..words.machine import step_words
from .machine_text import edges
from .style import figure, footer, is_dark, patch_style

# Where each state stands (x, y): the road to completion left to right, the ends below.
POSITIONS = {
    "proposed": (0.0, 1.0), "phase_one": (2.4, 1.0), "phase_one_extended": (2.4, 2.6), "extension": (5.2, 2.6),
    "truce": (4.4, -0.9), "phase_two": (7.4, 1.0), "phase_three": (9.8, 1.0), "completed": (12.1, 1.0),
    "rejected": (0.0, -0.9), "collapsed": (8.4, -0.9),
}
CURVES = {("extension", "collapsed"): -0.2, ("phase_three", "collapsed"): -0.15, ("phase_one", "collapsed"): 0.12,
          ("phase_one_extended", "collapsed"): -0.12, ("truce", "extension"): -0.15}
# Where along an arrow its label stands (0: at the source, 1: at the destination; default halfway).
LABEL_AT = {("extension", "collapsed"): 0.68, ("phase_one", "collapsed"): 0.55, ("phase_one", "truce"): 0.45,
            ("phase_one_extended", "collapsed"): 0.3, ("phase_one_extended", "truce"): 0.8,
            ("phase_one_extended", "phase_two"): 0.62, ("phase_one", "extension"): 0.3, ("truce", "extension"): 0.45}
BOX = (1.5, 0.8)
# Triggers that lead from every ceasefire state to the same end (collapse).
EVERYWHERE = tuple(trigger for trigger in dict.fromkeys(t.trigger for t in TRANSITIONS)
                   if {t.source for t in TRANSITIONS if t.trigger == trigger} == set(CEASEFIRE_STATES))


def transition_counts(records: tuple[Record, ...]) -> Counter:
    """(source, dest, trigger) -> runs that took it."""
    return Counter((source, dest, trigger) for r in records for _, source, dest, trigger, _ in r.transitions)


def days_in_states(records: tuple[Record, ...]) -> dict[str, list[float]]:
    """For each non-terminal state, the days each run that entered it spent in it (to the end of the run
    when it never left)."""
    out: dict[str, list[float]] = {s: [] for s in STATE_NAMES if s not in TERMINAL_STATES}
    for r in records:
        for state, begin, end in segments(r, r.end_day):
            if state in out:
                out[state].append(end - begin)
    return out


def draw_machine(ax, runs: Runs | None = None) -> dict[tuple[str, str], str]:
    """Boxes and arrows of the machine on ``ax``; with runs, the shares and median days.
    Returns the label written on each arrow."""
    boxes = {}
    if runs is not None:
        n = len(runs)
        reached = Counter(s for r in runs.records for s in r.entered)
        days = days_in_states(runs.records)
        counts = transition_counts(runs.records)
    for state, (x, y) in POSITIONS.items():
        style = patch_style(state)
        box = FancyBboxPatch((x - BOX[0] / 2, y - BOX[1] / 2), *BOX, boxstyle="round,pad=0.05,rounding_size=0.15",
                             **{**style, "linewidth": 1.2, "edgecolor": "#222222"})
        ax.add_patch(box)
        boxes[state] = box
        text = LABELS[state]
        if runs is not None:
            text += f"\n{reached[state] / n:.0%} of runs"
            if state in days and days[state]:
                text += f"\nmedian {statistics.median(days[state]):.0f} days"
        colour = "white" if is_dark(style["facecolor"]) else "black"
        ax.text(x, y, text, ha="center", va="center", fontsize=8.5, color=colour, fontweight="bold",
                bbox={"boxstyle": "round,pad=0.2", "facecolor": style["facecolor"], "edgecolor": "none"})
    labels = {}
    for (source, dest), triggers in edges().items():
        if runs is not None:
            share = sum(counts[(source, dest, t)] for t in triggers) / n
            label, width = f"{share:.0%}", 0.8 + 4 * share
        else:  # the triggers that every ceasefire state shares are said once, in a note
            label, width = "\n".join(step_words(t) for t in triggers if t not in EVERYWHERE), 1.2
        rad = CURVES.get((source, dest), 0.0)
        ax.annotate("", xy=POSITIONS[dest], xytext=POSITIONS[source],
                    arrowprops={"arrowstyle": "-|>", "color": "#333333", "linewidth": width, "mutation_scale": 14,
                                "patchA": boxes[source], "patchB": boxes[dest], "shrinkA": 2, "shrinkB": 2,
                                "connectionstyle": f"arc3,rad={rad}"})
        labels[(source, dest)] = label
        if not label:
            continue
        x, y = label_point(source, dest, rad)
        if runs is None and POSITIONS[source][1] == POSITIONS[dest][1]:
            y += 0.3  # the words above a level arrow, which they would hide
        ax.text(x, y, label, ha="center", va="center", fontsize=8, color="black",
                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "#999999", "linewidth": 0.5})
    ax.set_xlim(-0.9, 13.0)
    ax.set_ylim(-1.6, 3.2)
    ax.axis("off")
    return labels


def label_point(source: str, dest: str, rad: float) -> tuple[float, float]:
    """The point of the arrow's curve (a quadratic Bezier, as matplotlib's arc3 draws it) where its label goes."""
    (x1, y1), (x2, y2) = POSITIONS[source], POSITIONS[dest]
    control = ((x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1))
    t = LABEL_AT.get((source, dest), 0.5)
    return tuple((1 - t) ** 2 * a + 2 * (1 - t) * t * c + t ** 2 * b
                 for a, c, b in zip((x1, y1), control, (x2, y2)))


def breakdown(runs: Runs) -> str:
    """Each transition taken, by trigger, as lines of text for the side of the diagram."""
    counts = transition_counts(runs.records)
    lines = []
    for t in TRANSITIONS:
        count = counts.get((t.source, t.dest, t.trigger), 0)
        if count:
            lines.append(f"{LABELS[t.source]} → {LABELS[t.dest]}\n   {step_words(t.trigger)}: "
                         f"{count / len(runs):.1%}")
    return "\n".join(lines)


def chart(runs: list[Runs], findings: Findings):
    fig, axes = start(findings.title("diagram"), runs,
                      "Arrows: share of runs taking each step (width by share). Boxes: share of runs "
                      "reaching the state and median days spent in it.",
                      1.6 + 3.6 * len(runs), nrows=len(runs), squeeze=False)
    for ax, r in zip(axes[:, 0], runs):
        draw_machine(ax, r)
        if len(runs) > 1:
            ax.set_title(short(r.name, 80), loc="left", fontsize=10)
        ax.text(1.0, 1.0, "Steps taken\n" + breakdown(r), transform=ax.transAxes, va="top",
                ha="left", fontsize=7, linespacing=1.25)
    return finish(fig, runs, left=0.1, right=2.3, below=0.1, hspace=0.15)


def machine_only():
    """The machine with the triggers on its arrows, without runs (for `ceasefire-sim diagram`)."""
    fig, ax = figure("The phase machine of the proposal",
                     "States and the triggers that move between them, as the engine runs them.",
                     size=(11, 5.2))
    draw_machine(ax)
    dests = {t.dest for t in TRANSITIONS if t.trigger in EVERYWHERE}
    ax.text(7.0, 2.7, f"From every ceasefire phase to {' or '.join(LABELS[d] for d in sorted(dests))}:\n"
            + "\n".join(f"• {step_words(t)}: {next(x.when for x in TRANSITIONS if x.trigger == t)}"
                         for t in EVERYWHERE), fontsize=8, va="center", ha="left")
    fig.subplots_adjust(top=0.86, bottom=0.06, left=0.01, right=0.99)
    footer(fig, ["the model's definition"])
    return fig

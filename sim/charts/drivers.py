"""What drives the headline outcome: the few uncertain inputs that move it most, with intervals, largest on top.

A dot at the change in the measure, a share of runs (high value minus low, in points) and a
line for its 95% interval, against a zero line. Only the inputs whose interval excludes
zero are drawn, at most :data:`sim.words.drivers.SHOWN` (dozens of rows would be too small
to read); the page's sentences count the rest. Labels are the inputs' plain words.
"""

from __future__ import annotations

from ..words.drivers import Drivers
from .base import PHONE_WIDTH, WIDTH, finish, short, taller
from .style import SERIES_COLOURS, figure


def chart(drivers: Drivers, phone: bool = False):
    """``phone``: narrow, for the pack's HTML on a phone (the labels wrapped shorter)."""
    swings = drivers.shown[::-1]  # the few that move it most, largest on top
    labels = [short(drivers.label(s), 24 if phone else 64) for s in swings]
    lines = sum(label.count("\n") + 1 for label in labels)
    fig, ax = figure(drivers.title(), f"Change in {drivers.what} when a figure "
                     f"of {drivers.runs.name} goes from its low to its high value (dot), with its 95% interval "
                     f"(line): the {len(swings)} of {len(drivers.swings)} figures tried that move it most.",
                     size=(PHONE_WIDTH if phone else WIDTH, 2.1 + 0.16 * lines + 0.08 * len(swings)))
    if phone:  # narrow: the title and the notes wrap to many lines; the rows keep their room under them
        taller(fig, fig.header + 1.9 + 0.16 * lines + 0.08 * len(swings))
    for y, swing in enumerate(swings):
        ax.plot([swing.low * 100, swing.high * 100], [y, y], color=SERIES_COLOURS[0], linewidth=2.5,
                solid_capstyle="butt")
        ax.plot([swing.difference * 100], [y], "o", color=SERIES_COLOURS[0], markersize=6)
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set_yticks(range(len(swings)), labels, fontsize=8)
    ax.set_ylim(-0.6, len(swings) - 0.4)
    ax.set_xlabel("Change (percentage points)")
    ax.grid(axis="y", visible=False)
    return finish(fig, [drivers.runs], left=1.9 if phone else 4.3, right=0.25 if phone else 0.5,
                  below=0.75 if phone else 0.55)

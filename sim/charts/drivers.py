"""What drives the headline outcome: each uncertain input's swing, with its interval, largest on top.

A dot at the change in the share that completes (high value minus low, in points) and a
line for its 95% interval; a grey zero line, so that a swing whose interval crosses it
reads as noise. Labels are the inputs' plain words.
"""

from __future__ import annotations

from ..words.drivers import Drivers
from .base import WIDTH, finish, short
from .style import SERIES_COLOURS, figure

NOISE = "#999999"


def chart(drivers: Drivers):
    swings = list(drivers.swings)[::-1]  # largest on top
    labels = [short(drivers.label(s), 64) for s in swings]
    lines = sum(label.count("\n") + 1 for label in labels)
    fig, ax = figure(drivers.title(), f"Change in the share of runs that complete all three phases when each "
                     f"figure of {drivers.runs.name} goes from its low to its high value (dot), with its 95% "
                     "interval (line); grey: within noise.", size=(WIDTH, 2.1 + 0.16 * lines + 0.08 * len(swings)))
    for y, swing in enumerate(swings):
        noise = not any(s is swing for s in drivers.clear)
        colour = NOISE if noise else SERIES_COLOURS[0]
        ax.plot([swing.low * 100, swing.high * 100], [y, y], color=colour, linewidth=2.5, solid_capstyle="butt")
        ax.plot([swing.difference * 100], [y], "o", color=colour, markersize=6)
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set_yticks(range(len(swings)), labels, fontsize=8)
    ax.set_ylim(-0.6, len(swings) - 0.4)
    ax.set_xlabel("Change in the share that completes (percentage points)")
    ax.grid(axis="y", visible=False)
    return finish(fig, [drivers.runs], left=4.3, right=0.5)

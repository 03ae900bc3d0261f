"""The living people held (hostages, detainees: the deal's words) still held over time, with the runs split
by how they end.

The outcome is two-way (the deal runs its course or it collapses), so a band over all
runs would run from one mode to the other and say nothing. Each panel (a scenario)
draws, for each way the runs end, the median of those runs by day and the band that
holds the middle 80% of them, labelled with the share of runs that end that way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..analysis.compare import ending_label, ending_of
from ..analysis.runs import Runs
from ..engine import Record
from ..results.series import bands, still_held
from ..words.findings import Findings
from ..words.numbers import percent
from .base import (PHONE_WIDTH, WIDTH, bottom_labels, finish, fitting, legend_below, legend_rows, panel_grid,
                   panel_inches, spread, start, text_inches)
from .style import dated_axis, day_numbers, legend_outside, patch_style

Series = Callable[[Sequence[Record], np.ndarray], np.ndarray]
SMALLEST_GROUP = 0.02  # endings of fewer runs than this share are not drawn (named in the legend)
BAND = (10, 50, 90)
LABEL_POINTS = 7.5
LEFT, RIGHT, GAP = 0.75, 2.3, 0.22  # margins (inches) and the gap between panels (in panel widths: room for
# each panel's own scale, since the scenarios' scales differ)
PHONE_RIGHT = 0.25  # a phone's chart: its legend below, not at the right
PANEL = 2.3  # a panel's height (inches) when the page leaves room for it
SMALLEST_PANEL = 1.1  # never drawn lower: more scenarios than fit are split across figures by the caller
# How each ending is drawn, so that the lines and bands tell apart in grey too: line style and band hatch.
ENDING_LINES = {"completed": "-", "collapsed": (0, (6, 2)), "rejected": (0, (3, 1, 1, 1, 1, 1)), "ongoing": (0, (4, 1, 1, 1))}


def by_ending(runs: Runs) -> dict[str, list[Record]]:
    """The runs grouped by how they end, in the order of the end states."""
    groups: dict[str, list[Record]] = {}
    for record in runs.records:
        groups.setdefault(ending_of(record.final_state), []).append(record)
    return dict(sorted(groups.items(), key=lambda item: -len(item[1])))


def colour(ending: str) -> str:
    return patch_style(ending)["facecolor"] if ending != "ongoing" else "#777777"


def line_style(ending: str):
    return ENDING_LINES.get(ending, "-")


def hatch(ending: str) -> str:
    """The band's hatch: none for the first ending, the state's own for the others."""
    return "" if ending == "completed" else patch_style(ending)["hatch"]


def split_fan(ax, runs: Runs, series: Series) -> list[tuple[str, float, float]]:
    """Median and middle-80% band of each ending's runs on ``ax``; the endings drawn, each with where
    its median ends and the share of runs that end that way."""
    days = np.arange(runs.scenario.horizon_days + 1, dtype=float)
    x = day_numbers(runs.scenario.start_date, days)
    drawn = []
    for ending, records in by_ending(runs).items():
        if len(records) < SMALLEST_GROUP * len(runs):
            continue
        level = bands(series(records, days), BAND)
        tint = colour(ending)
        ax.fill_between(x, level[10], level[90], color=tint, alpha=0.22, linewidth=0)
        if hatch(ending):  # over the tint, unfilled: a hatch that keeps its strength, for a page printed in grey
            ax.fill_between(x, level[10], level[90], facecolor="none", edgecolor=matplotlib.colors.to_rgba(tint, 0.55),
                            hatch=hatch(ending), linewidth=0)
        ax.plot(x, level[50], color=tint, linewidth=2, linestyle=line_style(ending))
        drawn.append((ending, float(level[50][-1]), len(records) / len(runs)))
    ax.set_xlim(x[0], x[-1])
    return drawn


def split_grid(title: str, detail: str, runs: list[Runs], series: Series, unit: str, left: float, extra=None,
               room: float | None = None, phone: bool = False):
    """A panel a scenario (three a row, each with its own scale: the scenarios' figures differ by far) of
    :func:`split_fan`; ``extra(ax, runs)`` adds to each; ``left``: the left margin in inches (room for the
    y axis's numbers); ``room``: the most height the page gives, in inches (panels lower, never the text);
    ``phone``: narrow, a panel a row, the legend below (:func:`finish_grid`)."""
    rows, columns = panel_grid(len(runs), 1 if phone else 3)
    right, wide = (PHONE_RIGHT, PHONE_WIDTH) if phone else (RIGHT, WIDTH)
    width = panel_inches(left, right, columns, GAP, wide) - 0.1
    titles = [fitting(r.name, width, 9) for r in runs]
    above = max(text_inches(t, 9) for t in titles) + 0.1
    panel = PANEL if room is None else max(SMALLEST_PANEL, min(PANEL, (room - 1.75) / rows - above - 0.35))
    legend = legend_rows(range(6)) if phone else 0.0  # four lines and a band, the target's name on three lines
    fig, axes = start(title, runs, detail, 1.6 + legend + rows * (panel + above + 0.35), wide, nrows=rows,
                      ncols=columns, squeeze=False)
    fig.phone, fig.legend_room = phone, legend
    seen: list[str] = []
    fig.ends = []
    for ax, r, heading in zip(axes.flat, runs, titles):
        drawn = split_fan(ax, r, series)
        fig.ends.append((ax, drawn))
        for ending, _, _ in drawn:
            if ending not in seen:
                seen.append(ending)
        if extra:
            extra(ax, r)
        ax.set_title(heading, loc="left", fontsize=9)
        ax.set_ylim(bottom=0)
        dated_axis(ax, "", most=5)
    for ax in axes.flat[len(runs):]:
        ax.set_visible(False)
    bottom_labels(axes, len(runs))
    for ax in axes[:, 0]:
        ax.set_ylabel(unit)
    for ax in axes.flat:
        ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(4, integer=True))
    handles = [Line2D([], [], color=colour(e), linewidth=2, linestyle=line_style(e),
                      label=ending_label(e) if e == "ongoing" else f"Ended: {ending_label(e).lower()}") for e in seen]
    handles.append(Patch(facecolor="#777777", alpha=0.3, label="Middle 80% of those runs"))
    fig.layout = {"above": above, "rows": rows, "gap": above + 0.35}
    return fig, axes, handles


def finish_grid(fig, axes, runs: list[Runs], handles, left: float) -> None:
    """The legend (right of the panels, or below them on a phone), the layout, and the lines' names."""
    if fig.phone:
        finish(fig, runs, left=left, right=PHONE_RIGHT, below=0.35 + fig.legend_room, wspace=GAP, **fig.layout)
        legend_below(fig, handles, "Lines and bands")
    else:
        legend_outside(axes[0][-1], handles, title="Lines and bands", fontsize=8)
        finish(fig, runs, left=left, right=RIGHT, below=0.35, wspace=GAP, **fig.layout)
    label_ends(fig)


def label_ends(fig) -> None:
    """Each median line named at its right end, on the line, moved apart where two would touch; placed
    once the panels have their size (which sets how tall a line of text is in the data's units)."""
    for ax, drawn in fig.ends:
        if not drawn:
            continue
        low, high = ax.get_ylim()
        per_inch = (high - low) / (ax.get_position().height * fig.get_figheight())
        tall = (LABEL_POINTS * 1.5 / 72) * per_inch
        places = spread([y for _, y, _ in drawn], tall, low + tall / 2)
        if max(places) > high - tall / 2:  # too high: the whole stack down
            places = [y - (max(places) - (high - tall / 2)) for y in places]
        right = ax.get_xlim()[1] - 0.02 * (ax.get_xlim()[1] - ax.get_xlim()[0])
        for (ending, _, share), y in zip(drawn, places):
            ax.text(right, y, f"{ending_label(ending)} {percent(share)}", ha="right", va="center", fontsize=LABEL_POINTS,
                    color="black", bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none",
                                         "alpha": 0.85})


def chart(runs: list[Runs], findings: Findings, room: float | None = None, phone: bool = False):
    fig, axes, handles = split_grid(
        findings.title("fan"), f"{runs[0].machine.words.living.capitalize()} still held, by date: for each way the runs end, the median of "
        "those runs (line) and the middle 80% of them (band), named with the share of runs that end that way. "
        "Each panel has its own scale.", runs, still_held, "People", LEFT, room=room, phone=phone)
    finish_grid(fig, axes, runs, handles, LEFT)
    return fig

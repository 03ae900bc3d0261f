"""What every chart of runs shares: the subtitle and footer from the runs, the frame, the kinds.

A chart is a function ``chart(runs) -> Figure`` over the runs of one or more
scenarios (:class:`sim.analysis.runs.Runs`, all with the same seeds); the
caller saves it (:func:`sim.charts.style.save`) or puts it on a page.
"""

from __future__ import annotations

import importlib
import textwrap

from ..analysis.runs import Runs
from .style import SERIES_COLOURS, SERIES_STYLES, figure, footer

# kind -> what the chart shows, for help texts and the docs
KINDS = {
    "timeline": "phase Gantt of the median run (dated), with releases, incidents and scripted events",
    "fan": "living hostages still held and prisoners released over time: median and bands",
    "survival": "share of ceasefires still holding by day (Kaplan-Meier), with numbers at risk",
    "outcomes": "share of runs ending in each terminal state",
    "aid": "cumulative aid trucks against the target: median and bands",
    "diagram": "the phase machine with how often each transition was taken",
}


def render(kind: str, runs: list[Runs]):
    """The figure of one kind for these runs."""
    module = importlib.import_module(f"{__package__}.{kind}")
    return module.chart(runs)


def names(runs: list[Runs]) -> str:
    return " | ".join(r.name for r in runs)


def subtitle(runs: list[Runs], detail: str = "", width: int = 135) -> str:
    """Scenario names, runs and seed (and the chart's own detail), wrapped to the width of a page."""
    count = len(runs[0])
    each = " each" if len(runs) > 1 else ""
    text = f"{names(runs)}. {count:,} runs{each}, seed {runs[0].seed}"
    if len(runs) > 1:
        text += ", same random numbers for all"
    text += f". {detail}" if detail else "."
    return "\n".join(textwrap.wrap(text, width))


def sources(runs: list[Runs]) -> list[str]:
    """The sources the scenario files cite, each once, in the order met."""
    seen: dict[str, None] = {}
    for r in runs:
        for source in r.scenario.sources:
            seen.setdefault(source.title, None)
    return list(seen)


def series_style(index: int) -> dict:
    """Colour and line style of the index-th scenario: differ in colour and in grey."""
    return {"color": SERIES_COLOURS[index % len(SERIES_COLOURS)],
            "linestyle": SERIES_STYLES[index % len(SERIES_STYLES)]}


def start(title: str, runs: list[Runs], detail: str = "", size=(11, 6.2), **subplots):
    """A figure with title and subtitle; returns (figure, axes)."""
    return figure(title, subtitle(runs, detail, width=int(size[0] * 12.5)), size=size, **subplots)


def finish(fig, runs: list[Runs], top: float = 0.84, bottom: float = 0.13, left: float = 0.08,
           right: float = 0.76, **spacing):
    """Room for the subtitle above, the legend at the right and the footer below; then the footer."""
    fig.subplots_adjust(top=top, bottom=bottom, left=left, right=right, **spacing)
    footer(fig, sources(runs))
    return fig


def short(name: str, width: int = 24) -> str:
    """A scenario name wrapped for a row label."""
    return "\n".join(textwrap.wrap(name, width)) or name

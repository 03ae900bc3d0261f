"""What every chart of runs shares: the finding as title, the subtitle and footer, the frame, the kinds.

A chart is a function ``chart(runs, findings) -> Figure`` over the runs of one or more
scenarios (:class:`sim.analysis.runs.Runs`, all with the same seeds); its words come
from :class:`sim.words.findings.Findings`. The caller saves it
(:func:`sim.charts.style.save`) or puts it on a page. Margins are set in inches, so a
chart keeps its layout at any size and with any number of scenarios.
"""

from __future__ import annotations

import importlib

from ..analysis.runs import Runs
from ..words.findings import Findings
from .style import SERIES_COLOURS, SERIES_STYLES, figure, footer, wrapped

WIDTH = 10.5  # inches: the width of an A4 landscape page inside its margins
PHONE_WIDTH = 4.0  # inches: a chart for a phone (about 360 px wide), shown near its own size so its text stays legible
LEGEND_POINTS = 8
LABEL_POINTS = 8  # a label's size when none is given (:func:`short`)
AVERAGE_EM = 0.6  # an average character of text, in ems of its size

# kind -> what the chart shows, for help texts and the docs
KINDS = {
    "states": "share of runs in each state on each date, a panel a scenario",
    "outcomes": "share of runs ending in each end state",
    "survival": "share of ceasefires still holding by day (Kaplan-Meier), with numbers at risk",
    "fan": "living hostages still held and prisoners released over time, runs split by how they end",
    "aid": "aid trucks a day against the target, runs split by how they end",
    "timeline": "one run by date (--replication K; default run 0), with releases, incidents and scripted events",
    "diagram": "the phase machine with how often each transition was taken",
}


def render(kind: str, runs: list[Runs], findings: Findings | None = None, room: float | None = None,
           phone: bool = False):
    """The figure of one kind for these runs (``findings``: their words, computed here when not given;
    ``room``: the most height a page gives it, in inches, for the kinds that fit their panels to it;
    ``phone``: drawn narrow, a panel a row and the legend below, for the pack's HTML on a phone)."""
    module = importlib.import_module(f"{__package__}.{kind}")
    options = {**({} if room is None else {"room": room}), **({"phone": True} if phone else {})}
    return module.chart(runs, findings or Findings(runs), **options)


def subtitle(runs: list[Runs], detail: str) -> str:
    """What is drawn (``detail``), then how many runs."""
    count = len(runs[0])
    if len(runs) == 1:
        return f"{detail} {runs[0].name}: {count:,} runs."
    return f"{detail} {count:,} runs of each scenario, all facing the same luck."


def sources(runs: list[Runs]) -> list[str]:
    """The sources the scenario files cite, each once, in the order met."""
    seen: dict[str, None] = {}
    for r in runs:
        for source in r.scenario.sources:
            seen.setdefault(source.title, None)
    return list(seen)


def series_style(index: int) -> dict:
    """Colour and line style of the index-th scenario: differ in colour, in grey, and from the states."""
    return {"color": SERIES_COLOURS[index % len(SERIES_COLOURS)],
            "linestyle": SERIES_STYLES[index % len(SERIES_STYLES)]}


def start(title: str, runs: list[Runs], detail: str, height: float, width: float = WIDTH, **subplots):
    """A chart of the pack's width (or ``width``) with its finding as title and what it draws as subtitle;
    returns (figure, axes)."""
    return figure(title, subtitle(runs, detail), size=(width, height), **subplots)


def finish(fig, runs: list[Runs], left: float = 0.8, right: float = 0.2, below: float = 0.55, above: float = 0.0,
           rows: int = 1, gap: float | None = None, **spacing):
    """The footer, then the axes fitted between the header and the footer; margins in inches (``below``:
    room for the x axis's ticks and label above the footer; ``above``: for the first row's panel titles;
    ``gap``: between ``rows`` rows of panels, for their ticks and the next row's titles)."""
    width, height = fig.get_size_inches()
    foot = footer(fig, sources(runs))
    fig.foot = foot
    top, bottom = fig.header + above, foot + below
    if gap is not None and rows > 1:
        spacing["hspace"] = gap / ((height - top - bottom - (rows - 1) * gap) / rows)
    fig.subplots_adjust(top=1 - top / height, bottom=bottom / height, left=left / width, right=1 - right / width,
                        **spacing)
    return fig


def taller(fig, height: float) -> None:
    """The figure made ``height`` inches tall (if that is taller), its title and subtitle kept at their place
    from the top."""
    old = fig.get_figheight()
    if height <= old:
        return
    fig.set_size_inches(fig.get_figwidth(), height)
    for text in fig.texts:
        text.set_y(1 - (1 - text.get_position()[1]) * old / height)


def text_inches(text: str, points: float) -> float:
    """The height of a (multi-line) text at a font size, in inches."""
    return (text.count("\n") + 1) * points * 1.25 / 72


def short(name: str, width: int = 24, points: float = LABEL_POINTS) -> str:
    """A scenario name wrapped for a label at ``points``, about ``width`` average characters a line, each
    line measured (at most a few lines, as :func:`sim.charts.style.wrapped`)."""
    return wrapped(name, width * AVERAGE_EM * points / 72, points) or name


def fitting(text: str, inches: float, points: float) -> str:
    """``text`` wrapped to fit a width in inches at a font size (as :func:`sim.charts.style.wrapped`)."""
    return wrapped(text, inches, points)


def panel_inches(left: float, right: float, columns: int, gap: float, width: float = WIDTH) -> float:
    """The width of one panel of a grid across the chart, from the margins and the gap (in panel widths)."""
    return (width - left - right) / (columns + gap * (columns - 1))


def legend_rows(handles, columns: int = 2) -> float:
    """The height in inches of a legend of ``handles`` in ``columns`` under a phone's chart."""
    rows = -(-len(handles) // columns) + 1  # and its title
    return rows * LEGEND_POINTS * 1.6 / 72 + 0.1


def legend_below(fig, handles, title: str, columns: int = 2) -> None:
    """The legend under the panels, above the footer (a phone's chart has no room at the right); call after
    :func:`finish` with ``below`` raised by :func:`legend_rows`."""
    fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.1 / fig.get_figwidth(), fig.foot / fig.get_figheight()),
               ncol=columns, fontsize=LEGEND_POINTS, title=title, title_fontsize=LEGEND_POINTS, alignment="left",
               borderaxespad=0.0, frameon=False)


def panel_grid(count: int, columns: int = 3) -> tuple[int, int]:
    """(rows, columns) of a grid of ``count`` panels, at most ``columns`` a row."""
    across = min(count, columns)
    return -(-count // across), across


def spread(values: list[float], gap: float, floor: float | None = None) -> list[float]:
    """Positions for direct labels at ``values``, moved apart to at least ``gap`` (order kept, mean kept,
    none below ``floor``)."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    placed = [values[i] for i in order]
    for k in range(1, len(placed)):
        placed[k] = max(placed[k], placed[k - 1] + gap)
    shift = (sum(values) - sum(placed)) / len(placed) if placed else 0.0
    if floor is not None and placed:
        shift = max(shift, floor - placed[0])
    out = [0.0] * len(values)
    for k, i in enumerate(order):
        out[i] = placed[k] + shift
    return out


def bottom_labels(axes, count: int, label: str = "Date") -> None:
    """The x label under the lowest panel of each column of a grid of ``count`` panels (the rest hidden)."""
    rows, columns = axes.shape
    for column in range(columns):
        lowest = max(row for row in range(rows) if row * columns + column < count) if column < count else None
        if lowest is not None:
            axes[lowest][column].set_xlabel(label)

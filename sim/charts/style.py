"""The one look of every chart: phase colours, titles, provenance footer, deterministic saving.

Colours are the Okabe-Ito palette (safe for the common colour-blindnesses);
each state also has a hatch so that a chart printed in grey still tells the
states apart. Every chart gets a title, a subtitle (scenarios, runs, seed) and
a footer (sources, version, date), and is saved atomically with no
timestamps inside the file, so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import os

import matplotlib

matplotlib.use("Agg")  # no screen: charts are files

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from .. import __version__  # noqa: E402
from ..results.files import atomic_path  # noqa: E402

# The frame every deal shares; a deal's own phases take PHASE_COLOURS in their order.
STATE_COLOURS = {
    "proposed": "#999999",
    "extension": "#56B4E9",
    "truce": "#F0E442",
    "completed": "#CC79A7",
    "collapsed": "#D55E00",
    "rejected": "#000000",
}
STATE_HATCHES = {
    "proposed": "", "extension": "//", "truce": "--", "completed": "", "collapsed": "\\\\", "rejected": "++",
}
# A deal's phases, first to last (past the third: the spare colours); an agreed extension of a phase is
# drawn in EXTENDED.
SPARE_STATE_COLOURS = ("#88CCEE", "#DDCC77", "#99DDAA", "#EEBBCC")
PHASE_COLOURS = ("#0072B2", "#009E73", "#E69F00", *SPARE_STATE_COLOURS)
PHASE_HATCHES = ("", "..", "xx", "**", "OO", "||..", "--..")
EXTENDED_COLOUR, EXTENDED_HATCH = "#7FA7D9", "||"
# For lines of several scenarios: colours and line styles that differ in grey too, and from every state's
# colour (Paul Tol's dark colours), so that a scenario's line never reads as a state ("talks stall" in
# the orange of "collapsed").
SERIES_COLOURS = ("#332288", "#882255", "#44AA99", "#999933", "#661100", "#225555", "#AA4466", "#555555")
SERIES_STYLES = ("-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1)), (0, (1, 1)), (0, (5, 5)))

FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}

# Runs that ended in no terminal state (still going at the horizon): light, dotted.
ONGOING_COLOUR, ONGOING_HATCH = "#DDDDDD", "oo"

plt.rcParams.update({
    "font.size": 10,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "svg.hashsalt": "ceasefire-sim",  # stable ids inside SVG files
    "savefig.dpi": 150,
    # Text from a scenario is only text: "$1.2bn and $0.8bn" is no formula, "_" no subscript.
    "text.usetex": False,
    "text.parse_math": False,
    "svg.fonttype": "none",  # text in an SVG stays text: searchable, selectable, read aloud
})


def made_on() -> dt.date:
    """The date printed in footers: SOURCE_DATE_EPOCH when set to a usable number of seconds
    (reproducible builds), else today."""
    try:
        return dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), dt.timezone.utc).date()
    except (KeyError, ValueError, OverflowError, OSError):
        return dt.date.today()


TITLE_POINTS, SUBTITLE_POINTS = 13, 9.5
LINE = 1.3  # line height, in font sizes


MOST_LINES = 4  # a text from a file (a name, a source's title) takes at most this many lines of a chart


@functools.cache
def _advance(character: str, bold: bool) -> float:
    """The width of one character of DejaVu Sans (the charts' font) at 1 point, in points."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    font = FontProperties(family="DejaVu Sans", weight="bold" if bold else "normal", size=1)
    return TextToPath().get_text_width_height_descent(character, font, ismath=False)[0]


def text_points(text: str, points: float, bold: bool = False) -> float:
    """The width of one line of text at a font size, in points: each character's own width (cached), so
    that a line of wide letters (capitals, "W") is measured as wide as it is, at no cost of drawing."""
    return points * sum(_advance(character, bold) for character in text)


def _fitted(part: str, room: float, points: float, bold: bool) -> list[str]:
    """One paragraph in lines no wider than ``room`` points: broken between words, and inside a word
    only when the word alone is wider than a line (a long name, an address)."""
    lines, line = [], ""
    for word in part.split():
        joined = f"{line} {word}" if line else word
        if text_points(joined, points, bold) <= room:
            line = joined
            continue
        if line:
            lines.append(line)
        while len(word) > 1 and text_points(word, points, bold) > room:
            cut = 1
            while cut < len(word) and text_points(word[:cut + 1], points, bold) <= room:
                cut += 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    return [*lines, line] if line or not lines else lines


def wrapped(text: str, inches: float, points: float, em: float = 0.6, most: int = MOST_LINES) -> str:
    """``text`` wrapped to fit ``inches`` at a font size, each line measured by its characters' widths
    (``em`` above 0.6 means bold, as titles are): by measure, not by drawing, so it costs nothing.
    At most ``most`` lines, the last ending in an ellipsis when more was written: a name of any length
    leaves the chart its room."""
    room, bold = inches * 72, em > 0.6
    lines = [line for part in text.split("\n") for line in _fitted(part, room, points, bold)]
    if len(lines) > most:
        last = lines[most - 1].rstrip()
        while last and text_points(last + "…", points, bold) > room:
            last = last[:-1].rstrip()
        lines = [*lines[:most - 1], last + "…"]
    return "\n".join(lines)


def figure(title: str, subtitle: str, size: tuple[float, float] = (10, 5.8), **subplots) -> tuple[Figure, object]:
    """A figure with the title (the finding) and subtitle (what is drawn) in place, both wrapped to its
    width; returns (figure, axes). ``fig.header`` is the height they take, in inches, for the layout."""
    fig, axes = plt.subplots(figsize=size, **subplots)
    width, height = size
    title = wrapped(title, width - 0.3, TITLE_POINTS, em=0.68)
    subtitle = wrapped(subtitle, width - 0.3, SUBTITLE_POINTS)
    top = 0.12  # inches above the title
    fig.text(0.1 / width, 1 - top / height, title, ha="left", va="top", fontsize=TITLE_POINTS, fontweight="bold",
             linespacing=1.15)
    below = top + (title.count("\n") + 1) * TITLE_POINTS * LINE / 72 + 0.06
    fig.text(0.1 / width, 1 - below / height, subtitle, ha="left", va="top", fontsize=SUBTITLE_POINTS,
             color="#333333", linespacing=1.15)
    fig.header = below + (subtitle.count("\n") + 1) * SUBTITLE_POINTS * LINE / 72 + 0.15
    return fig, axes


def phase_looks(machine) -> dict[str, tuple[str, str]]:
    """(colour, hatch) of each phase of a deal's machine: its phases in order, agreed extensions apart."""
    looks, order = {}, 0
    for state in machine.states:
        if state.phase is None:
            continue
        if state.extends is not None:
            looks[state.name] = (EXTENDED_COLOUR, EXTENDED_HATCH)
        else:
            looks[state.name] = (PHASE_COLOURS[order % len(PHASE_COLOURS)], PHASE_HATCHES[order % len(PHASE_HATCHES)])
            order += 1
    return looks


def state_colour(state: str, machine=None) -> str:
    """A state's colour: the frame's by name, a phase's by its place in ``machine``; grey otherwise."""
    if state in STATE_COLOURS:
        return STATE_COLOURS[state]
    looks = phase_looks(machine) if machine is not None else {}
    return looks[state][0] if state in looks else ONGOING_COLOUR


def patch_style(state: str, machine=None) -> dict:
    """Fill, hatch and edge of a bar or box for a state (``"ongoing"``: no end by the horizon); a phase
    of a deal needs the deal's ``machine``. The hatch is drawn in the edge colour: white on dark fills,
    dark grey on light ones."""
    colour = state_colour(state, machine)
    looks = phase_looks(machine) if machine is not None and state not in STATE_COLOURS else {}
    hatch = looks[state][1] if state in looks else STATE_HATCHES.get(state, ONGOING_HATCH)
    return {"facecolor": colour, "hatch": hatch, "edgecolor": "white" if is_dark(colour) else "#333333",
            "linewidth": 0.6}


def is_dark(colour: str) -> bool:
    """Whether white text reads better than black on this colour (by its grey value)."""
    red, green, blue = matplotlib.colors.to_rgb(colour)
    return 0.299 * red + 0.587 * green + 0.114 * blue < 0.5


def day_numbers(start: dt.date, days) -> object:
    """Matplotlib date numbers of simulated days (day 0 is ``start``), for a dated axis."""
    import numpy as np
    from matplotlib import dates

    return dates.date2num(dt.datetime.combine(start, dt.time())) + np.asarray(days, dtype=float)


def dated_axis(ax, label: str = "Date", most: int = 9) -> None:
    """Calendar dates on the x axis (at most ``most`` ticks), as concise as they can be read."""
    from matplotlib import dates

    locator = dates.AutoDateLocator(minticks=3, maxticks=most)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(dates.ConciseDateFormatter(locator, show_offset=False))
    ax.set_xlabel(label)


def legend_outside(ax, handles=None, title: str | None = None, **options) -> None:
    """A legend right of the axes, where it cannot hide data."""
    if handles is None:
        handles, _ = ax.get_legend_handles_labels()
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0,
              title=title, alignment="left", **options)


FOOTER_POINTS = 7


def footer(fig: Figure, sources: list[str]) -> float:
    """Provenance at the foot: where the figures come from, the tool's version, the date; returns its
    height in inches."""
    text = f"Sources: {'; '.join(sources) or 'scenario assumptions'}  |  ceasefire-sim {__version__}  |  {made_on()}"
    # Wrapped by characters: matplotlib's wrap=True measures every word at every draw, which costs a
    # quarter of a second a figure.
    text = wrapped(text, fig.get_figwidth() - 0.3, FOOTER_POINTS, most=6)
    fig.text(0.1 / fig.get_figwidth(), 0.04 / fig.get_figheight(), text, ha="left", va="bottom",
             fontsize=FOOTER_POINTS, color="#555555", linespacing=1.15)
    return (text.count("\n") + 1) * FOOTER_POINTS * LINE / 72 + 0.1


def save(fig: Figure, path: str, dpi: float | None = None) -> None:
    """Save as PNG, SVG or PDF (by the extension), atomically and without timestamps;
    ``dpi``: dots per inch of a PNG (default 150)."""
    fmt = FORMATS[os.path.splitext(path)[1].lower()]
    metadata = {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None}}[fmt]
    try:
        with atomic_path(path) as temporary:
            fig.savefig(temporary, format=fmt, metadata=metadata, **({"dpi": dpi} if dpi else {}))
    finally:
        plt.close(fig)

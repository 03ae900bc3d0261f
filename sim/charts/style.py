"""The one look of every chart: phase colours, titles, provenance footer, deterministic saving.

Colours are the Okabe-Ito palette (safe for the common colour-blindnesses);
each state also has a hatch so that a chart printed in grey still tells the
states apart. Every chart gets a title, a subtitle (scenarios, runs, seed) and
a footer (sources, version, date), and is saved atomically with no
timestamps inside the file, so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import os
import textwrap

import matplotlib

matplotlib.use("Agg")  # no screen: charts are files

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from .. import __version__  # noqa: E402
from ..results.files import atomic_path  # noqa: E402

STATE_COLOURS = {
    "proposed": "#999999",
    "phase_one": "#0072B2",
    "extension": "#56B4E9",
    "phase_two": "#009E73",
    "phase_three": "#E69F00",
    "completed": "#CC79A7",
    "collapsed": "#D55E00",
    "rejected": "#000000",
}
STATE_HATCHES = {
    "proposed": "", "phase_one": "", "extension": "//", "phase_two": "..",
    "phase_three": "xx", "completed": "", "collapsed": "\\\\", "rejected": "++",
}
# For lines of several scenarios: colours and line styles that differ in grey too.
SERIES_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
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
    "text.parse_math": False,  # scenario text is text: "$5 a day" is not maths
})


def made_on() -> dt.date:
    """The date printed in footers: SOURCE_DATE_EPOCH when set to a usable number of seconds
    (reproducible builds), else today."""
    try:
        return dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), dt.timezone.utc).date()
    except (KeyError, ValueError, OverflowError, OSError):
        return dt.date.today()


def figure(title: str, subtitle: str, size: tuple[float, float] = (10, 5.8), **subplots) -> tuple[Figure, object]:
    """A figure with the title and subtitle in place; returns (figure, axes)."""
    fig, axes = plt.subplots(figsize=size, **subplots)
    fig.suptitle(title, x=0.01, y=0.985, ha="left", fontsize=14, fontweight="bold")
    fig.text(0.01, 0.935, subtitle, ha="left", va="top", fontsize=10, color="#333333")
    return fig, axes


def patch_style(state: str) -> dict:
    """Fill, hatch and edge of a bar or box for a state (``"ongoing"``: no end by the horizon).
    The hatch is drawn in the edge colour: white on dark fills, dark grey on light ones."""
    colour = STATE_COLOURS.get(state, ONGOING_COLOUR)
    hatch = STATE_HATCHES.get(state, ONGOING_HATCH)
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


def footer(fig: Figure, sources: list[str]) -> None:
    """Provenance at the foot: where the figures come from, the tool's version, the date."""
    text = f"Sources: {'; '.join(sources) or 'scenario assumptions'}  |  ceasefire-sim {__version__}  |  {made_on()}"
    # Wrapped here by characters (about 18 a inch at 7 points): matplotlib's wrap=True measures
    # every word at every draw, which costs a quarter of a second a figure.
    text = textwrap.fill(text, width=int(fig.get_figwidth() * 18))
    fig.text(0.01, 0.01, text, ha="left", va="bottom", fontsize=7, color="#555555")


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

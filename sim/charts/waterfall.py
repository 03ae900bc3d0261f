"""The diff's waterfall: from the first scenario's outcome to the second's, one step a change."""

from __future__ import annotations

import textwrap

from ..analysis.measures import Measure
from ..words.drivers import order_title
from .style import SERIES_COLOURS, figure, footer, save


def finding(steps: list[tuple[str, str, float, float]], headline: Measure) -> str:
    """The title: the change that moves the measure most, claimed only when its interval is clear of zero
    and of every other change's; else the changes that may be the largest."""
    if not steps:
        return "The two scenarios do not differ"
    beyond_noise = [s for s in steps if abs(s[2]) > s[3]]
    if not beyond_noise:
        return f"No single change moves the {headline.label} beyond what chance alone could"
    title = order_title([s[0] for s in beyond_noise], [abs(s[2]) for s in beyond_noise], [s[3] for s in beyond_noise],
                        "move", headline.label)
    if " most" in title and "overlap" not in title:
        key, _, share, _ = max(beyond_noise, key=lambda s: abs(s[2]))
        title += f": {share * headline.scale:+.1f}{' points' if headline.share else ''}"
    return title


def waterfall(names: tuple[str, str], values: tuple[float, float], steps: list[tuple[str, str, float, float]],
              headline: Measure, subtitle: str, sources: list[str], path: str) -> None:
    """A bar for each scenario's value and, between them, a floating bar for each change's share of
    the difference (``steps``: its key in words, the change in words, its share, the half-width of its
    95% interval) with its interval; read from top to bottom."""
    scale, unit = headline.scale, headline.unit
    rows = [names[0], *(words for _, words, _, _ in steps), names[1]]
    title = finding(steps, headline)
    height = 2.6 + 0.55 * len(rows)
    fig, axes = figure(title, subtitle, size=(12, height))
    y = list(range(len(rows)))[::-1]  # the first scenario on top
    level = values[0] * scale
    axes.barh(y[0], level, color="#999999", height=0.6)
    axes.annotate(f" {level:.1f}", (level, y[0]), va="center", fontsize=9)
    for row, (_, _, share, half) in zip(y[1:-1], steps):
        share, half = share * scale, half * scale
        axes.barh(row, share, left=level, color=SERIES_COLOURS[1] if share > 0 else SERIES_COLOURS[0], height=0.6)
        axes.errorbar(level + share, row, xerr=half, fmt="none", ecolor="#333333", capsize=3)
        axes.annotate(f" {share:+.1f}{unit} ± {half:.1f}", (max(level, level + share) + half, row), va="center",
                      fontsize=9)
        level += share
    axes.barh(y[-1], values[1] * scale, color="#555555", height=0.6)
    axes.annotate(f" {values[1] * scale:.1f}", (values[1] * scale, y[-1]), va="center", fontsize=9)
    axes.set_yticks(y, [textwrap.fill(r, 55) for r in rows], fontsize=8)
    axes.set_xlabel(textwrap.fill(f"{headline.label}" + (" (%)" if scale == 100 else "")
                                  + "; each change's share of the difference, with its 95% interval", 110))
    axes.set_xlim(left=0)
    axes.margins(x=0.2)
    axes.grid(axis="y", visible=False)
    fig.tight_layout(rect=(0, 0.5 / height, 1, 1 - 0.8 / height))
    footer(fig, sources)
    save(fig, path)

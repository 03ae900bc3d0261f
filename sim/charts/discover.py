"""The chart of scenario discovery: the design points over the two inputs of the densest box,
coloured by how often the outcome happens there, with the box drawn."""

from __future__ import annotations

import textwrap

import numpy as np
from matplotlib.patches import Rectangle

from ..analysis.discover import Box, outcome_words
from .style import figure, footer, save


def discover_chart(inputs: list, points: np.ndarray, counts: np.ndarray, found: list[Box], state: str,
                   subtitle: str, sources: list[str], path: str) -> None:
    """Each design point at its values of the box's first two inputs (or the box's input and the next
    input in the file), its colour the share of its runs with the outcome; the box as a dashed frame."""
    box = found[0]
    chosen = [inputs.index(c.input) for c in box.conditions][:2]
    if len(chosen) == 1:
        chosen.append(next(k for k in range(len(inputs)) if k != chosen[0]))
    x_in, y_in = (inputs[k] for k in chosen)
    values = np.array([[inputs[k].value(row[k]) for k in chosen] for row in points])
    share = 100 * counts[:, 1] / np.maximum(counts[:, 0], 1)
    what = outcome_words(state)
    title = f"{what[0].upper() + what[1:]} in {box.density:.0%} of runs inside the box"
    fig, axes = figure(title, subtitle, size=(10, 7.2))
    image = axes.scatter(values[:, 0], values[:, 1], c=share, cmap="viridis", vmin=0, vmax=100, s=18,
                         edgecolors="none")
    limits = {c.input.name: c for c in box.conditions}
    ends = []
    for item in (x_in, y_in):
        condition = limits.get(item.name)
        ends.append((item.low if condition is None or condition.low is None else condition.low,
                     item.high if condition is None or condition.high is None else condition.high))
    (x0, x1), (y0, y1) = ends
    axes.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor="#D55E00", linewidth=2,
                             linestyle="--", label=f"the box: it holds {box.coverage:.0%} of all runs in which {what}"))
    axes.set_xlabel("\n".join(textwrap.wrap(x_in.label, 70)))
    axes.set_ylabel("\n".join(textwrap.wrap(y_in.label, 45)))
    axes.legend(loc="upper left", bbox_to_anchor=(0.0, -0.14), fontsize=9, frameon=False)
    bar = fig.colorbar(image, ax=axes, shrink=0.85)
    bar.set_label(f"% of a point's runs in which {what}")
    fig.tight_layout(rect=(0, 0.04, 1, 0.9))
    footer(fig, sources)
    save(fig, path)

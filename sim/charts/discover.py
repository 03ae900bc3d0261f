"""The chart of scenario discovery: the design points over two inputs of the densest box, coloured by how
often the outcome happens there, with the box drawn only as far as those two axes tell it."""

from __future__ import annotations

import textwrap

import numpy as np
from matplotlib.patches import Rectangle

from ..analysis.discover import Box
from ..analysis.measures import Measure
from .style import figure, footer, save

OUTSIDE_COLOUR = "#CCCCCC"


def discover_chart(inputs: list, points: np.ndarray, counts: np.ndarray, found: list[Box], outcome: Measure,
                   subtitle: str, sources: list[str], path: str) -> None:
    """Each design point at its values of the box's first two inputs (or the box's input and the next input
    in the file), its colour the share of its runs with the outcome; the box as a dashed frame. A box with
    more conditions than the two axes show is drawn for the points that meet the others (in colour); the
    points that do not are grey, and the legend says which conditions that is."""
    box = found[0]
    chosen = [inputs.index(c.input) for c in box.conditions][:2]
    if len(chosen) == 1:
        chosen.append(next(k for k in range(len(inputs)) if k != chosen[0]))
    x_in, y_in = (inputs[k] for k in chosen)
    everything = np.array([[item.value(share) for item, share in zip(inputs, row)] for row in points])
    values = everything[:, chosen]
    hidden = [c for c in box.conditions if inputs.index(c.input) not in chosen]
    meets = np.ones(len(points), dtype=bool)
    for condition in hidden:
        meets &= condition.holds(everything[:, inputs.index(condition.input)])
    share = 100 * counts[:, 1] / np.maximum(counts[:, 0], 1)
    title = f"The {outcome.label} is {box.density:.0%} inside the box"
    fig, axes = figure(textwrap.fill(title, 80), subtitle, size=(10, 7.4))
    if hidden:
        axes.scatter(values[~meets, 0], values[~meets, 1], color=OUTSIDE_COLOUR, s=10, edgecolors="none",
                     label=textwrap.fill("grey: points that miss the box's other condition" + ("s" if len(hidden) > 1
                                                                                               else "")
                                         + " (the box needs: " + "; ".join(c.words() for c in hidden) + ")", 95))
    image = axes.scatter(values[meets, 0], values[meets, 1], c=share[meets], cmap="viridis", vmin=0, vmax=100, s=18,
                         edgecolors="none")
    limits = {c.input.name: c for c in box.conditions}
    ends = []
    for item in (x_in, y_in):
        condition = limits.get(item.name)
        ends.append((item.low if condition is None or condition.low is None else condition.low,
                     item.high if condition is None or condition.high is None else condition.high))
    (x0, x1), (y0, y1) = ends
    said = f"the box: it holds {box.coverage:.0%} of all runs with the outcome"
    if box.recurrence is not None:
        said += f"; it recurs in {box.recurrence:.0%} of resamples"
    axes.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor="#D55E00", linewidth=2,
                             linestyle="--", label=said))
    axes.set_xlabel("\n".join(textwrap.wrap(x_in.label, 70)))
    axes.set_ylabel("\n".join(textwrap.wrap(y_in.label, 45)))
    axes.legend(loc="upper left", bbox_to_anchor=(0.0, -0.14), fontsize=9, frameon=False)
    bar = fig.colorbar(image, ax=axes, shrink=0.85)
    bar.set_label(textwrap.fill(f"% of a point's runs: {outcome.label}", 50))
    fig.tight_layout(rect=(0, 0.06, 1, 0.9))
    footer(fig, sources)
    save(fig, path)

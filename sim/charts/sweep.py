"""The sweep's chart: outcome measures along one parameter (lines) or over two (heat maps)."""

from __future__ import annotations

import textwrap

import numpy as np

from ..analysis.measures import Measure
from ..analysis.sweep import Param, Point, text
from ..scenario.labels import key_label
from .style import SERIES_COLOURS, SERIES_STYLES, figure, footer, save


MAX_CELLS_WITH_VALUES = 144  # past a 12 x 12 grid the values would not fit in their cells


def sweep_chart(params: list[Param], points: list[Point], results: list[dict[str, float]],
                shown: tuple[Measure, ...], subtitle: str, sources: list[str], path: str,
                labels: list[str] | None = None) -> bool:
    """A line chart (one parameter: the shares in one panel, counts in another) or heat maps (two: the
    first three measures, each cell with its value) of the measures; False for more parameters.
    ``labels``: the parameters in plain words (default: without the scenario's names for list items)."""
    if len(params) > 2:
        return False
    labels = labels or [key_label(p.path) for p in params]
    if len(params) == 1:
        x = [float(p.values[0]) for p in points]
        counts = [m for m in shown if not m.share]
        fig, panels = figure("Outcomes across the sweep", subtitle, size=(11, 5.2), ncols=2 if counts else 1)
        shares, held = (panels[0], panels[1]) if counts else (panels, None)
        for k, m in enumerate(m for m in shown if m.share):
            shares.plot(x, [100 * r[m.name] for r in results], marker="o", color=SERIES_COLOURS[k],
                        linestyle=SERIES_STYLES[k % len(SERIES_STYLES)], label=m.label)
        shares.set_ylabel("% of runs")
        shares.set_ylim(0, 100)
        shares.legend(loc="best", fontsize=8)
        for k, m in enumerate(counts):
            held.plot(x, [r[m.name] for r in results], marker="o", color=SERIES_COLOURS[-1 - k])
            held.set_ylabel(m.label)
            held.set_ylim(bottom=0)
        for axes in (shares, held) if held is not None else (shares,):
            axes.set_xlabel(textwrap.fill(labels[0], 60))
    else:
        rows, cols = (len(p.values) for p in params)
        fig, panels = figure("Outcomes across the sweep", subtitle, size=(15, 5.2), ncols=3)
        for axes, m in zip(panels, shown):
            name, share = m.name, m.share
            grid_values = np.array([r[name] * (100 if share else 1) for r in results]).reshape(rows, cols)
            image = axes.imshow(grid_values, origin="lower", aspect="auto", cmap="viridis",
                                vmin=0, vmax=100 if share else None)
            axes.set_xticks(range(cols), [text(v) for v in params[1].values], fontsize=7, rotation=45)
            axes.set_yticks(range(rows), [text(v) for v in params[0].values], fontsize=7)
            axes.set_xlabel(textwrap.fill(labels[1], 40))
            axes.set_ylabel(textwrap.fill(labels[0], 40))
            if rows * cols <= MAX_CELLS_WITH_VALUES:
                top = np.nanmax(grid_values) if grid_values.size else 0
                for (r, c), value in np.ndenumerate(grid_values):
                    dark = value < 0.6 * (100 if share else top)  # viridis is dark at the low end
                    axes.text(c, r, f"{value:.0f}" if share else f"{value:.1f}", ha="center", va="center",
                              fontsize=7, color="white" if dark else "black")
            axes.set_title(textwrap.fill(m.label + (" (%)" if share else ""), 45), fontsize=9)
            axes.grid(False)
            fig.colorbar(image, ax=axes, shrink=0.8)
    fig.tight_layout(rect=(0, 0.04, 1, 0.9))
    footer(fig, sources)
    save(fig, path)
    return True

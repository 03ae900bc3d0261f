"""The sweep's chart: outcome measures along one parameter (lines) or over two (heat maps)."""

from __future__ import annotations

import numpy as np

from ..analysis.outcomes import LABELS, NAMES
from ..analysis.sweep import Param, Point, text
from ..scenario.labels import key_label
from .style import SERIES_COLOURS, SERIES_STYLES, figure, footer, save


def sweep_chart(params: list[Param], points: list[Point], results: list[dict[str, float]], subtitle: str,
          sources: list[str], path: str) -> bool:
    """A line chart (one parameter) or heat maps (two) of the measures; False for more parameters."""
    if len(params) > 2:
        return False
    if len(params) == 1:
        x = [float(p.values[0]) for p in points]
        fig, (shares, held) = figure("Outcomes across the sweep", subtitle, size=(11, 5.2), ncols=2)
        for k, name in enumerate(NAMES[:2]):
            shares.plot(x, [100 * r[name] for r in results], marker="o", color=SERIES_COLOURS[k],
                        linestyle=SERIES_STYLES[k], label=LABELS[name])
        shares.set_ylabel("% of runs")
        shares.set_ylim(0, 100)
        shares.legend(loc="best", fontsize=8)
        held.plot(x, [r["hostages_still_held"] for r in results], marker="o", color=SERIES_COLOURS[2])
        held.set_ylabel(LABELS["hostages_still_held"])
        held.set_ylim(bottom=0)
        for axes in (shares, held):
            axes.set_xlabel(key_label(params[0].path))
    else:
        rows, cols = (len(p.values) for p in params)
        fig, panels = figure("Outcomes across the sweep", subtitle, size=(15, 5.2), ncols=3)
        for axes, name in zip(panels, NAMES):
            share = name != "hostages_still_held"
            grid_values = np.array([r[name] * (100 if share else 1) for r in results]).reshape(rows, cols)
            image = axes.imshow(grid_values, origin="lower", aspect="auto", cmap="viridis",
                                vmin=0, vmax=100 if share else None)
            axes.set_xticks(range(cols), [text(v) for v in params[1].values], fontsize=7, rotation=45)
            axes.set_yticks(range(rows), [text(v) for v in params[0].values], fontsize=7)
            axes.set_xlabel(key_label(params[1].path))
            axes.set_ylabel(key_label(params[0].path))
            axes.set_title(LABELS[name] + (" (%)" if share else ""), fontsize=9)
            axes.grid(False)
            fig.colorbar(image, ax=axes, shrink=0.8)
    fig.tight_layout(rect=(0, 0.04, 1, 0.9))
    footer(fig, sources)
    save(fig, path)
    return True

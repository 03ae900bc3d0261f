"""The briefing pack: one PDF and the same briefing as one HTML file, with each chart as a PNG beside them.

The records are simulated once by the caller and reused for every page; the words
come from :mod:`sim.words`, the charts from :mod:`sim.charts`. :mod:`.pack` makes the
content page by page, :mod:`.pdf` and :mod:`.html` lay it out.
"""

from __future__ import annotations

import os

from ..analysis.runs import Runs
from ..results.files import atomic_path, write_atomic
from ..words.drivers import Drivers
from ..words.findings import Findings
from .pack import CHARTS, Chart, document, draw


def write_brief(runs: list[Runs], out_dir: str, drivers: Drivers | None = None) -> list[str]:
    """DIR/brief.pdf, DIR/brief.html and DIR/<chart>.png for each chart; the paths written."""
    import matplotlib.pyplot as plt

    from ..charts import drivers as drivers_chart
    from . import html, pdf

    findings = Findings(runs)
    charts = {kind: draw(kind, runs, findings) for kind in CHARTS}
    if drivers is not None and drivers.swings:
        charts["drivers"] = Chart.of("drivers", drivers_chart.chart(drivers))
    content = document(runs, findings, charts, drivers)
    written = []
    pdf_path = os.path.join(out_dir, "brief.pdf")
    with atomic_path(pdf_path) as temporary, open(temporary, "wb") as out:
        out.write(pdf.render(content, charts))
    html_path = os.path.join(out_dir, "brief.html")
    write_atomic(html_path, html.render(content, charts))
    for chart in charts.values():
        png = os.path.join(out_dir, f"{chart.kind}.png")
        with atomic_path(png) as temporary:
            chart.figure.savefig(temporary, format="png", metadata={"Software": None})
        plt.close(chart.figure)
        written.append(png)
    return [pdf_path, html_path, *written]


__all__ = ["CHARTS", "write_brief"]

"""The briefing pack: one PDF and the same briefing as one HTML file, with each chart as an SVG beside them.

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
from .pack import CHARTS, Chart, document, draw_all, draw_phone


def write_brief(runs: list[Runs], out_dir: str, drivers: Drivers | None = None, forecast=None,
                spreads: list | None = None) -> list[str]:
    """DIR/brief.pdf, DIR/brief.html and DIR/<chart>.svg for each chart (vector, for slides: the SVG the
    pages use, so it costs nothing more); with ``forecast`` (:class:`sim.analysis.forecast.Forecast`),
    its page after the bottom line; ``spreads``: each scenario's :class:`sim.analysis.spread.Spread`, the
    range of its figures over its assumptions; the paths written."""
    import matplotlib.pyplot as plt

    from ..charts import drivers as drivers_chart
    from . import html, pdf

    findings = Findings(runs, spreads=spreads)
    charts = draw_all(runs, findings)
    if drivers is not None and drivers.shown:
        charts["drivers"] = Chart.of("drivers", drivers_chart.chart(drivers))
    if forecast is not None:
        from ..charts.forecast import forecast_figure

        charts["forecast"] = Chart.of("forecast", forecast_figure(forecast))
    content = document(runs, findings, charts, drivers, forecast.summary if forecast is not None else None)
    written: list[str] = []
    pdf_path = os.path.join(out_dir, "brief.pdf")
    with atomic_path(pdf_path) as temporary, open(temporary, "wb") as out:
        out.write(pdf.render(content, charts))
    phone = draw_phone(runs, findings)
    if "drivers" in charts:
        phone["drivers@phone"] = Chart.of("drivers@phone", drivers_chart.chart(drivers, phone=True))
    html_path = os.path.join(out_dir, "brief.html")
    write_atomic(html_path, html.render(content, {**charts, **phone}))
    for chart in phone.values():
        plt.close(chart.figure)
    for chart in charts.values():
        plt.close(chart.figure)
        svg = os.path.join(out_dir, chart.file)
        with atomic_path(svg) as temporary, open(temporary, "wb") as out:
            out.write(chart.svg)
        written.append(svg)
    return [pdf_path, html_path, *written]


__all__ = ["CHARTS", "write_brief"]

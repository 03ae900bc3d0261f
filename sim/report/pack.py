"""The briefing pack's content, page by page, as plain data that the PDF and the HTML both lay out.

A page is a title (its bookmark) and blocks: sentences, a table, a chart, bullets,
text. Every string comes from :mod:`sim.words`; the charts are drawn once here and
shared by both outputs. The order: the bottom line first, then the evidence, then
what the results rest on (drivers, assumptions), then the methods.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from .. import __version__
from ..analysis.runs import Runs
from ..charts.base import render
from ..charts.style import made_on
from ..words.assumptions import LEAVES_OUT, assumptions_of
from ..words.drivers import Drivers
from ..words.findings import Findings, Table
from ..words.methods import methods

TITLE = "Ceasefire scenarios: briefing"
PAGE_HEIGHT_CM = 15.6  # what an A4 landscape page holds under its heading
CHART_WIDTH_CM = 26.7  # the text width of an A4 landscape page with 1.5 cm margins (brief.typ)
CHARTS = ("outcomes", "states", "fan", "aid")  # drawn for the pack, in page order


@dataclass(frozen=True)
class Chart:
    kind: str
    svg: bytes  # text kept as text
    size: tuple[float, float]  # inches
    figure: object  # closed once the pack is written

    @property
    def file(self) -> str:
        return f"{self.kind}.svg"

    @classmethod
    def of(cls, kind: str, fig) -> "Chart":
        """A drawn figure as SVG."""
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        return cls(kind, buffer.getvalue(), tuple(fig.get_size_inches()), fig)


def draw(kind: str, runs: list[Runs], findings: Findings) -> Chart:
    return Chart.of(kind, render(kind, runs, findings))


def table_block(table: Table) -> dict:
    return {"kind": "table", "header": list(table.header), "note": table.note,
            "rows": [{"label": label, "cells": [list(c) for c in cells]} for label, cells in table.rows]}


def chart_block(chart: Chart, room_cm: float = PAGE_HEIGHT_CM) -> dict:
    """The chart at the page's width, or smaller to fit ``room_cm`` of height."""
    natural = CHART_WIDTH_CM * chart.size[1] / chart.size[0]
    return {"kind": "chart", "file": chart.file, "height": round(min(natural, room_cm), 2)}


def pages(runs: list[Runs], findings: Findings, charts: dict[str, Chart], drivers: Drivers | None,
          forecast: dict | None = None) -> list[dict]:
    """The pages of the pack (``forecast``: a forecast's summary, for its page after the bottom line)."""
    first = runs[0]
    dates = findings.key_dates()
    date_rows = {"kind": "table", "label_cm": 9.0, "header": ["Milestone", "Runs that reach it", "Date half the runs reach it (95% interval)",
                                             "8 in 10 of those runs"],
                 "rows": [{"label": d.milestone, "cells": [[d.reached, ""], [d.median, ""], [d.spread, ""]]}
                          for d in dates],
                 "note": "Dates by the calendar from the scenario's start. The date half the runs reach it is a median "
                         "over all runs, a run that never gets there counted as later (\u201chalf or more never do\u201d "
                         "where it is not reached), with its 95% interval; the last column: where the middle 80% of "
                         "the runs that reach the milestone fall."}
    out = [
        {"title": "The bottom line", "blocks": [
            {"kind": "sentences", "items": findings.bottom_line(drivers.headline() if drivers else None)},
            {"kind": "heading", "text": "Key figures"},
            table_block(findings.table())]},
        *([forecast_page(forecast, charts.get("forecast"))] if forecast is not None else []),
        {"title": "How the runs end, and when", "blocks": [
            chart_block(charts["outcomes"], 9.3),
            {"kind": "heading", "text": f"Key dates under {first.name}"},
            date_rows]},
        {"title": "Where the runs stand, date by date", "blocks": [chart_block(charts["states"])]},
        {"title": "Hostages still held", "blocks": [chart_block(charts["fan"])]},
        {"title": "Aid", "blocks": [chart_block(charts["aid"])]},
    ]
    if drivers is not None:
        out.append({"title": "What drives the result", "blocks": [
            {"kind": "sentences", "items": drivers.sentences()}, {"kind": "note", "text": drivers.method()},
            *([chart_block(charts["drivers"], 9.0)] if "drivers" in charts else [])]})
    out.append({"title": "Assumptions and caveats", "blocks": assumption_blocks(runs), "columns": 2})
    blocks: list[dict] = []
    for heading, items in methods(runs, findings.comparison, drivers.count if drivers else None):
        blocks += [{"kind": "heading", "text": heading},
                   {"kind": "text", "text": items} if isinstance(items, str) else
                   {"kind": "bullets", "items": items, "size": 8.5}]
    out.append({"title": "Methods", "blocks": blocks, "columns": 2})
    return out


def forecast_page(summary: dict, chart: Chart | None) -> dict:
    """What comes next given the record up to a date: the headline, how many runs agreed, what the record
    cannot tell the model, and the chart (none when no run agrees: there is no forecast to draw)."""
    from ..words.forecast import agreement, day, headline, unmatched_lines, unweighed_sentence

    warning = [f"Warning: {summary['warning']}."] if summary["warning"] else []
    unmatched = [f"No run fits this fact: {line}." for line in unmatched_lines(summary)]
    return {"title": f"Forecast as of {day(summary['as_of'])}", "blocks": [
        {"kind": "sentences", "items": [headline(summary), agreement(summary), *warning, *unmatched,
                                        unweighed_sentence(summary)]},
        *([chart_block(chart, 13.0)] if chart is not None else [])]}


def assumption_blocks(runs: list[Runs]) -> list[dict]:
    blocks: list[dict] = [{"kind": "text", "text":
                           "Figures the scenario files mark as assumptions: the authors' judgement where the sources "
                           "are silent. The results are chances under these assumptions, not forecasts; change these "
                           "first in a what-if."}]
    seen: set[str] = set()
    for r in runs:
        items = [a for a in assumptions_of(r.loaded) if a not in seen]
        seen.update(items)
        if items:
            blocks.append({"kind": "heading", "text": r.name if r is runs[0] else f"{r.name}: in addition"})
            blocks.append({"kind": "bullets", "items": items, "size": 8})
    blocks.append({"kind": "heading", "text": "What the model leaves out"})
    blocks.append({"kind": "bullets", "items": list(LEAVES_OUT), "size": 8})
    return blocks


def document(runs: list[Runs], findings: Findings, charts: dict[str, Chart], drivers: Drivers | None,
             forecast: dict | None = None) -> dict:
    """Everything the layouts need: the pages and the document's title, subject, date and footer."""
    made = made_on()
    names = "; ".join(r.name for r in runs)
    return {
        "title": TITLE,
        "subject": f"What {len(runs[0]):,} simulated runs of each scenario show: {names}",
        "made": f"{made.day} {made:%b %Y}",
        "date": [made.year, made.month, made.day],
        "footer": f"ceasefire-sim {__version__}  ·  sources and method: last page",
        "pages": pages(runs, findings, charts, drivers, forecast),
    }

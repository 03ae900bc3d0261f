"""The briefing pack's content, page by page, as plain data that the PDF and the HTML both lay out.

A page is a title (its bookmark) and blocks: sentences, a table, a chart, bullets,
text. Every string comes from :mod:`sim.words`; the charts are drawn once here and
shared by both outputs. The order: the bottom line first, then the evidence, then
what the results rest on (drivers, assumptions), then the methods.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import matplotlib.pyplot as plt

from .. import __version__
from ..analysis.runs import Runs
from ..charts.base import render
from ..charts.style import made_on
from ..words.assumptions import assumptions_of, leaves_out
from ..words.drivers import Drivers
from ..words.findings import Findings, Table
from ..words.methods import methods

TITLE = "Ceasefire scenarios: briefing"
PAGE_HEIGHT_CM = 16.0  # what an A4 landscape page holds under its heading, above the source line
ROOM_UNDER_TITLE_CM = 8.6  # the outcomes chart, with the key dates under it
CHART_WIDTH_CM = 26.7  # the text width of an A4 landscape page with 1.5 cm margins (brief.typ): the charts'
# own width (sim.charts.base.WIDTH), so a chart is set at its size and its text at its point size
CHARTS = ("outcomes", "states", "fan", "aid")  # drawn for the pack, in page order (the fan when anyone is held)
PANELS = 6  # scenarios a chart of panels shows at most; more are split into figures of their own


@dataclass(frozen=True)
class Chart:
    kind: str
    svg: bytes  # text kept as text
    size: tuple[float, float]  # inches
    figure: object  # closed once the pack is written
    title: str = ""  # what it shows, for screen readers

    @property
    def file(self) -> str:
        return f"{self.kind}.svg"

    @classmethod
    def of(cls, kind: str, fig) -> "Chart":
        """A drawn figure as SVG."""
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        title = " ".join(t.get_text().replace("\n", " ") for t in fig.texts[:2])  # its finding, then what it draws
        return cls(kind, buffer.getvalue(), tuple(fig.get_size_inches()), fig, title)


def draw(kind: str, runs: list[Runs], findings: Findings, room: float | None = None) -> Chart:
    return Chart.of(kind, render(kind, runs, findings, room))


def groups(runs: list[Runs], most: int = PANELS) -> list[list[Runs]]:
    """The scenarios in even groups of at most ``most``: the figures a chart of panels is split into, so that
    its panels keep a readable size instead of shrinking."""
    parts = -(-len(runs) // most)
    size = -(-len(runs) // parts)
    return [runs[i:i + size] for i in range(0, len(runs), size)]


def charted(runs: list[Runs]) -> tuple[str, ...]:
    """The pack's kinds of chart that these scenarios have something to show in: no chart of people still held
    when no scenario holds anyone alive, none of aid when none promises any (a chart of zeros says nothing)."""
    held = any(r.machine.words.holds for r in runs)
    aid = any(r.scenario.aid.target_trucks_per_day != 0 for r in runs)
    return tuple(kind for kind in CHARTS if (kind != "fan" or held) and (kind != "aid" or aid))


def draw_all(runs: list[Runs], findings: Findings) -> dict[str, Chart]:
    """The pack's charts, each drawn to the room its page gives (a chart of panels split in parts, named
    kind, kind-2, ...), never scaled down on the page."""
    charts = {"outcomes": draw("outcomes", runs, findings, ROOM_UNDER_TITLE_CM / 2.54)}
    room = PAGE_HEIGHT_CM / 2.54
    for kind in charted(runs)[1:]:
        most = PANELS
        while True:  # fewer scenarios a figure until the panels fit the page at their smallest readable size
            figures = [render(kind, part, findings, room) for part in groups(runs, most)]
            if most <= 1 or all(CHART_WIDTH_CM * f.get_figheight() / f.get_figwidth() <= PAGE_HEIGHT_CM
                                for f in figures):
                break
            for fig in figures:
                plt.close(fig)
            most = -(-most // 2)
        for k, fig in enumerate(figures):
            name = kind if k == 0 else f"{kind}-{k + 1}"
            charts[name] = Chart.of(name, fig)
    return charts


def draw_phone(runs: list[Runs], findings: Findings) -> dict[str, Chart]:
    """The pack's charts for a phone's screen (kind@phone): narrow, a panel a row, the legend below; the HTML
    shows them instead of the page's charts on a narrow screen. Not written as files of their own."""
    return {f"{kind}@phone": Chart.of(f"{kind}@phone", render(kind, runs, findings, phone=True)) for kind in charted(runs)}


def table_block(table: Table, title: str = "") -> dict:
    return {"kind": "table", "title": title, "header": list(table.header), "note": table.note,
            "rows": [{"label": label, "cells": [list(c) for c in cells]} for label, cells in table.rows]}


def chart_block(chart: Chart, most_cm: float | None = None) -> dict:
    """The chart at the page's width: the pack's own charts are drawn to the room their page gives, so their
    text keeps its size; ``most_cm``: a height not to pass (a chart drawn elsewhere, scaled to fit)."""
    natural = CHART_WIDTH_CM * chart.size[1] / chart.size[0]
    return {"kind": "chart", "file": chart.file, "height": round(min(natural, most_cm or natural), 2),
            "name": chart.title}


def parts(charts: dict[str, Chart], kind: str) -> list[Chart]:
    return [c for name, c in charts.items() if name == kind or name.startswith(f"{kind}-")]


def pages(runs: list[Runs], findings: Findings, charts: dict[str, Chart], drivers: Drivers | None,
          forecast: dict | None = None) -> list[dict]:
    """The pages of the pack (``forecast``: a forecast's summary, for its page after the bottom line). A page
    marked ``flow`` continues on the page before when there is room (its heading kept with what follows)."""
    first = runs[0]
    dates = findings.key_dates()
    date_rows = {"kind": "table", "title": f"Key dates under {first.name}", "label_cm": 9.0,
                 "header": ["Milestone", "Share of all runs that reach it",
                            "Date half of those runs have reached it (95% interval)", "8 in 10 of those runs"],
                 "rows": [{"label": d.milestone, "cells": [[d.reached], [d.median], [d.spread]]} for d in dates],
                 "note": "Days of a phase numbered as the deal numbers them (its first day is day 1). The share "
                         "is of all runs; the dates are among the runs that reach the milestone (for a day the deal "
                         "names: those whose ceasefire still holds on it)."}
    driver = None
    if drivers is not None:
        driver = drivers.headline() or drivers.rest()
    out = [
        {"title": "The bottom line", "blocks": [
            {"kind": "sentences", "items": findings.bottom_line(driver)},
            *([{"kind": "sentences", "items": terms}] if (terms := findings.terms()) else []),
            {"kind": "text", "text": findings.ranges_note()},
            table_block(findings.table(), "Key figures")]},
        *([forecast_page(forecast, charts.get("forecast"))] if forecast is not None else []),
        {"title": "How the runs end, and when", "blocks": [chart_block(charts["outcomes"]), date_rows]},
        {"title": "Where the runs stand, date by date", "flow": True,
         "blocks": [chart_block(c) for c in parts(charts, "states")]},
        *({"title": title, "flow": True, "blocks": [chart_block(c) for c in parts(charts, kind)]}
          for kind, title in (("fan", f"{first.machine.words.held.many.capitalize()} still held"), ("aid", "Aid")) if parts(charts, kind)),
    ]
    if drivers is not None:
        out.append({"title": "What drives the result", "flow": True, "blocks": [
            {"kind": "sentences", "items": drivers.sentences()}, {"kind": "note", "text": drivers.method()},
            *([chart_block(charts["drivers"])] if "drivers" in charts else [])]})
    out.append({"title": "Assumptions and caveats", "blocks": assumption_blocks(runs), "columns": 2})
    blocks: list[dict] = []
    for heading, items in methods(runs, findings.comparison, drivers.count if drivers else None):
        blocks += [{"kind": "heading", "text": heading},
                   {"kind": "text", "text": items, "size": 8.5} if isinstance(items, str) else
                   {"kind": "bullets", "items": items, "size": 7.5}]
    out.append({"title": "Methods", "blocks": blocks, "columns": 2, "flow": True})
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
    blocks: list[dict] = [{"kind": "text", "size": 8.5, "text":
                           "Figures the scenario files mark as assumptions: the authors' judgement where the sources "
                           "are silent. The results are chances under these assumptions, not forecasts; change these "
                           "first in a what-if."}]
    seen: set[str] = set()
    for r in runs:
        items = [a for a in assumptions_of(r.loaded) if a not in seen]
        seen.update(items)
        if items:
            blocks.append({"kind": "heading", "text": r.name if r is runs[0] else f"{r.name}: in addition"})
            blocks.append({"kind": "bullets", "items": items, "size": 7})
    blocks.append({"kind": "heading", "text": "What the model leaves out"})
    left_out = list(dict.fromkeys(item for r in runs for item in leaves_out(
        r.machine, bool(r.scenario.hostages.living or r.scenario.hostages.remains),
        r.scenario.aid.target_trucks_per_day != 0)))  # each deal's, said once
    blocks.append({"kind": "bullets", "items": left_out, "size": 7})
    return blocks


def document(runs: list[Runs], findings: Findings, charts: dict[str, Chart], drivers: Drivers | None,
             forecast: dict | None = None) -> dict:
    """Everything the layouts need: the pages and the document's title, subject, date and footer."""
    made = made_on()
    names = "; ".join(r.name for r in runs)
    count = f"{len(runs)} scenario files" if len(runs) > 1 else "one scenario file"
    return {
        "title": TITLE,
        "subject": f"What {len(runs[0]):,} simulated runs of each scenario show: {names}",
        "made": f"{made.day} {made:%b %Y}",
        "date": [made.year, made.month, made.day],
        "footer": (f"Source: ceasefire-sim {__version__}, {len(runs[0]):,} simulated runs of each of {count}, "
                   f"made {made.day} {made:%b %Y}; the sources the files cite and the method: last page"),
        "pages": pages(runs, findings, charts, drivers, forecast),
    }

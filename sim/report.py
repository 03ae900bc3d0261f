"""The briefing pack: one PDF to put in front of decision makers, and each chart as a PNG beside it.

Pages: a cover (key figures in a table, what each scenario assumes), one chart a
page, and a methods page (model, assumptions, sources, seed, version). The
records are simulated once by the caller and reused for every chart.
"""

from __future__ import annotations

import os
import textwrap

from . import __version__
from .analysis.compare import Comparison, compare, shown
from .analysis.runs import Runs
from .charts.base import render, sources, subtitle
from .charts.style import figure, footer, made_on, save
from .machine import STATES
from .results.files import atomic_path

PAGE = (11.69, 8.27)  # A4 landscape, inches
CHARTS = ("outcomes", "survival", "timeline", "fan", "aid", "diagram")  # the order of the pages
KEY_FIGURES = ("ended:completed", "ended:collapsed", "ended:rejected", "reached:phase_one", "reached:phase_two",
               "day:collapsed", "total:hostages_released", "total:prisoners_released", "total:aid_trucks")


def _wrapped(text: str, width: int) -> str:
    return "\n".join(textwrap.fill(part, width) for part in text.split("\n"))


def cover(runs: list[Runs], comparison: Comparison):
    fig, ax = figure("Ceasefire scenarios: briefing", subtitle(runs), size=PAGE)
    ax.axis("off")
    header = ["Key figures", *(textwrap.fill(r.name, 24) for r in runs)]
    cells = [[row.metric.label, *(shown(row.metric.kind, c.value) + (f" ({c.date})" if c.date else "")
                                  for c in row.cells)] for row in map(comparison.row, KEY_FIGURES)]
    table = ax.table(cellText=cells, colLabels=header, loc="upper left", cellLoc="right", colLoc="center",
                     bbox=[0.0, 0.42, 1.0, 0.5])
    table.auto_set_font_size(False)
    table.set_fontsize(9)
    for (row, column), cell in table.get_celld().items():
        cell.set_edgecolor("#BBBBBB")
        if row == 0:
            cell.set_text_props(fontweight="bold")
            cell.set_height(cell.get_height() * 1.6)
        if column == 0:
            cell.set_text_props(ha="left")
    ax.text(0.0, 0.4, "Ends and reaches: share of runs. Day collapsed: median day, among the runs that collapse. "
            "Released and aid: mean per run. Intervals and differences: ceasefire-sim compare; methods: last page.",
            fontsize=7.5, color="#333333", va="top", transform=ax.transAxes)
    ax.text(0.0, 0.34, "What each scenario assumes", fontsize=11, fontweight="bold", va="top", transform=ax.transAxes)
    described = [f"• {r.name} ({r.loaded.file}): " + " ".join(r.scenario.description.split() or ["(no description)"])
                 for r in runs]
    ax.text(0.0, 0.3, "\n".join(_wrapped(d, 165) for d in described), fontsize=8.5, va="top",
            transform=ax.transAxes, linespacing=1.35)
    fig.subplots_adjust(top=0.86, bottom=0.08, left=0.05, right=0.95)
    footer(fig, sources(runs))
    return fig


def methods(runs: list[Runs], comparison: Comparison):
    fig, ax = figure("Methods", f"ceasefire-sim {__version__}, made on {made_on()}", size=PAGE)
    ax.axis("off")
    first = runs[0]
    model = ("Each scenario file turns the proposal into a state machine of phases (below). A run draws every "
             "uncertain figure of the file (acceptance, durations, talks, incidents, disputes, aid) and plays the "
             "phases out day by day in a discrete-event simulation (simpy) until the deal ends or the horizon is "
             f"reached. Each scenario ran {len(first):,} times with root seed {first.seed}; run k of every scenario "
             "uses the same random numbers (common random numbers), so differences come from the scenarios, "
             "not from luck.")
    states = [f"• {s.label}: {s.meaning}" for s in STATES]
    stats = (f"Intervals are {comparison.confidence:.0%} bootstrap intervals over runs ({comparison.resamples:,} "
             "resamples with a fixed seed, the same resamples for every scenario, so differences are paired run "
             "by run); a difference is within noise when its interval includes zero. The survival chart is a "
             "Kaplan-Meier estimate over the runs in which the ceasefire began, with runs that had not collapsed "
             "by the horizon censored there. The timeline shows one run: the median by days of ceasefire.")
    assumptions = ("Figures marked ASSUMPTION in the scenario files are the authors' judgement where the sources "
                   "are silent; they are the first to vary in a what-if. The results are probabilities under those "
                   "assumptions, not forecasts.")
    cited = []
    for r in runs:
        for s in r.scenario.sources:
            line = f"• [{s.id}] {s.title}" + (f" ({s.where})" if s.where else "")
            if line not in cited:
                cited.append(line)
    files = [f"• {r.name}: {r.loaded.file}, sha256 {r.loaded.sha256[:16]}…" for r in runs]
    blocks = [("Model", _wrapped(model, 175) + "\n" + "\n".join(_wrapped(s, 175) for s in states)),
              ("Statistics", _wrapped(stats, 175)), ("Assumptions", _wrapped(assumptions, 175)),
              ("Sources cited by the scenario files", "\n".join(cited) or "• none given"),
              ("Scenario files", "\n".join(files)),
              ("Reproduce", _wrapped(f"ceasefire-sim brief {' '.join(r.loaded.file for r in runs)} --runs {len(first)} "
                                     f"--seed {first.seed} --out DIR   (ceasefire-sim {__version__})", 175))]
    y, line = 1.0, 0.024  # one line of 8-point text, in axes heights
    for title, body in blocks:
        ax.text(0.0, y, title, fontsize=9.5, fontweight="bold", va="top", transform=ax.transAxes)
        ax.text(0.0, y - 1.2 * line, body, fontsize=8, va="top", transform=ax.transAxes, linespacing=1.3)
        y -= (body.count("\n") + 3) * line
    fig.subplots_adjust(top=0.88, bottom=0.08, left=0.05, right=0.95)
    footer(fig, sources(runs))
    return fig


def write_brief(runs: list[Runs], out_dir: str) -> list[str]:
    """DIR/brief.pdf and DIR/<kind>.png for each chart; the paths written."""
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    comparison = compare(runs)
    pdf_path = os.path.join(out_dir, "brief.pdf")
    written = []
    with atomic_path(pdf_path) as temporary:
        with PdfPages(temporary, metadata={"CreationDate": None, "ModDate": None,
                                           "Title": "Ceasefire scenarios: briefing",
                                           "Creator": f"ceasefire-sim {__version__}"}) as pdf:
            pdf.savefig(cover(runs, comparison))
            for kind in CHARTS:
                png = os.path.join(out_dir, f"{kind}.png")
                save(render(kind, runs), png)  # at the chart's own size, for slides
                written.append(png)
                # Drawn again (cheap: the runs are reused) to fill an A4 page; the machine of each
                # scenario gets a page of its own, as several would not fit on one.
                for group in ([[r] for r in runs] if kind == "diagram" else [runs]):
                    page = render(kind, group)
                    page.set_size_inches(PAGE)
                    pdf.savefig(page)
                    plt.close(page)
            pdf.savefig(methods(runs, comparison))
    plt.close("all")
    return [pdf_path, *written]

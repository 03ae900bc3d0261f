"""The briefing pack: its pages and their words, layout with six long-named scenarios, odd text, same bytes."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pytest
from pypdf import PdfReader

from sim.report import write_brief

from .charting import FILES, RUNS, SEED, one, several  # noqa: F401 (fixtures)
from .conftest import SCENARIOS, cli

SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")  # a code name: phase_one, breakdown_hazard_per_day
DOTTED = re.compile(r"\b[a-z_]+(\[\d+\])?\.[a-z_]+(\[\d+\])?(\.[a-z_\[\]0-9]+)*\b")  # talks.duration_days
FILE_NAMES = re.compile(r"\S+\.(yaml|md|txt|pdf|html|png|svg)\b")  # the methods page names files: not keys
ODD_NAME = "US$1.2bn (about 50% of need) and $0.8bn_later [phase/one] \u05e9\u05dc\u05d5\u05dd \u0633\u0644\u0627\u0645"


def page_texts(path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def pack(several, tmp_path_factory):  # noqa: F811
    from sim.analysis.drivers import swings
    from sim.words.drivers import Drivers

    out = tmp_path_factory.mktemp("pack")
    drivers = Drivers(several[0], tuple(swings(several[0].loaded, SEED, 40)), 40)
    return out, write_brief(several, str(out), drivers)


def test_the_pack_leads_with_the_bottom_line_and_fits_eight_pages(pack, several):  # noqa: F811
    out, paths = pack
    pdf = PdfReader(out / "brief.pdf")
    pages = page_texts(out / "brief.pdf")
    assert len(pages) <= 8
    first = pages[0]
    assert first.startswith("Ceasefire scenarios: briefing") and "The bottom line" in first
    completed = sum(r.final_state == "completed" for r in several[0].records) / RUNS
    assert f"Under {several[0].name}, {completed:.0%} (" in first  # a finding with its range, first
    assert "Key figures" in first and "no clear difference" in first or "points" in first
    assert f"seed {SEED}" not in first and ".yaml" not in first  # seeds and files: the methods page
    for page, number in zip(pages, range(1, len(pages) + 1)):
        assert f"{number} of {len(pages)}" in page  # page numbers
    assert [o.title for o in pdf.outline] == ["The bottom line", "How the runs end, and when",
                                              "Where the runs stand, date by date", "Hostages still held", "Aid",
                                              "What drives the result", "Assumptions and caveats", "Methods"]
    assert len({pdf.get_destination_page_number(o) for o in pdf.outline}) == len(pages)  # a bookmark a page
    assert pdf.metadata.title == "Ceasefire scenarios: briefing" and several[1].name in pdf.metadata.subject
    assert "Chance that Hamas accepts: 70%" in pages[-2]  # assumptions in words, with their values
    assert "Politics inside each side" in pages[-2]  # what the model leaves out
    methods = pages[-1]
    unbroken = "".join(methods.split())  # a line may break anywhere in a long command or path
    for words in (f"--seed {SEED}", "scenarios/proposal-2024-05-31.yaml", "SHA-256", "JNS"):
        assert "".join(words.split()) in unbroken, words
    assert sorted(p.rsplit("/", 1)[-1] for p in paths) == sorted(
        ["brief.pdf", "brief.html", "outcomes.svg", "states.svg", "fan.svg", "aid.svg", "drivers.svg"])


def test_no_code_name_or_key_path_on_any_page(pack):
    out, _ = pack
    for number, page in enumerate(page_texts(out / "brief.pdf"), start=1):
        page = FILE_NAMES.sub("", page)
        assert not SNAKE.findall(page), (number, SNAKE.findall(page))
        assert not DOTTED.search(page), (number, DOTTED.search(page))


def test_the_html_is_the_same_briefing_in_one_self_contained_file(pack):
    out, _ = pack
    html = (out / "brief.html").read_text(encoding="utf-8")
    assert html.count("<svg ") == 10 and "<text" in html  # charts inline (and 5 for a phone), their text kept as text
    assert '<table class="wide">' in html and '<table class="narrow">' in html and 'name="viewport"' in html
    named = re.findall(r'<svg role="img" aria-label="([^"]+)"', html)
    assert len(named) == 10 and all(len(name) > 20 for name in named)  # each chart named for screen readers
    assert "min-width:38rem" not in html  # charts scale to the screen
    for fetch in ("<script", "<link", "<img", " src=", "url(http", "@import"):
        assert fetch not in html  # nothing fetched
    for title in ("The bottom line", "What drives the result", "Methods"):
        assert f">{title}</h1>" in html


def long_named(tmp_path, count: int, name: str = "") -> list[str]:
    """``count`` scenario files extending shipped ones, each with a long name (or ``name``)."""
    bases = ["proposal-2024-05-31", "proposal-talks-stall", "proposal-mediator-pressure",
             "proposal-spoiler-campaign", "agreement-2025-01", "agreement-2025-01-no-talks"]
    files = []
    for i, base in enumerate(bases[:count]):
        path = tmp_path / f"long-{i}.yaml"
        title = name or f"Scenario {i + 1}: {base.replace('-', ' ')} with a long name that briefing staff might give it"
        path.write_text(f'version: 1\nextends: {SCENARIOS / base}.yaml\nname: "{title}"\n'
                        f'description: "{title} costs US$1.2bn and $0.8bn later"\n', encoding="utf-8")
        files.append(str(path))
    return files


def drawn_texts(fig) -> list:
    """(text, box in pixels) of every non-empty text the figure draws (a tick label outside the view is
    not drawn, though it exists)."""
    from matplotlib.text import Text

    found = []
    original = Text.draw

    def draw(self, renderer):
        original(self, renderer)
        if self.get_visible() and self.get_text().strip():
            found.append((self.get_text(), Text.get_window_extent(self, renderer)))  # an arrow is no text

    Text.draw = draw
    try:
        fig.canvas.draw()
    finally:
        Text.draw = original
    return found


def overlaps(a, b) -> bool:
    return a.x0 < b.x1 - 1 and b.x0 < a.x1 - 1 and a.y0 < b.y1 - 1 and b.y0 < a.y1 - 1


@pytest.fixture(scope="module")
def six(tmp_path_factory):
    """Six scenarios with long names, run once for every layout check."""
    from sim.analysis.runs import simulate
    from sim.scenario import load

    return simulate([load(f) for f in long_named(tmp_path_factory.mktemp("six"), 6)], SEED, 40)


@pytest.mark.parametrize("kind", ["states", "outcomes", "fan", "aid", "survival", "drivers"])
def test_six_long_named_scenarios_leave_no_text_overlapping_or_off_the_page(kind, six):
    from sim.analysis.drivers import swings
    from sim.analysis.measures import measure
    from sim.charts import drivers as drivers_chart
    from sim.charts.base import render
    from sim.words.drivers import Drivers

    runs = six
    if kind == "drivers":
        drivers = Drivers(runs[0], tuple(swings(runs[0].loaded, SEED, 40, measure="completed")), 40, measure("completed"))
        assert drivers.shown  # the pack draws the chart only when an input moves the measure
        fig = drivers_chart.chart(drivers)
    else:
        fig = render(kind, runs)
    drawn = drawn_texts(fig)
    page = fig.bbox
    boxes = drawn
    for text, box in boxes:
        assert page.x0 - 1 <= box.x0 and box.x1 <= page.x1 + 1 and page.y0 - 1 <= box.y0 and box.y1 <= page.y1 + 1, text
    for i, (text, box) in enumerate(boxes):
        for other, second in boxes[i + 1:]:
            assert not overlaps(box, second), (text, other)
    plt.close(fig)


def test_text_from_a_scenario_is_only_text(tmp_path):
    from sim.analysis.runs import simulate
    from sim.scenario import load

    runs = simulate([load(f) for f in long_named(tmp_path, 2, ODD_NAME)], SEED, 30)
    paths = write_brief(runs, str(tmp_path / "out"))
    text = " ".join(page_texts(tmp_path / "out" / "brief.pdf"))
    assert "US$1.2bn (about 50% of need) and $0.8bn_later [phase/one]" in text
    assert "$0.8bn_later" in (tmp_path / "out" / "brief.html").read_text(encoding="utf-8")
    assert len(paths) == 6


def test_brief_command_writes_pdf_and_html_the_same_bytes_on_rerun(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717113600")  # the child process inherits it
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        done = cli("brief", FILES[0], FILES[1], "--runs", "60", "--driver-runs", "20", "--out", out)
        assert done.returncode == 0, done.stderr
    for name in ("brief.pdf", "brief.html", "states.svg"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    # the page on what drives the result says which measure it shows: the default of sweep and the others
    assert "the share of runs that collapse during phase one" in (a / "brief.html").read_text(encoding="utf-8")
    pdf = PdfReader(a / "brief.pdf")
    assert "31 May 2024" in pdf.pages[0].extract_text()  # the pack's date, from SOURCE_DATE_EPOCH
    assert str(pdf.metadata.creation_date.date()) == "2024-05-31"


def test_brief_runs_the_simulations_once(tmp_path, monkeypatch):
    import sim.execution

    calls = []
    original = sim.execution.replications

    def counted(*args, **kwargs):
        calls.append(args[0].name)
        return original(*args, **kwargs)

    monkeypatch.setattr(sim.execution, "replications", counted)
    from sim.analysis.runs import simulate
    from sim.scenario import load

    runs = simulate([load(str(f)) for f in FILES[:2]], SEED, 20)
    write_brief(runs, str(tmp_path))
    assert len(calls) == 2  # once a scenario, reused by every chart


def test_brief_shows_what_drives_the_measure_asked_for_and_refuses_a_count(tmp_path):
    out = tmp_path / "reach"
    done = cli("brief", FILES[0], "--runs", "20", "--driver-runs", "10", "--measure", "reached:phase_two", "--out", out)
    assert done.returncode == 0, done.stderr
    assert "the share of runs that reach phase two" in (out / "brief.html").read_text(encoding="utf-8")
    for wrong, said in (("hostages_still_held", "shows a share of runs"), ("reached:phase_nine", "has no state")):
        done = cli("brief", FILES[0], "--runs", "20", "--measure", wrong, "--out", tmp_path / "no")
        assert done.returncode == 2 and said in done.stderr and "Traceback" not in done.stderr, done.stderr
        assert not (tmp_path / "no").exists()


def test_brief_into_a_file_exits_2_and_writes_nothing(tmp_path):
    target = tmp_path / "taken"
    target.write_text("x")
    done = cli("brief", FILES[0], "--runs", "10", "--out", target)
    assert done.returncode == 2 and "--out must be a folder" in done.stderr
    assert target.read_text() == "x" and len(list(tmp_path.iterdir())) == 1


def test_six_long_named_scenarios_fit_ten_pages_with_every_text_at_seven_points_or_more(six, tmp_path):
    """Charts are drawn to the room their page gives and set at their own size: never shrunk below 7 pt;
    six long-named scenarios with their assumption ranges and drivers hold in ten pages, a source line on each."""
    from matplotlib.text import Text

    from sim.analysis.drivers import swings
    from sim.analysis.spread import spread
    from sim.report.pack import CHART_WIDTH_CM, PAGE_HEIGHT_CM, draw_all
    from sim.words.drivers import Drivers
    from sim.words.findings import Findings, key_figures

    keys = [figure.key for figure in key_figures(six[0].machine)]
    spreads = [spread(r.loaded, SEED, 40, keys) for r in six]
    charts = draw_all(six, Findings(six, spreads=spreads))
    for name, chart in charts.items():
        sizes = [t.get_fontsize() for t in chart.figure.findobj(Text) if t.get_text().strip()]
        assert min(sizes) >= 7, name
        assert CHART_WIDTH_CM * chart.size[1] / chart.size[0] <= PAGE_HEIGHT_CM + 0.01, name  # set at its size
        plt.close(chart.figure)
    drivers = Drivers(six[0], tuple(swings(six[0].loaded, SEED, 20, budget=400)), 20)
    write_brief(six, str(tmp_path), drivers, spreads=spreads)
    pages = page_texts(tmp_path / "brief.pdf")
    assert len(pages) <= 10
    assert all("Source: ceasefire-sim" in page for page in pages)
    assert "over its assumptions" in pages[0] and "Two kinds of range" in pages[0]
    assert all(len(page) > 400 for page in pages)  # no near-blank page


def test_a_second_stage_continues_the_first_runs_and_the_screened_swings_keep_to_their_budget():
    """``many(..., start=k)`` makes replications k.. exactly as one call from 0 would, so the drivers' second
    stage adds runs to the first instead of making new ones; screened, the swings cost at most the budget."""
    from sim.analysis.drivers import swings
    from sim.execution import many
    from sim.scenario import load

    loaded = load(FILES[0])
    whole = [r for _, r in many([loaded.scenario], SEED, 8)]
    later = [r for _, r in many([loaded.scenario], SEED, 5, start=3)]
    assert [r.replication for r in later] == [3, 4, 5, 6, 7]
    assert [(r.final_state, r.entered) for r in later] == [(r.final_state, r.entered) for r in whole[3:]]
    found = swings(loaded, SEED, 60, budget=3000)
    assert 2 * sum(s.runs for s in found) <= 3000
    assert {s.runs for s in found} == {20, 60}  # a first pass of the fewest runs, the inputs that moved most further
    assert max(found, key=lambda s: s.size).runs == 60

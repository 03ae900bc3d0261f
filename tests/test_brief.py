"""The briefing pack: pages, their text, the PNGs beside it, one run of the simulations."""

from __future__ import annotations

from pypdf import PdfReader

from sim.report import CHARTS, write_brief

from .charting import FILES, RUNS, SEED, one, several  # noqa: F401 (fixtures)
from .conftest import cli


def test_brief_has_cover_a_page_a_chart_and_methods(several, tmp_path):  # noqa: F811
    paths = write_brief(several, str(tmp_path))
    pdf = PdfReader(tmp_path / "brief.pdf")
    # cover, a page a chart (the machine: a page a scenario), methods
    assert len(pdf.pages) == 1 + (len(CHARTS) - 1) + len(several) + 1
    cover = pdf.pages[0].extract_text()
    assert "Ceasefire scenarios: briefing" in cover and "What each scenario assumes" in cover
    for r in several:
        assert r.name in cover and " ".join(r.scenario.description.split())[:40] in " ".join(cover.split())
    completed = sum(x.final_state == "completed" for x in several[0].records) / RUNS
    assert f"{completed * 100:.1f}%" in cover  # a key figure of the table
    titles = ["How the runs end", "How long the ceasefire holds", "Timeline of one run",
              "Hostages still held and prisoners released", "Aid trucks entered", "The phase machine"]
    for page, title in zip(pdf.pages[1:-1], titles):
        assert title in page.extract_text()
    for page, r in zip(pdf.pages[-1 - len(several):-1], several):
        assert "The phase machine" in page.extract_text() and r.name in page.extract_text()
    methods = " ".join(pdf.pages[-1].extract_text().split())
    for words in ("Methods", "Model", "Assumptions", f"seed {SEED}", "ceasefire-sim 0.1.0", "JNS, 3 June 2024",
                  "common random numbers"):
        assert words in methods, words
    assert sorted(p.rsplit("/", 1)[-1] for p in paths) == sorted(["brief.pdf", *(f"{k}.png" for k in CHARTS)])
    for kind in CHARTS:
        assert (tmp_path / f"{kind}.png").read_bytes().startswith(b"\x89PNG")


def test_brief_runs_the_simulations_once(several, tmp_path, monkeypatch):  # noqa: F811
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


def test_brief_command_and_same_bytes_with_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717113600")  # the child process inherits it
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        done = cli("brief", FILES[0], "--runs", "30", "--out", out)
        assert done.returncode == 0, done.stderr
    assert (a / "brief.pdf").read_bytes() == (b / "brief.pdf").read_bytes()
    assert (a / "timeline.png").read_bytes() == (b / "timeline.png").read_bytes()
    assert "2024-05-31" in PdfReader(a / "brief.pdf").pages[0].extract_text()  # the footer's date


def test_brief_into_a_file_exits_2_and_writes_nothing(tmp_path):
    target = tmp_path / "taken"
    target.write_text("x")
    done = cli("brief", FILES[0], "--runs", "10", "--out", target)
    assert done.returncode == 2 and "--out must be a folder" in done.stderr
    assert target.read_text() == "x" and len(list(tmp_path.iterdir())) == 1

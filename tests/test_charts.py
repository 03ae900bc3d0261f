"""Each chart kind, for one and several scenarios: what it shows, not only that a file exists."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.patches import Rectangle

from sim.analysis.survival import ceasefire_durations, kaplan_meier
from sim.charts.base import KINDS, render
from sim.charts.style import STATE_COLOURS, save
from sim.machine import FRAME_LABELS, machine_of
from sim.words.findings import Findings

from .charting import FILES, RUNS, SEED, one, several  # noqa: F401 (fixtures)
from .conftest import cli


def texts(fig) -> str:
    """Every piece of text on the figure (titles, labels, ticks, legends, annotations)."""
    found = [t.get_text() for t in fig.findobj(plt.Text)]
    return "\n".join(found)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("count", ["one", "several"])
def test_every_chart_has_title_subtitle_labels_and_footer(kind, count, one, several, tmp_path):  # noqa: F811
    runs = one if count == "one" else several
    findings = Findings(runs)
    fig = render(kind, runs, findings)
    words = texts(fig)
    assert fig.texts[0].get_text().replace("\n", " ") == findings.title(kind)  # the finding, as title
    for r in runs:
        assert r.name in words.replace("\n", " ")  # every scenario is named
    assert f"{RUNS:,} runs" in words.replace("\n", " ")
    assert "Sources: " in words and "ceasefire-sim" in words  # the footer
    if kind != "diagram":
        assert any(ax.get_xlabel() for ax in fig.axes) and any(ax.get_ylabel() or ax.get_yticklabels()
                                                               for ax in fig.axes)
    path = tmp_path / f"{kind}.svg"
    save(fig, str(path))
    assert path.read_text().startswith("<?xml")


def test_outcome_bars_are_the_shares_of_runs(several):  # noqa: F811
    fig = render("outcomes", several)
    ax = fig.axes[0]
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    for row, r in zip(range(len(several) - 1, -1, -1), several):
        widths = {}
        for bar in bars:
            if abs(bar.get_y() + bar.get_height() / 2 - row) < 1e-9:
                widths[bar.get_label()] = bar.get_width()
        expected = {FRAME_LABELS[s]: 100 * sum(x.final_state == s for x in r.records) / RUNS
                    for s in ("completed", "collapsed", "rejected")}
        for label, share in expected.items():
            assert widths.get(label, 0.0) == pytest.approx(share)
        assert sum(widths.values()) == pytest.approx(100)
    collapsed = next(b for b in bars if b.get_label() == "Collapsed")
    assert collapsed.get_facecolor()[:3] == pytest.approx(plt.matplotlib.colors.to_rgb(STATE_COLOURS["collapsed"]))
    assert collapsed.get_hatch()  # legible in grey


def test_kaplan_meier_matches_a_hand_computation():
    # times 2 (event), 3 (censored), 4 (event), 4 (event), 6 (censored), 8 (event)
    curve = kaplan_meier([2, 3, 4, 4, 6, 8], [True, False, True, True, False, True])
    # S(2) = 5/6; at 4, 4 at risk, 2 die: S = 5/6 * 2/4; at 8, 1 at risk, 1 dies: 0
    assert curve.times.tolist() == [0, 2, 4, 8]
    assert curve.survival == pytest.approx([1, 5 / 6, 5 / 12, 0])
    assert curve.at(3.5) == pytest.approx(5 / 6) and curve.at(4) == pytest.approx(5 / 12)
    assert [curve.at_risk(d) for d in (0, 3, 5, 9)] == [6, 5, 2, 0]


def test_survival_chart_draws_the_kaplan_meier_curve_and_numbers_at_risk(one):  # noqa: F811
    fig = render("survival", one)
    ax = fig.axes[0]
    line = ax.get_lines()[0]
    durations, observed = ceasefire_durations(one[0])
    curve = kaplan_meier(durations, observed)
    assert line.get_ydata()[:-1] == pytest.approx(curve.survival * 100)
    band = ax.collections[0].get_paths()[0].vertices[:, 1]  # the Greenwood band, shaded under the line
    assert band.min() == pytest.approx(curve.lower.min() * 100)
    assert band.max() == pytest.approx(curve.upper.max() * 100) and curve.upper.max() > curve.lower.min()
    assert ax.get_ylabel() == "Ceasefires still holding (%)"
    at_risk = [t.get_text() for t in fig.axes[1].texts]
    assert str(len(durations)) in at_risk  # day 0: every run in which the ceasefire began
    # every run that did not collapse is censored, not an event
    assert observed.sum() == sum("collapsed" in r.entered and "phase_one" in r.entered for r in one[0].records)


def test_fan_splits_the_runs_by_how_they_end(one):  # noqa: F811
    from sim.analysis.compare import ending_of
    from sim.charts.fan import SMALLEST_GROUP
    from sim.results.series import still_held

    fig = render("fan", one)
    held_ax = fig.axes[0]
    records = one[0].records
    days = np.arange(one[0].scenario.horizon_days + 1, dtype=float)
    endings = sorted({ending_of(r.final_state) for r in records},
                     key=lambda e: -sum(ending_of(r.final_state) == e for r in records))
    drawn = [e for e in endings if sum(ending_of(r.final_state) == e for r in records) >= SMALLEST_GROUP * RUNS]
    bands = [c for c in held_ax.collections if not c.get_hatch()]  # the hatched overlays are for grey print
    assert len(held_ax.get_lines()) == len(bands) == len(drawn) >= 2  # a line and a band an ending
    assert any(c.get_hatch() for c in held_ax.collections)  # the endings tell apart in grey
    for line, ending in zip(held_ax.get_lines(), drawn):
        group = [r for r in records if ending_of(r.final_state) == ending]
        assert line.get_ydata() == pytest.approx(np.median(still_held(group, days), axis=0))
    assert "Ended: collapsed" in texts(fig)


def test_several_scenarios_get_a_panel_each_with_the_target(several):  # noqa: F811
    fig = render("aid", several)
    panels = [ax for ax in fig.axes if ax.get_title(loc="left")]
    assert len(panels) == len(several)
    assert several[1].name in panels[1].get_title(loc="left").replace("\n", " ")
    bands = [c for c in panels[1].collections if not c.get_hatch()]
    assert len(panels[1].get_lines()) == len(bands) + 1  # a median an ending, and the target
    target = panels[1].get_lines()[-1].get_ydata()
    assert target[0] == target[-1]  # the target as a rate: a level line, not a year's total


def test_state_shares_add_up_to_every_run_on_every_day(several):  # noqa: F811
    from sim.charts.states import shares_by_day, stack_order
    machine = several[0].machine
    assert sorted(stack_order(machine)) == sorted(machine.state_names)  # every state of the deal, none hard-coded
    days, shares = shares_by_day(several[0])
    assert sum(shares.values()) == pytest.approx(np.ones(len(days)))
    completed = sum(r.final_state == "completed" for r in several[0].records) / RUNS
    assert shares["completed"][-1] == pytest.approx(completed)
    fig = render("states", several)
    assert len([ax for ax in fig.axes if ax.get_visible() and ax.get_title(loc="left")]) == len(several)


def test_timeline_bars_follow_the_run_told(one):  # noqa: F811
    from sim.analysis.runs import segments

    fig = render("timeline", one)
    k = one[0].told.replication
    assert one[0].told.events  # told in full
    words = texts(fig).replace("\n", " ")
    assert f"Run number {k} " in words and "not a typical run" in words
    record = one[0].records[k]
    drawn = [c for c in fig.axes[0].collections if type(c).__name__ == "PolyCollection"]
    lasting = [s for s in segments(record, one[0].scenario.horizon_days) if s[2] > s[1] or s[0] == record.final_state]
    assert len(drawn) == len(lasting)
    from sim.charts.timeline import MARKERS, event_days

    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    drawn_kinds = [MARKERS[kind][3] for kind, days in event_days(one[0].told).items() if days]
    assert "Release" in drawn_kinds and [label for label in legend if label in
                                         {m[3] for m in MARKERS.values()}] == drawn_kinds  # only what is drawn


def test_diagram_shows_every_state_and_the_share_of_each_transition(one):  # noqa: F811
    from sim.charts.diagram import draw_machine, transition_counts

    fig, ax = plt.subplots()
    machine = one[0].machine
    labels = draw_machine(ax, machine, one[0])
    counts = transition_counts(one[0].records)
    share = sum(n for (s, d, _), n in counts.items() if (s, d) == ("proposed", "phase_one")) / RUNS
    assert labels[("proposed", "phase_one")] == f"{share:.0%}"
    words = texts(fig)
    for label in machine.labels.values():
        assert label in words
    assert {(t.source, t.dest) for t in machine.transitions} == set(labels)


def test_chart_command_writes_the_image_its_extension_asks_for(tmp_path):
    out = tmp_path / "charts" / "survival.pdf"
    done = cli("chart", *FILES[:2], "--kind", "survival", "--runs", "30", "--out", out)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")


def test_same_inputs_give_the_same_image_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717113600")
    from sim.analysis.runs import simulate
    from sim.scenario import load

    paths = []
    for name in ("a.png", "b.png"):
        runs = simulate([load(str(FILES[0]))], 1, 30)
        save(render("outcomes", runs), str(tmp_path / name))
        paths.append(tmp_path / name)
    assert paths[0].read_bytes() == paths[1].read_bytes()


@pytest.mark.parametrize("args, message", [
    (["--kind", "fam", "--out", "x.png"], "--kind: 'fam' is not a chart kind; did you mean 'fan'?"),
    (["--kind", "fan", "--out", "x.jpg"], "x.jpg: --out must end in .png, .svg or .pdf"),
])
def test_bad_chart_options_exit_2_with_one_line_and_write_nothing(args, message, tmp_path):
    done = cli("chart", FILES[0], *args, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().startswith(message) and len(done.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.iterdir())


def test_diagram_command_prints_mermaid_and_dot_from_the_scenarios_machine(tmp_path):
    from sim.charts.machine_text import dot, mermaid
    from sim.scenario import load

    machine = machine_of(load(str(FILES[0])).scenario)
    done = cli("diagram", FILES[0])
    assert done.returncode == 0 and done.stdout == mermaid(machine)
    assert done.stdout.startswith("stateDiagram-v2") and "```" not in done.stdout
    for state, label in machine.labels.items():
        assert f"{state}: {label}" in done.stdout
    assert cli("diagram", FILES[0], "--out", tmp_path / "m.dot").returncode == 0
    assert (tmp_path / "m.dot").read_text() == dot(machine)
    assert cli("diagram", FILES[0], "--format", "png", "--out", tmp_path / "m.png").returncode == 0
    assert (tmp_path / "m.png").read_bytes().startswith(b"\x89PNG")


def test_timeline_of_a_given_replication_is_that_run_told_in_full():
    from sim.analysis.runs import simulate
    from sim.engine import Engine
    from sim.scenario import load

    runs = simulate([load(str(FILES[0]))], SEED, 20, tell=3)
    assert runs[0].told.events == Engine(runs[0].scenario).replicate(SEED, 3, keep_events=True).events
    fig = render("timeline", runs)
    words = texts(fig).replace("\n", " ")
    assert "Run number 3 " in words and "(run 3)" in words


def test_replication_is_refused_for_other_kinds_and_out_of_range(tmp_path):
    done = cli("chart", FILES[0], "--kind", "fan", "--replication", "2", "--out", tmp_path / "x.png")
    assert done.returncode == 2 and done.stderr.startswith("--replication: only the timeline")
    done = cli("chart", FILES[0], "--kind", "timeline", "--runs", "5", "--replication", "9", "--out", tmp_path / "x.png")
    assert done.returncode == 2 and "not one of the 5 runs" in done.stderr
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("command", ["compare", "chart", "brief", "diagram"])
def test_every_command_has_help_with_an_example(command):
    from typer.testing import CliRunner

    from sim.cli import app

    done = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert done.exit_code == 0 and "Example" in done.output and f"ceasefire-sim {command}" in done.output


def test_the_command_line_starts_without_matplotlib():
    import subprocess
    import sys

    code = "import sys, sim.cli; print('matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_scenario_colours_never_read_as_a_state():
    from matplotlib.colors import to_rgb

    from sim.charts.style import EXTENDED_COLOUR, PHASE_COLOURS, SERIES_COLOURS

    def apart(a: str, b: str) -> float:
        return sum((x - y) ** 2 for x, y in zip(to_rgb(a), to_rgb(b))) ** 0.5

    states = [*STATE_COLOURS.values(), *PHASE_COLOURS, EXTENDED_COLOUR]
    assert min(apart(s, t) for s in SERIES_COLOURS[:6] for t in states) >= 0.3  # six scenarios, all clear of states


def test_tornado_names_inputs_in_words(tmp_path, proposal):
    """The sensitivity command's tornado and the pack's drivers page name an input in the same words."""
    from sim.analysis.drivers import Swing
    from sim.analysis.measures import STANDARD, measure
    from sim.analysis.variants import uncertain_inputs
    from sim.charts.tornado import tornado
    from sim.words.drivers import Drivers

    hamas = next(i for i in uncertain_inputs(proposal) if i.name == "acceptance.parties[1].accepts")
    row = {"input": hamas.name, "label": hamas.label, "low": hamas.low, "high": hamas.high, "own": hamas.own,
           **{f"{m}_{k}": v for m in STANDARD for k, v in (("base", 0.3), ("at_low", 0.2), ("at_high", 0.4),
                                                             ("swing", 0.2), ("noise", 0.02))}}
    tornado([row], measure(STANDARD[0]), "a subtitle", ["a source"], str(tmp_path / "t.svg"))
    drawn = (tmp_path / "t.svg").read_text()
    runs = type("R", (), {"loaded": proposal, "name": proposal.scenario.name, "machine": machine_of(proposal.scenario)})()
    words = Drivers(runs, (Swing(hamas, 0.2, 0.4, 0.2, 0.1, 0.3),), 100).label(Swing(hamas, 0.2, 0.4, 0.2, 0.1, 0.3))
    assert "chance that Hamas accepts" in drawn and "acceptance.parties" not in drawn
    assert words.lower() == hamas.label.lower() == "chance that hamas accepts"

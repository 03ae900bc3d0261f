"""Input built to break the reader: each is refused with one located line, quickly, before any run."""

from __future__ import annotations

import os

import pytest

from sim.replay import RecordError, load_record
from sim.scenario import ScenarioError, load, yaml_source

from .conftest import PROPOSAL, SCENARIOS, SHIPPED, cli
from .test_scenario_errors import EXTENDS, problems

RECORD = SCENARIOS / "records" / "record-2025-01-to-03.csv"
AGREEMENT = SCENARIOS / "agreement-2025-01.yaml"


@pytest.mark.parametrize("text, expected", [
    ("a: " + "[" * 50 + "]" * 50 + "\n", "s.yaml:1:43: nested deeper than 40 levels"),
    ("a: " + "[" * 3000 + "]" * 3000 + "\n", "nested deeper than 40 levels"),
    ("a:\n" + "".join("  " * i + "- \n" for i in range(1, 600)), "nested deeper than 40 levels"),
    (EXTENDS + "seed: " + "9" * 5000 + "\n", "s.yaml:3:7: seed: a number of 5,000 characters"),
    (EXTENDS + 'name: "a\\0b"\n', "s.yaml:3:7: name: the text holds the control character U+0000"),
    (EXTENDS + "name: a\x0cb\n", "s.yaml:3:8: the character U+000C is not allowed in YAML"),
    (EXTENDS + "start_date: 2025-02-30\n", "s.yaml:3:13: start_date: '2025-02-30' is not a date in the calendar"),
    (EXTENDS + "start_date: 2025-13-01\n", "s.yaml:3:13: start_date: '2025-13-01' is not a date in the calendar"),
    (EXTENDS + "start_date: 9999-12-30\n", "s.yaml:3:13: start_date: give a date from 1900 to 2100"),
    (EXTENDS + "events:\n  - {kind: resume_aid, date: 9999-12-31}\n", "events[0].date: give a date from 1900 to 2100"),
    (EXTENDS + "aid: {target_trucks_per_day: 1e9}\n", "aid.target_trucks_per_day: the value must be between 0 and 1,000,000, not 1,000,000,000"),
    (EXTENDS + "incidents: {rate_per_day: {phase_one: 1000000}}\n",
     "incidents.rate_per_day.phase_one: the value must be between 0 and 5"),
    (EXTENDS + "events:\n  - {kind: incident, day: 1, severity: 1.0e+308}\n", "events[0].severity: the value must be between 0"),
    (f"extends: {PROPOSAL}\nversion: true\n", "s.yaml:2:10: version: give the number 1, not true"),
    (EXTENDS + "phases:\n  phase_one:\n    exchanges: {batches: true}\n", "phases.phase_one.exchanges.batches: write a whole number here, e.g. 400, not true"),
    (EXTENDS + "acceptance:\n  parties:\n    - {name: A}\n    - {name: A}\n",
     "s.yaml:6:14: acceptance.parties[1].name: 'A' is already item 0 of this list"),
    (EXTENDS + "mediators:\n  - {name: Egypt}\n  - {name: Egypt}\n", "s.yaml:5:12: mediators[1].name: 'Egypt' is already item 0"),
    (EXTENDS + "phases:\n  phase_one:\n    exchanges:\n      prisoners_per_hostage: {nobody: 3}\n",
     "phases.phase_one.exchanges.prisoners_per_hostage.nobody: unknown hostage category 'nobody'"),
    (EXTENDS + "horizon_days: 1_0\n", "s.yaml:3:15: horizon_days: '1_0' is not a number as written: write 10"),
    (EXTENDS + "start_date: 0\n", "s.yaml:3:13: start_date: write a date as YYYY-MM-DD, e.g. 2024-05-31, not 0"),
    (EXTENDS + "uncertain:\n  talks.duraton_days: null\n",
     "s.yaml:4:3: uncertain.talks.duraton_days: talks has no key 'duraton_days'; did you mean 'duration_days'?"),
    (EXTENDS + 'hostages:\n  living:\n    "wom\\e]0;x\\aen": 3\n',
     "s.yaml:5:5: hostages.living: a key holds the control character U+001B; remove it"),
])
def test_hostile_scenarios_get_one_located_line(tmp_path, text, expected):
    found = problems(tmp_path, text)
    assert expected in found[0], found


def test_1e6_is_read_as_a_number(tmp_path):
    file = tmp_path / "s.yaml"
    file.write_text(EXTENDS + "aid: {target_trucks_per_day: 1e3}\n")
    assert load(str(file)).scenario.aid.target_trucks_per_day == 1000.0


@pytest.mark.parametrize("target, expected", [
    ("../../../../etc/passwd", "ending in .yaml or .yml"),
    ("/proc/meminfo", "ending in .yaml or .yml"),
    ("fifo.yaml", "not a regular file"),
])
def test_extends_stays_home(tmp_path, monkeypatch, target, expected):
    home = tmp_path / "home"
    home.mkdir()
    (tmp_path / "outside.yaml").write_text(PROPOSAL.read_text())
    os.symlink(tmp_path / "outside.yaml", home / "link.yaml")
    os.mkfifo(home / "fifo.yaml")
    monkeypatch.chdir(home)
    with pytest.raises(ScenarioError) as caught:
        (home / "s.yaml").write_text(f"version: 1\nextends: {target}\n")
        load(str(home / "s.yaml"))
    (problem,) = caught.value.problems
    assert (problem.mark.line, problem.mark.column, problem.path) == (2, 10, ("extends",))
    assert expected in problem.message


@pytest.mark.parametrize("target", ["../outside.yaml", "link.yaml"])
def test_extends_follows_one_rule_wherever_the_command_runs(tmp_path, monkeypatch, target):
    """The path is relative to the file that names it, from its own folder, the one above or anywhere."""
    home = tmp_path / "home"
    home.mkdir()
    (tmp_path / "outside.yaml").write_text(PROPOSAL.read_text())
    os.symlink(tmp_path / "outside.yaml", home / "link.yaml")
    (home / "s.yaml").write_text(f"version: 1\nextends: {target}\nname: mine\n")
    for where in (home, tmp_path, SCENARIOS):
        monkeypatch.chdir(where)
        assert load(str(home / "s.yaml")).scenario.name == "mine"


@pytest.mark.parametrize("target", ["/dev/urandom", "/dev/zero", "/proc/self/environ", "/proc/kmsg", "fifo"])
def test_main_files_are_regular_files_only(tmp_path, target):
    if target == "fifo":
        target = str(tmp_path / "fifo")
        os.mkfifo(target)
    with pytest.raises(ScenarioError) as caught:
        load(target)
    (problem,) = caught.value.problems
    assert (problem.mark.file, problem.mark.line, problem.mark.column) == (target, 1, 1)


def record_with(tmp_path, row: str) -> str:
    file = tmp_path / "r.csv"
    file.write_text("date,event,hostages,remains,prisoners,aid_trucks,state,note,source\n" + row + "\n")
    return str(file)


def test_a_count_of_400_digits_is_located(tmp_path):
    with pytest.raises(RecordError) as caught:
        load_record(record_with(tmp_path, "2025-01-19,release," + "9" * 400 + ",,,,,,x"))
    assert str(caught.value.problems[0]).startswith(f"{tmp_path}/r.csv:2:20: hostages: ")


@pytest.mark.parametrize("date, why", [("2026-06-01", "past the scenario's horizon"),
                                       ("2024-01-01", "before the scenario's start_date")])
def test_record_dates_outside_the_scenario_are_refused_before_any_run(tmp_path, date, why):
    done = cli("replay", AGREEMENT, record_with(tmp_path, f"{date},aid,,,,600,,,x"), "--runs", "1000000")
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"{tmp_path}/r.csv:2:1: date: {date} is {why}")


@pytest.mark.parametrize("rows", [
    '2025-01-30,release,3,0,110,,","a note,x\n2025-02-01,aid,,,,600,,"x",y,z,w',  # a quote left open to the end
    "2025-01-19,aid,,,,600,,a\x0cnote,x\n2025-01-19,aid,,,,600,,,",  # a form feed: not a line end for CSV
])
def test_record_rows_that_confuse_line_counting_are_located(tmp_path, rows):
    with pytest.raises(RecordError) as caught:
        load_record(record_with(tmp_path, rows))
    assert all(problem.mark.line >= 2 for problem in caught.value.problems)


READER_CASES = [
    "name: a\n  b: c\n",  # bad indentation
    "name: [a, b\nseed: 1\n",  # unclosed flow sequence
    "name: a\n\tseed: 1\n",  # a tab where indentation is read
    'name: "abc\n',  # unclosed quote
    "name: é\x07x\n",  # a control character after a two-byte one: the column counts characters
    "talks:\n  note: ü€\x0b\n",  # the same on a later line
    "a: &x 1\nb: *y\n",  # an unknown alias
    "a: " + "[" * 50 + "]" * 50 + "\n",  # nesting refused while composing
    "a: 1e6\nb: 1.5e-3\nc: 0x1F\nd: 2025-01-19\ne: ~\nf: yes\n",  # what each plain value reads as
]


@pytest.mark.skipif(not hasattr(yaml_source, "_LibyamlLoader"), reason="PyYAML built without libyaml")
@pytest.mark.parametrize("text", READER_CASES + [path.read_text() for path in SHIPPED])
def test_libyaml_and_pythons_own_reader_agree(tmp_path, monkeypatch, text):
    """Events come from libyaml when PyYAML has it, else from PyYAML's own parser: the same file
    gives the same data and positions, or the same located problem, either way."""
    file = tmp_path / "s.yaml"
    file.write_text(text)
    read = {}
    for loader in (yaml_source._PythonLoader, yaml_source._LibyamlLoader):
        monkeypatch.setattr(yaml_source, "_Loader", loader)
        try:
            data, positions, _ = yaml_source.read_yaml(str(file))
            read[loader] = (data, positions.keys, positions.values)
        except ScenarioError as error:  # the two word YAML's syntax errors each their own way
            read[loader] = [str(problem).partition(" invalid YAML: ")[0] for problem in error.problems]
    assert read[yaml_source._PythonLoader] == read[yaml_source._LibyamlLoader]


# -- issue 23: what the fuzzer did not reach -----------------------------------------------------

PLAN = SCENARIOS / "plan-2025-10.yaml"
OCTOBER = SCENARIOS / "records" / "record-2025-10-to-11.csv"


def invoke(*args):
    """The command in this process: (exit code, stdout, stderr); a traceback fails the test."""
    from typer.testing import CliRunner

    from sim.cli import app

    result = CliRunner().invoke(app, list(map(str, args)), env={"COLUMNS": "200"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def test_running_totals_are_read_on_the_days_asked_for():
    """`total` rows after the record's first day: the forecast asks only for its as-of days."""
    import numpy as np

    from sim.replay.fit import observed

    history = load_record(str(OCTOBER))
    seen = observed(history, history.first_date, np.array([17.0, 20.0, 25.0]))
    assert seen["remains_returned"][0] == 16 and np.isnan(seen["remains_returned"][1])
    assert seen["remains_returned"][2] == 21


@pytest.mark.parametrize("as_of", ["2025-10-27", "2025-11-04"])
def test_forecast_runs_on_the_october_2025_record(as_of):
    done = invoke("forecast", PLAN, OCTOBER, "--as-of", as_of, "--runs", "40", "--points", "2", "--jobs", "1")
    assert done.exit_code == 0, done.output


DISTRIBUTIONS = ["0.1", "{uniform: [0.05, 0.2]}", "{triangular: [0.05, 0.1, 0.2]}", "{normal: {mean: 0.1, sd: 0.02}}",
                 "{lognormal: {median: 0.1, sigma: 0.3}}", "{choice: [0.05, 0.1]}", "{exponential: {mean: 0.1}}"]


@pytest.mark.parametrize("value", DISTRIBUTIONS)
def test_tension_decay_may_be_a_distribution(tmp_path, value):
    file = tmp_path / "s.yaml"
    file.write_text(EXTENDS + f"incidents: {{tension_decay_per_day: {value}}}\n")
    done = invoke("run", file, "--runs", "5", "--jobs", "1")
    assert done.exit_code == 0, done.output



def test_a_note_as_long_as_the_file_allows_is_read(tmp_path):
    note = "n" * 200_000
    history = load_record(record_with(tmp_path, f'2025-01-19,aid,,,,600,,"{note}",x'))
    assert history.rows[0].note == note


@pytest.mark.parametrize("rows, expected", [
    ("2025-01-19,total,3,,,,,,x\n2025-01-26,total,2,,,,,,x", "r.csv:3:18: hostages: 2 is fewer than the 3 of the total on 2025-01-19; a running total never goes down"),
    ("2025-01-19,phase,,,,,completed,,x\n2025-01-26,phase,,,,,phase_one,,x",
     "r.csv:3:22: state: 'phase_one' cannot follow 'completed' (line 2): the deal had ended"),
    ("2025-01-19,aid,,,,1_0,,,x", "r.csv:2:19: aid_trucks: '1_0' is not a number"),
    ("2025-01-19,release,1_0,,,,,,x", "r.csv:2:20: hostages: '1_0' is not a whole number"),
    ("2025-01-19,aid,,,,600,,a\x1b]0;title\x07b,x", "r.csv:2:24: note: the text holds the control character U+001B; remove it"),
    ("2025-01-19,phase,,,,,\x1b[2J,,x", "r.csv:2:22: state: the text holds the control character U+001B; remove it"),
])
def test_nonsense_in_a_record_is_refused(tmp_path, rows, expected):
    with pytest.raises(RecordError) as caught:
        load_record(record_with(tmp_path, rows))
    assert str(caught.value.problems[0]).replace(f"{tmp_path}/", "") == expected


def test_a_record_dated_in_the_future_is_refused(tmp_path):
    import datetime as dt

    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(RecordError) as caught:
        load_record(record_with(tmp_path, f"{tomorrow},aid,,,,600,,,x"))
    assert f"r.csv:2:1: date: {tomorrow} is in the future" in str(caught.value.problems[0])


def test_control_characters_never_reach_the_terminal(tmp_path):
    """Whatever a file or an argument holds, a line printed for it shows its control characters escaped."""
    name = tmp_path / "a\x1b]0;pwned\x07b.yaml"
    done = cli("validate", name)
    assert done.returncode == 2 and "\x1b" not in done.stderr and "\x07" not in done.stderr
    assert "a\\x1b]0;pwned\\x07b.yaml" in done.stderr


@pytest.mark.parametrize("command", ["compare", "sweep"])
def test_a_formula_never_starts_a_csv_cell(tmp_path, command):
    file = tmp_path / "s.yaml"
    file.write_text(EXTENDS + "name: \"=cmd|' /C calc'!A0\"\n")
    extra = [PROPOSAL] if command == "compare" else ["--param", "incidents.breaking_point=4:6:2"]
    done = invoke(command, file, *extra, "--runs", "5", "--jobs", "1", "--out", tmp_path / "out")
    assert done.exit_code == 0, done.output
    for csv_file in (tmp_path / "out").glob("*.csv"):
        text = csv_file.read_text()
        assert "=cmd" not in text.replace("'=cmd", ""), text


def test_api_compare_refuses_no_runs():
    from sim import api

    with pytest.raises(ValueError, match="runs"):
        api.compare([str(PROPOSAL)], runs=0)


@pytest.fixture(scope="module", params=["Proposal " * 55, "W" * 500], ids=["words", "one-word"])
def wordy(tmp_path_factory, request):
    """Runs of a scenario with a 500-character name (of words, or one word of wide letters) that cites a
    source with a 10,000-character title."""
    from sim.analysis.runs import simulate

    folder = tmp_path_factory.mktemp("wordy")
    file = folder / "s.yaml"
    file.write_text(EXTENDS + f"name: {request.param}\nsources:\n  - id: s1\n    title: {'word ' * 2000}\n"
                    "    where: a long report\n")
    return simulate([load(str(file))], 11, 20), file


@pytest.mark.parametrize("kind", [
    "states", "outcomes", "fan", "aid", "survival", "timeline", "diagram"])
def test_long_names_and_titles_fit_every_chart(wordy, kind):
    import matplotlib.pyplot as plt

    from sim.charts.base import render

    from .test_brief import drawn_texts

    fig = render(kind, wordy[0])
    page = fig.bbox
    for text, box in drawn_texts(fig):
        assert page.x0 - 1 <= box.x0 and box.x1 <= page.x1 + 1 and page.y0 - 1 <= box.y0 and box.y1 <= page.y1 + 1, text
    plt.close(fig)


def test_long_names_and_titles_make_a_brief(wordy, tmp_path):
    from sim.report import write_brief

    import pdfplumber

    paths = write_brief(wordy[0], str(tmp_path / "out"))
    assert (tmp_path / "out" / "brief.pdf").exists() and len(paths) > 2
    with pdfplumber.open(tmp_path / "out" / "brief.pdf") as pdf:
        for number, page in enumerate(pdf.pages, 1):
            off = "".join(c["text"] for c in page.chars if c["x0"] < 0 or c["x1"] > page.width or c["bottom"] > page.height)
            assert not off, f"page {number}: {off[:40]!r} runs off the page"

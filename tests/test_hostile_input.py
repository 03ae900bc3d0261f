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


@pytest.mark.parametrize("date, why", [("9999-12-31", "past the scenario's horizon"),
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

"""Bad scenario files: each gets one clear, located line, exit code 2, and nothing is written."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from sim.cli import app
from sim.scenario import ScenarioError, load

from .conftest import PROPOSAL, cli

EXTENDS = f"version: 1\nextends: {PROPOSAL}\n"


def problems(tmp_path, text: str | bytes, name: str = "s.yaml") -> list[str]:
    file = tmp_path / name
    file.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(ScenarioError) as caught:
        load(str(file))
    return [str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems]


@pytest.mark.parametrize("text, expected", [
    ("", "s.yaml:1:1: the file is empty; start from a file in scenarios/"),
    ("a: [1, 2\n", "s.yaml:2:1: invalid YAML:"),
    ("- 1\n- 2\n", "s.yaml:1:1: a scenario is a mapping of keys"),
    ("a: 1\na: 2\n", "s.yaml:2:1: a: this key is written twice (first on line 1); keep one"),
    ("!!python/object/apply:os.system ['echo hi']\n", "s.yaml:1:1: the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
    ("a: !!binary aGk=\n", "s.yaml:1:4: a: the YAML tag 'tag:yaml.org,2002:binary' is not allowed"),
    ("base: &b {x: 1}\nother:\n  <<: *b\n", "s.yaml:3:3: other: YAML merge keys ('<<') are not supported; use `extends`"),
    (EXTENDS + "horizon_days: abc\n", "s.yaml:3:15: horizon_days: write a whole number here, e.g. 400, not 'abc'"),
    (EXTENDS + "horizon_days: 5000\n", "s.yaml:3:15: horizon_days: the value must be at most 3,650, not 5000"),
    (EXTENDS + "phases:\n  phase_one:\n    duration_days: -3\n",
     "s.yaml:5:20: phases.phase_one.duration_days: the value must be between 0 and 3,650, not -3"),
    (EXTENDS + "talks:\n  duraton_days: 5\n", "s.yaml:4:3: talks.duraton_days: unknown key; did you mean 'duration_days'?"),
    (EXTENDS + "talks:\n  duration_days: {lognormale: {median: 3, sigma: 1}}\n",
     "s.yaml:4:18: talks.duration_days: unknown distribution 'lognormale': did you mean 'lognormal'?"),
    (EXTENDS + "uncertain:\n  talks.start_dya: [1, 3]\n",
     "s.yaml:4:3: uncertain.talks.start_dya: talks has no key 'start_dya'; did you mean 'start_day'?"),
    (EXTENDS + "uncertain:\n  incidents.breaking_point: [3, 1]\n",
     "s.yaml:4:29: uncertain.incidents.breaking_point: the range must go from a lower to a higher value, not 3 to 1"),
    (EXTENDS + "uncertain:\n  acceptance.parties[1].accepts: [0.5, 1.5]\n",
     "s.yaml:4:34: uncertain.acceptance.parties[1].accepts: at 1.5: the value must be between 0 and 1, not 1.5"),
    (EXTENDS + "uncertain:\n  mediators[3].lowers_breakdown_by: [0, 1]\n",
     "s.yaml:4:3: uncertain.mediators[3].lowers_breakdown_by: mediators is a list of 3 items; name one as mediators[0]"),
    (EXTENDS + "uncertain:\n  hostages.living: [1, 2]\n",
     "s.yaml:4:3: uncertain.hostages.living: not a number: name a number (or a distribution) to explore"),
    (EXTENDS + "talks:\n  duration_days: {uniform: [9, 3]}\n",
     "s.yaml:4:18: talks.duration_days: uniform's first number (low) must not exceed its second (high)"),
    (EXTENDS + "talks:\n  duration_days: {exponential: {mean: 0}}\n",
     "s.yaml:4:18: talks.duration_days: exponential needs mean > 0"),
    (EXTENDS + "acceptance:\n  parties:\n    - {name: A, accepts: 1.5}\n",
     "s.yaml:5:26: acceptance.parties[0].accepts: the value must be between 0 and 1, not 1.5"),
    (EXTENDS + "events:\n  - {kind: halt_ade, day: 3}\n", "s.yaml:4:12: events[0].kind: write one of delay_release, halt_aid, resume_aid"),
    (EXTENDS + "events:\n  - {kind: incident, day: 3}\n", "s.yaml:4:5: events[0]: a 'incident' event needs `severity`"),
    (EXTENDS + "events:\n  - {kind: incident, day: 3, date: 2024-06-01, severity: 1}\n",
     "s.yaml:4:5: events[0]: give the event's `day` (from day 0) or its `date`, one of the two"),
    (EXTENDS + "events:\n  - {kind: resume_aid, day: 3, severity: 1}\n",
     "s.yaml:4:32: events[0].severity: a 'resume_aid' event takes no `severity`"),
    (EXTENDS + "phases:\n  phase_one:\n    exchanges:\n      hostages_per_batch: {woman: 1}\n",
     "s.yaml:6:28: phases.phase_one.exchanges.hostages_per_batch.woman: unknown hostage category 'woman'"),
])
def test_each_bad_file_gets_one_located_line(tmp_path, text, expected):
    found = problems(tmp_path, text)
    assert found[0].startswith(expected), found


def test_missing_keys_are_each_named(tmp_path):
    found = problems(tmp_path, "version: 1\nname: x\n")
    assert "s.yaml:1:1: start_date: this key is required; add it (see docs/scenario-reference.md)" in found
    assert any(line.startswith("s.yaml:1:1: phases:") for line in found)


def test_an_alias_bomb_is_refused_quickly(tmp_path):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for name, prev in zip("bcdefghi", "abcdefgh"):
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    found = problems(tmp_path, "\n".join(lines) + "\n")
    assert "expands to more than 50,000 values" in found[0]


def test_not_utf8(tmp_path):
    assert "not UTF-8 text" in problems(tmp_path, b"name: \xff\xfe\n")[0]


def test_a_cycle_in_extends(tmp_path):
    (tmp_path / "b.yaml").write_text("extends: s.yaml\n")
    assert "`extends` makes a cycle (s.yaml -> b.yaml -> s.yaml); remove one link" in \
        problems(tmp_path, "extends: b.yaml\nversion: 1\n")[0]


def test_extending_a_missing_file(tmp_path):
    assert problems(tmp_path, "extends: nowhere.yaml\n") == [
        "s.yaml:1:10: extends: cannot extend 'nowhere.yaml': no such file; check the path (the path is relative to this file)"]


def test_an_error_in_the_base_file_points_into_the_base_file(tmp_path):
    (tmp_path / "base.yaml").write_text(PROPOSAL.read_text().replace("breaking_point: 6", "breaking_point: -6"))
    found = problems(tmp_path, "version: 1\nextends: base.yaml\nname: variant\n")
    assert found[0].startswith("base.yaml:") and "incidents.breaking_point" in found[0]


def test_a_variant_overrides_only_what_it_gives(tmp_path):
    file = tmp_path / "v.yaml"
    file.write_text(EXTENDS + "name: v\ntalks:\n  breakdown_hazard_per_day: 0.5\n")
    loaded = load(str(file))
    base = load(str(PROPOSAL)).scenario
    assert loaded.scenario.talks.breakdown_hazard_per_day == 0.5
    assert loaded.scenario.talks.duration_days == base.talks.duration_days
    assert loaded.files == (str(file), str(PROPOSAL))


@pytest.mark.parametrize("target, expected", [
    ("nothere.yaml", "nothere.yaml:1:1: no such file"),
    (".", ".:1:1: this is a directory"),
])
def test_missing_files_and_directories_exit_2(tmp_path, target, expected):
    done = cli("validate", target, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith(expected) and "Traceback" not in done.stderr


def test_validate_reports_every_file_and_exits_2(tmp_path):
    good, bad = str(PROPOSAL), tmp_path / "bad.yaml"
    bad.write_text("")
    result = CliRunner().invoke(app, ["validate", good, str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:1:1: the file is empty" in result.output


def test_run_count_beyond_the_limit_is_refused(tmp_path):
    result = CliRunner().invoke(app, ["run", str(PROPOSAL), "--runs", "2000000", "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert not (tmp_path / "o").exists()


def test_out_that_is_a_file_is_refused_before_running(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("keep me")
    done = cli("run", PROPOSAL, "--out", target)
    assert done.returncode == 2 and "--out must be a folder" in done.stderr
    assert target.read_text() == "keep me"

"""What any command line is expected to do: plain errors, --version, --quiet, completion, text shown as written."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from sim import __version__
from sim.cli import app

from .conftest import PROPOSAL, cli

ODD_NAME = "[/] $x^{$ [bold]"


@pytest.fixture
def odd(tmp_path, monkeypatch):
    """A scenario whose name and description are rich markup and broken matplotlib maths."""
    monkeypatch.chdir(PROPOSAL.parent)
    file = tmp_path / "odd.yaml"
    file.write_text(f'version: 1\nextends: {PROPOSAL}\nname: "{ODD_NAME}"\n'
                    'description: "$\\\\frac{ maths and [/red] markup"\n')
    return str(file)


@pytest.mark.parametrize("args", [
    ["run", "--runs", "3"],
    ["explain"],
    ["sweep", "--param", "incidents.breaking_point=4:6:2", "--runs", "3"],
])
def test_scenario_text_is_shown_as_written(odd, args):
    command, *options = args
    result = CliRunner().invoke(app, [command, odd, *options], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert ODD_NAME in result.output


def test_scenario_text_in_compare_and_charts(odd, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "abc")
    result = CliRunner().invoke(app, ["compare", odd, str(PROPOSAL), "--runs", "3"], env={"COLUMNS": "300"})
    assert result.exit_code == 0 and ODD_NAME in result.output, result.output
    result = CliRunner().invoke(app, ["chart", odd, "--kind", "timeline", "--runs", "3", "--out", str(tmp_path / "t.png")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "t.png").stat().st_size > 0


def test_a_bad_option_is_one_line():
    done = cli("run", PROPOSAL, "--runs", "1000000000")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("ceasefire-sim run: Invalid value for '--runs' / '-n': ") and "1000000" in done.stderr
    assert done.stderr.endswith(" (see ceasefire-sim run --help)\n") and done.stderr.count("\n") == 1
    assert cli("sensitivity", PROPOSAL, "--method", "sobol", "--samples", "1073741824").stderr.count("\n") == 1


def test_version_and_help_show_flags_plainly():
    assert cli("--version").stdout == f"ceasefire-sim {__version__}\n"
    shown = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"}).output
    assert "--version  " in shown.replace("│", " ") and "<bool>" not in shown
    assert "--install-completion" in shown and "--show-completion" in shown


def test_quiet_prints_only_problems(tmp_path):
    done = cli("--quiet", "run", PROPOSAL, "--runs", "3", "--out", tmp_path / "o")
    assert done.returncode == 0 and done.stdout == ""
    assert (tmp_path / "o" / "summary.json").exists()
    assert cli("-q", "validate", tmp_path / "missing.yaml").stderr.startswith(f"{tmp_path}/missing.yaml:1:1: ")
    assert cli("-q", "validate", PROPOSAL).stdout == "" and cli("validate", PROPOSAL).stdout.startswith("ok: ")

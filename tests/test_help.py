"""Help reads like the docs (issue 22, item 5): plain metavars, no programmer's types or ranges,
nothing cut at 80 columns, --quiet after the command too, and the same words as docs/commands.md."""

from __future__ import annotations

import re

import pytest
import typer.main
from rich.cells import cell_len
from typer.testing import CliRunner

from sim.cli import app

from .conftest import PROPOSAL, ROOT, cli

GROUP = typer.main.get_command(app)
COMMANDS = GROUP.list_commands(GROUP.context_class(GROUP, info_name="ceasefire-sim"))
PAGE = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")


def terminal_help(command: str, columns: int = 80) -> str:
    done = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": str(columns)})
    assert done.exit_code == 0, done.output
    return done.output


def squeezed(text: str) -> str:
    """Text without what the terminal adds or the page marks up: spaces, line breaks, boxes, backquotes
    and the continuation of a long example."""
    return re.sub(r"[\s│╭╮╰╯─`]", "", re.sub(r"\\\s*\n", "", text))


def section(command: str) -> str:
    return PAGE.split(f"\n## {command}\n", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_fits_80_columns_with_plain_metavars(command):
    shown = terminal_help(command)
    assert not [line for line in shown.splitlines() if cell_len(line) > 80 or "…" in line]
    for programmer in ("<str>", "<int", "<list", "<float", "{file}", "<=x", "x>=", "<path"):
        assert programmer not in shown, f"{command} --help shows {programmer}"


@pytest.mark.parametrize("command", COMMANDS)
def test_the_terminal_help_says_what_docs_commands_md_says(command):
    shown = squeezed(terminal_help(command))
    page = section(command)
    usage = re.search(r"```text\n(.*?)\n```", page).group(1)
    assert squeezed(usage) in shown
    for line in page.splitlines():
        if line.startswith("| `"):  # an argument or option: its names, metavar and words
            names, words = line.split(" | ")[:2]
            forms = [name.strip("|` ").split() for name in names.split(",")]
            row = "".join(form[0] for form in forms) + "".join(forms[0][1:])  # as the table shows it: --runs -n N
            assert row + squeezed(words) in shown or forms[0][0] + squeezed(words) in shown, (command, names)
        elif line.startswith("ceasefire-sim ") and "[OPTIONS]" not in line:  # an example, whole
            assert squeezed(line) in shown, (command, line)


def test_examples_are_whole_commands_a_user_can_copy():
    shown = terminal_help("sensitivity")
    continued = [line.strip() for line in shown.splitlines() if line.rstrip().endswith("\\")]
    assert continued and all(cell_len(line) <= 72 for line in continued)
    assert "--vary talks.start_day=7:28" in shown  # an option and its value stay on one line


def test_quiet_is_accepted_after_the_command(tmp_path):
    done = cli("run", PROPOSAL, "--runs", "3", "--quiet", "--out", tmp_path / "o")
    assert (done.returncode, done.stdout) == (0, "")
    assert (tmp_path / "o" / "summary.json").exists()

"""docs/examples.md is written from the kept outputs of its commands (docs/examples_build.py), and those were
made from today's scenarios and records. Reads files only: no simulation."""

from __future__ import annotations

import importlib.util
import re
import sys

from .conftest import ROOT

spec = importlib.util.spec_from_file_location("examples_build", ROOT / "docs" / "examples_build.py")
examples = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = examples  # its dataclasses look their module up by name
spec.loader.exec_module(examples)


def test_the_page_is_written_from_the_kept_outputs_and_reports():
    page = examples.PAGE.read_text(encoding="utf-8")
    assert page == examples.rendered(page), "regenerate with: python docs/examples_build.py --render"


def test_the_kept_outputs_were_made_from_the_current_scenarios_and_records():
    problems = examples.stale()
    assert not problems, examples.REGENERATE + "\n" + "\n".join(problems)


def test_a_changed_scenario_makes_the_kept_outputs_stale(tmp_path, monkeypatch):
    kept = tmp_path / "inputs.json"
    kept.write_text(examples.INPUTS.read_text(encoding="utf-8").replace(
        examples.sha256_of(ROOT / examples.AGREEMENT), "0" * 64), encoding="utf-8")
    monkeypatch.setattr(examples, "INPUTS", kept)
    problems = examples.stale()
    assert problems and all(examples.AGREEMENT in p for p in problems)
    assert len(problems) == sum(examples.AGREEMENT in examples.reads(c.line) for c in examples.COMMANDS.values())


def test_each_command_on_the_page_is_one_the_script_runs():
    page = examples.PAGE.read_text(encoding="utf-8")
    shown = {line for block in re.findall(r"```console\n(.*?)```", page, re.S) for line in block.splitlines()}
    assert shown == {command.line for command in examples.COMMANDS.values()}
    for block in re.findall(r"<!-- example:([\w-]+) -->", page):
        assert block in examples.EXAMPLES


def test_the_page_shows_dates_as_readers_read_them():
    prose = re.sub(r"```.*?```", "", examples.PAGE.read_text(encoding="utf-8"), flags=re.S)
    assert not re.findall(r"\b20\d\d-\d\d-\d\d\b", prose)

"""The documentation: generated pages are current, and every command it shows runs."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from sim.docs import pages

from .conftest import ROOT

DOCS = ROOT / "docs"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
MAX_DOC_RUNS = 50  # the docs show real run counts; the test caps them to stay fast
CAPS = {"--runs": MAX_DOC_RUNS, "--trajectories": 2, "--max-samples": 8, "--samples": 24}  # and sensitivity's design sizes


def shown_commands() -> list[tuple[str, str]]:
    """(page, command) for every line starting `ceasefire-sim` in a fenced block that is not output."""
    found = []
    for page in sorted(DOCS.glob("*.md")):
        for language, body in FENCE.findall(page.read_text(encoding="utf-8")):
            if language == "text":  # output shown, not commands
                continue
            found += [(page.name, line.strip()) for line in body.splitlines()
                      if line.strip().startswith("ceasefire-sim ")]
    return found


COMMANDS = shown_commands()


def test_the_generated_pages_are_current():
    for path, text in pages().items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name}: regenerate with: python -m sim.docs"


def test_the_docs_show_every_command():
    shown = {command.split()[1] for _, command in COMMANDS}
    assert {"validate", "run", "explain", "schema", "replay"} <= shown
    assert len(COMMANDS) >= 15


@pytest.mark.parametrize("page, command", COMMANDS, ids=[f"{p}:{c.split()[1]}:{i}" for i, (p, c) in enumerate(COMMANDS)])
def test_every_command_in_the_docs_runs(page, command, tmp_path):
    """As a reader types it, from a folder that holds the scenarios; with --runs (and design sizes) capped."""
    (tmp_path / "scenarios").symlink_to(ROOT / "scenarios")
    capped = re.sub(r"(--runs|--trajectories|--max-samples|--samples) (\d+)",
                    lambda m: f"{m.group(1)} {min(int(m.group(2)), CAPS[m.group(1)])}", command)
    script = f'ceasefire-sim() {{ "{sys.executable}" -m sim "$@"; }}\n{capped}\n'
    done = subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "COLUMNS": "100", "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, f"{page}: {command}\n{done.stderr}"

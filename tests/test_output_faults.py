"""Output faults: a folder that cannot be written, a full disk, a second writer, SIGTERM and Ctrl-C.
Each is one line, and nothing half-written or empty is left behind."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from sim.cli import app

from .conftest import PROPOSAL, ROOT, cli

TALKS_STALL = PROPOSAL.parent / "proposal-talks-stall.yaml"


def leftovers(folder) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.startswith("."))


@pytest.mark.parametrize("args", [
    ["run", PROPOSAL, "--runs", "5"],
    ["compare", PROPOSAL, TALKS_STALL, "--runs", "5"],
    ["replay", ROOT / "scenarios" / "agreement-2025-01.yaml", ROOT / "scenarios" / "records" / "record-2025-01-to-03.csv",
     "--runs", "5"],
    ["sweep", PROPOSAL, "--param", "incidents.breaking_point=4:6:2", "--runs", "5"],
])
def test_a_folder_that_cannot_be_written_is_refused_before_simulating(args):
    result = CliRunner().invoke(app, [*map(str, args), "--out", "/sys/kernel/ceasefire-sim-test"])
    assert result.exit_code == 2
    assert result.stdout == ""  # no table: nothing was simulated
    assert result.stderr.splitlines()[-1] == ("/sys/kernel/ceasefire-sim-test: cannot write here: "
                                              "Operation not permitted; nothing was written")


def test_a_chart_file_that_cannot_be_written_is_refused_before_simulating():
    done = cli("chart", PROPOSAL, "--kind", "fan", "--runs", "5", "--out", "/sys/ceasefire-sim-test.png")
    assert done.returncode == 2
    assert done.stderr.strip() == "/sys/ceasefire-sim-test.png: cannot write here: Permission denied; nothing was written"


def test_disk_full_part_way_is_one_line_and_leaves_no_folder(tmp_path, monkeypatch):
    import sim.results.files as files

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files, "run_row", full)
    out = tmp_path / "new"
    result = CliRunner().invoke(app, ["run", str(PROPOSAL), "--runs", "5", "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert result.output.strip().endswith("cannot write here: No space left on device; nothing was written")
    assert not out.exists()


def test_an_existing_folder_keeps_other_files_and_gets_the_new_set(tmp_path):
    out = tmp_path / "results"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    (out / "summary.json").write_text("old")
    result = CliRunner().invoke(app, ["run", str(PROPOSAL), "--runs", "5", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "notes.txt").read_text() == "mine"
    assert json.loads((out / "summary.json").read_text())["runs"] == 5
    assert leftovers(out) == []


def test_a_second_writer_is_refused(tmp_path):
    out = tmp_path / "busy"
    out.mkdir()
    handle = os.open(out, os.O_RDONLY)
    fcntl.flock(handle, fcntl.LOCK_EX)
    try:
        done = cli("run", PROPOSAL, "--runs", "5", "--out", out)
    finally:
        os.close(handle)
    assert done.returncode == 2
    assert done.stderr.strip() == (f"{out}: another ceasefire-sim command is writing into this folder; "
                                   "wait for it to finish or give another --out")
    assert os.listdir(out) == []


def start(*args) -> subprocess.Popen:
    """The command in a process group of its own, as a shell starts it (with faulthandler on, so
    that :func:`finish` can show where a process that never ends is stuck)."""
    process = subprocess.Popen([sys.executable, "-X", "faulthandler", "-m", "sim", *map(str, args)], cwd=ROOT,
                               text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    time.sleep(2.5)  # imported and simulating
    return process


def finish(process: subprocess.Popen) -> tuple[str, str]:
    """Its output once it has ended; a process still running after a minute fails the test with
    the stack of every thread it has (SIGABRT makes faulthandler print them)."""
    try:
        return process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGABRT)
        _, stderr = process.communicate()
        pytest.fail(f"still running a minute after the signal; its stacks:\n{stderr[-4000:]}")


def test_sigterm_is_ctrl_c_for_a_run(tmp_path):
    out = tmp_path / "run"
    process = start("run", PROPOSAL, "--runs", "1000000", "--jobs", "1", "--out", out)
    process.send_signal(signal.SIGTERM)
    stdout, stderr = finish(process)
    assert process.returncode == 130, stderr
    assert "interrupted: kept the" in stderr and "Traceback" not in stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["interrupted"] is True and 0 < summary["runs"] < 1_000_000
    assert leftovers(out) == []


def test_sigterm_to_the_process_group_with_workers_stops_cleanly(tmp_path):
    out = tmp_path / "run"
    process = start("run", PROPOSAL, "--runs", "1000000", "--jobs", "2", "--out", out)
    time.sleep(2)  # the pool is working
    os.killpg(process.pid, signal.SIGTERM)  # as a scheduler or `kill -TERM -PGID` does
    _, stderr = finish(process)
    assert process.returncode == 130 and "Traceback" not in stderr, stderr
    assert json.loads((out / "summary.json").read_text())["interrupted"] is True


def test_a_second_ctrl_c_leaves_nothing(tmp_path):
    out = tmp_path / "run"
    process = start("run", PROPOSAL, "--runs", "1000000", "--jobs", "1", "--out", out)
    process.send_signal(signal.SIGINT)
    process.send_signal(signal.SIGINT)
    _, stderr = finish(process)
    assert process.returncode == 130 and "Traceback" not in stderr
    assert not out.exists() or (out / "summary.json").exists()  # the first Ctrl-C may have finished first


@pytest.mark.parametrize("command", ["compare", "chart"])
def test_ctrl_c_in_other_commands_says_so(tmp_path, command):
    extra = ["--kind", "fan", "--out", tmp_path / "c.png"] if command == "chart" else ["--out", tmp_path / "c"]
    process = start(command, PROPOSAL, TALKS_STALL, "--runs", "1000000", "--jobs", "1", *extra)
    process.send_signal(signal.SIGINT)
    _, stderr = finish(process)
    assert process.returncode == 130
    assert stderr.strip().splitlines()[-1] == "interrupted: nothing written"
    assert os.listdir(tmp_path) == []

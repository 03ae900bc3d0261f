"""Output faults: a folder that cannot be written, a full disk, a second writer, SIGTERM and Ctrl-C.
Each is one line, and nothing half-written or empty is left behind."""

from __future__ import annotations

import contextlib
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
def test_a_folder_that_cannot_be_written_is_refused_before_simulating(args, tmp_path):
    (tmp_path / "a-file").write_text("")
    out = tmp_path / "a-file" / "results"  # as root, only a path through a file cannot be made
    result = CliRunner().invoke(app, [*map(str, args), "--out", str(out)])
    assert result.exit_code == 2
    assert result.stdout == ""  # no table: nothing was simulated
    assert result.stderr.splitlines()[-1] == f"{out}: cannot write here: Not a directory; nothing was written"


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
    """The command in a process group of its own, as an interactive shell starts it: Ctrl-C at its
    default even when the tests themselves run with it ignored (a CI job started in the background),
    and faulthandler on, so that :func:`finish` can show where a process that never ends is stuck."""
    process = subprocess.Popen([sys.executable, "-X", "faulthandler", "-m", "sim", *map(str, args)], cwd=ROOT,
                               text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
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
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # its workers too
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


# -- issue 23 and issue 22 (6): however the command ends, its workers end; nothing is lost ---------

def children(pid: int) -> set[int]:
    """The processes that ``pid`` started (Linux)."""
    found = set()
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as listing:
            found.update(map(int, listing.read().split()))
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_until(condition, seconds: float = 30.0) -> bool:
    """Whether ``condition()`` came true within ``seconds`` (polled; never a measure of speed)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGHUP])
def test_workers_end_with_their_command_however_it_ends(tmp_path, how):
    out = tmp_path / "run"
    process = start("run", PROPOSAL, "--runs", "1000000", "--jobs", "2", "--out", out)
    assert wait_until(lambda: len(children(process.pid)) >= 2), "the pool never started"
    workers = children(process.pid)
    process.send_signal(how)
    _, stderr = finish(process)
    assert wait_until(lambda: not any(alive(pid) for pid in workers)), f"workers left running: {workers}"
    if how == signal.SIGHUP:  # as SIGTERM: the finished runs are kept
        assert process.returncode == 130 and "interrupted: kept the" in stderr, stderr
        assert json.loads((out / "summary.json").read_text())["interrupted"] is True
    # the folder is free at once, and what the killed command left is cleared with a note
    done = cli("run", PROPOSAL, "--runs", "5", "--out", out)
    assert done.returncode == 0, done.stderr
    assert leftovers(out) == []
    if how == signal.SIGKILL:
        assert "note: removed" in done.stderr and "left by a command that ended" in done.stderr, done.stderr


def test_a_lock_is_never_inherited_by_a_process_started_inside(tmp_path):
    import multiprocessing

    from sim.results import FolderBusy, OutputFolder

    out = tmp_path / "out"
    fork = multiprocessing.get_context("fork")
    started = fork.Event()

    def wait_a_minute():
        started.set()  # past fork's own hooks, where the child lets go of the lock
        time.sleep(60)

    with OutputFolder(str(out)):
        child = fork.Process(target=wait_a_minute)
        child.start()
        assert started.wait(30)
    try:
        with OutputFolder(str(out)):
            pass
    except FolderBusy:
        pytest.fail("a process forked while the folder was locked still holds the lock")
    finally:
        child.kill()
        child.join()


def test_sigterm_where_ctrl_c_is_ignored_still_says_so(tmp_path):
    """A command started with `&` in a script ignores Ctrl-C; SIGTERM still ends it with one line."""
    process = subprocess.Popen([sys.executable, "-m", "sim", "chart", str(PROPOSAL), "--kind", "fan", "--runs",
                                "1000000", "--jobs", "1", "--out", str(tmp_path / "c.png")], cwd=ROOT, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    time.sleep(2.5)
    process.send_signal(signal.SIGTERM)
    _, stderr = finish(process)
    assert process.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1] == "interrupted: nothing written"


def test_stopping_before_the_first_run_ends_keeps_the_earlier_results(tmp_path, monkeypatch):
    from contextlib import contextmanager

    import sim.execution

    out = tmp_path / "results"
    assert CliRunner().invoke(app, ["run", str(PROPOSAL), "--runs", "5", "--out", str(out)]).exit_code == 0
    before = {name: (out / name).read_bytes() for name in os.listdir(out)}

    @contextmanager
    def stopped_at_once():
        yield sim.execution.Stop(requested=True)

    monkeypatch.setattr(sim.execution, "stop_on_ctrl_c", stopped_at_once)
    result = CliRunner().invoke(app, ["run", str(PROPOSAL), "--runs", "5", "--out", str(out)])
    assert result.exit_code == 130
    assert "nothing written" in result.stderr
    assert {name: (out / name).read_bytes() for name in os.listdir(out)} == before


@pytest.mark.parametrize("folder", ["/", "/dev", "/proc", "/etc", "/usr/bin"])
def test_a_folder_of_the_system_is_refused(folder):
    result = CliRunner().invoke(app, ["run", str(PROPOSAL), "--runs", "5", "--out", folder])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{folder}: --out is a folder of the system"), result.stderr


def test_more_jobs_than_cores_run_on_the_cores_with_a_note(tmp_path):
    from sim.execution import default_jobs

    result = CliRunner().invoke(app, ["run", str(PROPOSAL), "--runs", "5", "--jobs", "1000", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    cores = default_jobs()
    assert result.stderr.startswith(f"note: --jobs 1,000: this machine has {cores} core"), result.stderr
    assert f"running {cores} process" in result.stderr


@pytest.mark.parametrize("args, option", [
    (["sensitivity", PROPOSAL, "--method", "sobol", "--max-samples", "65536"], "--max-samples 65,536 with"),
    (["discover", PROPOSAL, "--samples", "100000"], "--samples 100,000"),
])
def test_a_design_larger_than_the_memory_is_refused_before_any_run(monkeypatch, args, option):
    import sim.execution

    monkeypatch.setattr(sim.execution, "available_memory", lambda: 2 * 2**30)
    result = CliRunner().invoke(app, [*map(str, args), "--runs", "5"])
    if "pip install" in result.stderr:
        pytest.skip(result.stderr)  # the method's library is not installed
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(option) and "of memory and this machine has 2.0 GB free" in result.stderr
    assert "replications" not in result.stderr  # said before any run


def test_a_run_that_would_write_hundreds_of_megabytes_says_so_first(tmp_path, monkeypatch):
    import sim.results

    monkeypatch.setattr(sim.results, "LARGE_OUTPUT", 1_000)
    result = CliRunner().invoke(app, ["run", str(PROPOSAL), "--runs", "5", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    first = result.stderr.splitlines()[0]
    assert first.startswith("note: this run will write about ") and str(tmp_path) in first

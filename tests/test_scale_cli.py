"""run --jobs, Ctrl-C, sweep and sensitivity as a user runs them: real processes, real files."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from sim.results.files import STAGING_PREFIX

from .conftest import PROPOSAL, ROOT, cli


def _rows(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_keeps_the_finished_runs_and_says_so(jobs, tmp_path):
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "sim", "run", str(PROPOSAL), "--runs", "1000000",
                                "--jobs", jobs, "--out", str(out)], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # as a terminal does
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait until rows are being written into the staging folder
        staged = [p for p in out.glob(f"{STAGING_PREFIX}*/.*.part") if p.stat().st_size > 2_000] if out.exists() else []
        if staged:
            break
        time.sleep(0.1)
    os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C on a terminal: the whole process group
    try:
        stdout, stderr = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["interrupted"] is True and summary["runs_requested"] == 1_000_000
    done = summary["runs"]
    assert 0 < done < 1_000_000
    assert f"interrupted: kept the {done:,} of 1,000,000 runs" in stderr
    rows = _rows(out / "runs.csv")
    assert [int(r["replication"]) for r in rows] == list(range(done))
    assert sum(summary["final_states"].values()) == done
    assert not list(out.glob(f"{STAGING_PREFIX}*")) and not list(out.glob(".*.part"))
    for line in (out / "events.jsonl").read_text().splitlines():
        json.loads(line)


def test_sweep_writes_the_measures_of_each_point(tmp_path, proposal):
    from sim.analysis.outcomes import Outcomes
    from sim.analysis.variants import variant
    from sim.execution import replications

    from sim.analysis.measures import with_headline

    done = cli("sweep", PROPOSAL, "--param", "talks.duration_days.lognormal.median=20:60:40", "--runs", "150",
               "--seed", "3", "--jobs", "2", "--measure", "reached:phase_two", "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    assert "2 points x 150 runs = 300 replications" in done.stderr
    assert "reach phase two: share of runs that reach phase two" in " ".join(done.stdout.split())  # the caption
    rows = _rows(tmp_path / "sweep.csv")
    assert [r["talks.duration_days.lognormal.median"] for r in rows] == ["20", "60"]
    assert list(rows[0])[2:] == ["reached:phase_two", "collapsed_in_first_phase", "collapsed", "completed",
                                 "hostages_still_held"]
    for row, median in zip(rows, (20, 60)):
        outcomes = Outcomes(shown=with_headline("reached:phase_two"))
        scenario = variant(proposal, {("talks", "duration_days", "lognormal", "median"): median})
        for record in replications(scenario, 3, 150):
            outcomes.add(record)
        for name, value in outcomes.values().items():
            assert float(row[name]) == pytest.approx(value, abs=5e-5)
    # longer talks: fewer runs reach phase two, more hostages still held (same random numbers at both points)
    assert float(rows[0]["reached:phase_two"]) > float(rows[1]["reached:phase_two"])
    assert float(rows[0]["hostages_still_held"]) < float(rows[1]["hostages_still_held"])
    assert (tmp_path / "sweep.png").stat().st_size > 10_000


def test_a_two_parameter_sweep_draws_heat_maps(tmp_path):
    done = cli("sweep", PROPOSAL, "--param", "acceptance.parties[1].accepts=0.6:1:0.4",
               "--param", "incidents.breaking_point=4:8:4", "--runs", "40", "--jobs", "1", "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    rows = _rows(tmp_path / "sweep.csv")
    assert [(r["acceptance.parties[1].accepts"], r["incidents.breaking_point"]) for r in rows] == [
        ("0.6", "4"), ("0.6", "8"), ("1", "4"), ("1", "8")]
    assert (tmp_path / "sweep.png").exists()


@pytest.mark.parametrize("param, message", [
    ("talks.duraton_days=1:2:1",
     "--param at talks.duraton_days=1: talks.duraton_days: unknown key; did you mean 'duration_days'?"),
    ("acceptance.parties[5].accepts=0:1:0.5",
     "--param at acceptance.parties[5].accepts=0: acceptance.parties[5].accepts: acceptance.parties has no "
     "item 5 (it has 2; items count from 0)"),
    ("acceptance.parties[1].accepts=0.5:1.5:0.5",
     "--param at acceptance.parties[1].accepts=1.5: acceptance.parties[1].accepts: the value must be between "
     "0 and 1, not 1.5"),
    ("talks.duration_days=0:x:1", "--param talks.duration_days=0:x:1: START, STOP and STEP must be numbers, "
     "e.g. 20:80:20"),
    ("talks..x=1:2:1", "--param talks..x: not a key path; write keys joined by dots, e.g. talks.duration_days "
     "or acceptance.parties[1].accepts"),
])
def test_a_bad_param_exits_2_with_a_located_message(param, message, tmp_path):
    done = cli("sweep", PROPOSAL, "--param", param, "--out", tmp_path / "out")
    assert done.returncode == 2
    assert done.stderr.strip() == f"{PROPOSAL}: {message}"
    assert not (tmp_path / "out").exists()


def test_oat_sensitivity_moves_each_input_from_low_to_high(tmp_path, proposal):
    from sim.analysis.variants import uncertain_inputs

    done = cli("sensitivity", PROPOSAL, "--method", "oat", "--runs", "100", "--jobs", "2", "--measure",
               "reached:phase_two", "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    count = len(uncertain_inputs(proposal))
    assert f"one at a time, {count} inputs x 2 values + the scenario itself = {2 * count + 1} variants x 100 runs" \
        in done.stderr
    assert "do not move the share of runs that reach phase two beyond chance" in " ".join(done.stdout.split())
    rows = {r["input"]: r for r in _rows(tmp_path / "sensitivity.csv")}
    assert len(rows) == count
    hazard = rows["talks.breakdown_hazard_per_day"]
    assert (hazard["low"], hazard["high"], hazard["own"]) == ("0.003", "0.03", "0.01")
    assert hazard["label"] == "daily chance that talks break down"
    assert float(hazard["reached:phase_two_at_low"]) > float(hazard["reached:phase_two_at_high"])
    assert float(hazard["reached:phase_two_noise"]) > 0  # chance's band around a real change
    aid = rows["aid.fulfilment.uniform[0]"]  # aid touches no measure: same runs, nothing moves, no band
    for name in ("reached:phase_two", "collapsed_in_first_phase", "hostages_still_held"):
        assert aid[f"{name}_at_low"] == aid[f"{name}_at_high"] == aid[f"{name}_base"]
        assert float(aid[f"{name}_noise"]) == 0
    assert len({r["reached:phase_two_base"] for r in rows.values()}) == 1
    assert (tmp_path / "tornado.png").stat().st_size > 10_000


def _auto(out, jobs):
    return cli("sensitivity", PROPOSAL, "--trajectories", "3", "--max-samples", "32", "--precision", "0.1",
               "--jobs", jobs, "--vary", "talks.start_day=7:28", "--out", out)


def test_screening_then_indices_state_their_precision_and_are_the_same_bytes_on_any_number_of_processes(tmp_path):
    pytest.importorskip("SALib")
    one, two = _auto(tmp_path / "one", "1"), _auto(tmp_path / "two", "2")
    assert one.returncode == 0, one.stderr
    assert two.returncode == 0, two.stderr
    for name in ("sensitivity.csv", "sensitivity.json"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    assert one.stderr.index("plan, at about") < one.stderr.index("1. screening (Morris)") < \
        one.stderr.index("2. variance shares (Sobol)")
    report = json.loads((tmp_path / "one" / "sensitivity.json").read_text())
    assert report["measure"]["name"] == "collapsed_in_first_phase"
    chosen = report["screening"]["matters"]
    assert chosen and "talks.start_day" in [i["input"] for i in report["inputs"]]
    assert report["screening"]["runs_per_point"] == 20
    sobol = report["sobol"]
    assert sobol["blocks"] == 32 and sobol["points"] == 32 * (len(chosen) + 2) and sobol["runs_per_point"] == [5]
    assert report["replications"] == report["screening"]["replications"] + sobol["replications"]
    assert sobol["precision"]["target"] == 0.1 and sobol["precision"]["met"] is (sobol["precision"]["reached"] <= 0.1)
    if not sobol["precision"]["met"]:
        assert f"known to within ±{sobol['precision']['reached']:.2f} (the target was ±0.10)" in one.stderr
    rows = _rows(tmp_path / "one" / "sensitivity.csv")
    assert {r["input"] for r in rows} == set(chosen)
    assert all(float(r["ST_conf"]) >= 0 and 0 <= float(r["noise_share"]) <= 1 for r in rows)
    assert (tmp_path / "one" / "sensitivity.png").stat().st_size > 10_000


@pytest.mark.parametrize("args, message", [
    (["--method", "best"], "--method best: choose one of auto, oat, morris, sobol"),
    (["--measure", "peace"], "--measure peace: choose one of collapsed_in_first_phase, collapsed, completed, "
                             "hostages_still_held, reached:STATE (e.g. reached:phase_two) or collapsed_within:DAYS "
                             "(e.g. collapsed_within:42)"),
    (["--measure", "reached:peace"], "--measure reached:peace: the scenario has no state 'peace'; name one of "
                                     "phase_one, extension, truce, phase_two, phase_three, "
                                     "completed, collapsed, rejected"),  # the states of the proposal's own deal
    (["--vary", "talks.start_dya=1:3"], f"{PROPOSAL}: --vary talks.start_dya=1:3: talks has no key 'start_dya'; "
                                        "did you mean 'start_day'?"),
])
def test_bad_sensitivity_options_exit_2_with_one_line(args, message, tmp_path):
    done = cli("sensitivity", PROPOSAL, *args, "--out", tmp_path / "out")
    assert done.returncode == 2
    assert done.stderr.strip() == message
    assert not (tmp_path / "out").exists()


def test_every_command_help_has_an_example():
    for command in ("run", "sweep", "sensitivity"):
        done = cli(command, "--help")
        assert done.returncode == 0 and "Example" in done.stdout, command


def test_a_param_that_breaks_a_cross_check_exits_2_with_a_located_message(tmp_path):
    done = cli("sweep", PROPOSAL, "--param", "phases.phase_one.exchanges.hostages_per_batch.woman=1:2:1",
               "--out", tmp_path / "out")
    assert done.returncode == 2
    assert done.stderr.strip().startswith(
        f"{PROPOSAL}: --param at phases.phase_one.exchanges.hostages_per_batch.woman=1: "
        "phases.phase_one.exchanges.hostages_per_batch.woman: unknown hostage category 'woman'")
    assert "Traceback" not in done.stderr and not (tmp_path / "out").exists()

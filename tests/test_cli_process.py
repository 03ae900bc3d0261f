"""The command line as a user runs it: real processes, real files."""

from __future__ import annotations

import json

import pytest

from .conftest import PROPOSAL, SHIPPED, cli


@pytest.mark.parametrize("scenario", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_scenario_validates_and_runs(scenario, tmp_path):
    assert cli("validate", scenario).returncode == 0
    done = cli("run", scenario, "--runs", "50", "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["runs"] == 50
    assert sum(summary["final_states"].values()) == 50
    assert len((tmp_path / "runs.csv").read_text().splitlines()) == 51


def test_same_seed_gives_identical_files_and_other_seeds_differ(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for out, seed in ((a, 7), (b, 7), (c, 8)):
        assert cli("run", PROPOSAL, "--runs", "120", "--seed", seed, "--out", out).returncode == 0
    for name in ("summary.json", "runs.csv", "events.jsonl"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert (a / "runs.csv").read_bytes() != (c / "runs.csv").read_bytes()


def test_bad_file_exits_2_with_a_located_line_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"version: 1\nextends: {PROPOSAL}\ntalks:\n  duraton_days: 5\n")
    out = tmp_path / "out"
    done = cli("run", bad, "--out", out)
    assert done.returncode == 2
    assert done.stderr.strip() == f"{bad}:4:3: talks.duraton_days: unknown key; did you mean 'duration_days'?"
    assert "Traceback" not in done.stderr
    assert not out.exists()


def test_explain_tells_a_dated_chronology():
    done = cli("explain", PROPOSAL, "--replication", "1")
    assert done.returncode == 0, done.stderr
    assert "2024-" in done.stdout and "Phase one" in done.stdout
    assert done.stdout.strip().splitlines()[-1].startswith("Ends ")


def test_a_deal_of_obligations_without_hostages_runs_and_tells_each_sides_obligations(tmp_path):
    lebanon = PROPOSAL.parent / "lebanon-2024-11.yaml"
    done = cli("run", lebanon, "--runs", "50", "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    said = " ".join(done.stdout.split())
    assert "Israel's withdrawal from southern Lebanon is met in full by day 60 of the 60-day period in" in said
    assert "Hezbollah's fire across the border (can end the ceasefire)" in said
    assert "hostages" not in said.lower() and "prisoners" not in said.lower()
    header = (tmp_path / "runs.csv").read_text().splitlines()[0].split(",")
    assert {"obligation_period_1", "obligation_period_1_days_late", "obligation_period_3_share",
            "incidents_israeli_strikes"} <= set(header)
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert [o["side"] for o in summary["obligations"]] == ["Israel", "Hezbollah", "Lebanese army"]
    assert sum(summary["obligations"][0]["runs"].values()) == 50
    told = cli("explain", lebanon, "--replication", "2")
    assert told.returncode == 0, told.stderr
    assert "(Israel: strikes against a threat it sees), absorbed" in told.stdout
    assert "Lebanese army's deployment in the south" in told.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"version: 1\nextends: {lebanon}\nphases:\n  period:\n    obligations:\n"
                   "      - {side: Israel, what: withdrawal, day: 60, not_met: 0.9, partly: {probability: 0.5}}\n")
    refused = cli("validate", bad)
    assert refused.returncode == 2 and refused.stderr.startswith(f"{bad}:6:")
    assert "add up to at most 1" in refused.stderr

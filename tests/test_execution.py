"""Where replications run does not change them: in-process, a process pool and a Dask cluster give
the same records in the same order, and so byte-identical files."""

from __future__ import annotations

import hashlib
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.engine import Engine
from sim.execution import Stop, chunk_size, many, replications, run_chunk, workers
from sim.results import EVENT_SAMPLE, stream_run

RUNS = 240


def _files(loaded, records, out):
    summary, paths = stream_run(loaded, 11, records, RUNS, str(out))
    assert summary["runs"] == RUNS and summary["interrupted"] is False
    return {p.rsplit("/", 1)[-1]: open(p, "rb").read() for p in paths}


@pytest.fixture(scope="module")
def in_process(proposal, tmp_path_factory):
    records = replications(proposal.scenario, 11, RUNS, keep_events=EVENT_SAMPLE)
    return _files(proposal, records, tmp_path_factory.mktemp("here"))


def test_two_processes_write_the_same_bytes(proposal, in_process, tmp_path):
    with workers(jobs=2) as where:
        assert where.count == 2
        records = replications(proposal.scenario, 11, RUNS, keep_events=EVENT_SAMPLE,
                               executor=where.executor, workers=where.count)
        assert _files(proposal, records, tmp_path) == in_process


def test_a_dask_cluster_writes_the_same_bytes(proposal, in_process, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        with workers(scheduler=cluster.scheduler_address) as where:
            records = replications(proposal.scenario, 11, RUNS, keep_events=EVENT_SAMPLE,
                                   executor=where.executor, workers=where.count)
            assert _files(proposal, records, tmp_path) == in_process


def test_the_files_hold_every_run_in_order(in_process):
    rows = in_process["runs.csv"].decode().splitlines()
    assert [int(row.split(",")[0]) for row in rows[1:]] == list(range(RUNS))
    events = in_process["events.jsonl"].decode().splitlines()
    assert {int(line.split(",")[0].split(":")[1]) for line in events} == set(range(EVENT_SAMPLE))


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(1, 9), min_size=1, max_size=6), st.randoms(use_true_random=False))
def test_a_replication_is_the_same_in_any_chunk_and_order(proposal, sizes, shuffle):
    """Cut 0..n-1 into chunks of any sizes, run them in any order: each record is the one run alone."""
    payload = pickle.dumps(proposal.scenario)
    key = hashlib.sha256(payload).hexdigest()
    bounds, start = [], 0
    for size in sizes:
        bounds.append((start, start + size))
        start += size
    shuffle.shuffle(bounds)
    got = {r.replication: r for a, b in bounds for r in run_chunk(key, payload, 3, a, b, 0)}
    alone = Engine(proposal.scenario)
    assert all(got[k] == alone.replicate(3, k) for k in range(start))


def test_many_scenarios_share_the_random_numbers(proposal):
    """Common random numbers: replication k of the same scenario twice gives the same record."""
    pairs = list(many([proposal.scenario, proposal.scenario], 5, 30))
    assert [i for i, _ in pairs] == [0] * 30 + [1] * 30
    assert [r for i, r in pairs if i == 0] == [r for i, r in pairs if i == 1]


def test_a_stop_keeps_a_gapless_start(proposal):
    stop = Stop()
    seen = []
    for record in replications(proposal.scenario, 1, 500, stop=stop):
        seen.append(record.replication)
        if len(seen) == 37:
            stop.requested = True
    assert seen == list(range(37))


def test_chunks_are_small_enough_to_finish_together():
    assert chunk_size(4000, 2) == 50
    assert chunk_size(100, 2) == 2
    assert chunk_size(1, 8) == 1


def test_without_dask_a_scheduler_is_refused_with_what_to_install(monkeypatch):
    import sys

    from sim.execution import ClusterUnavailable

    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    with pytest.raises(ClusterUnavailable, match=r"pip install 'ceasefire-sim\[cluster\]'"):
        with workers(scheduler="tcp://127.0.0.1:8786"):
            pass


def test_small_runs_stay_in_this_process_unless_told():
    with workers(runs=50) as here, workers(jobs=1) as one:
        assert here.executor is None and one.executor is None


def test_compare_and_replay_give_the_same_bytes_on_two_processes(tmp_path):
    from .conftest import PROPOSAL, SCENARIOS, cli

    stall = SCENARIOS / "proposal-talks-stall.yaml"
    record = SCENARIOS / "records" / "record-2025-01-to-03.csv"
    agreement = SCENARIOS / "agreement-2025-01.yaml"
    for jobs in ("1", "2"):
        done = cli("compare", PROPOSAL, stall, "--runs", "120", "--jobs", jobs, "--out", tmp_path / f"c{jobs}")
        assert done.returncode == 0, done.stderr
        done = cli("replay", agreement, record, "--runs", "120", "--jobs", jobs, "--out", tmp_path / f"r{jobs}")
        assert done.returncode == 0, done.stderr
    for name in ("c{}/compare.json", "c{}/compare.csv", "r{}/replay.json"):
        assert (tmp_path / name.format(1)).read_bytes() == (tmp_path / name.format(2)).read_bytes(), name


def test_a_deal_of_obligations_and_incident_kinds_writes_the_same_bytes_on_two_processes(tmp_path):
    from sim.scenario import load

    from .conftest import SCENARIOS

    lebanon = load(str(SCENARIOS / "lebanon-2024-11.yaml"))
    here = _files(lebanon, replications(lebanon.scenario, 11, RUNS, keep_events=EVENT_SAMPLE), tmp_path / "here")
    with workers(jobs=2) as where:
        records = replications(lebanon.scenario, 11, RUNS, keep_events=EVENT_SAMPLE, executor=where.executor,
                               workers=where.count)
        assert _files(lebanon, records, tmp_path / "two") == here
    assert b"obligation_period_1" in here["runs.csv"] and b"obligation_met" in here["events.jsonl"]

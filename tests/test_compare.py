"""compare: the numbers behind the table, paired differences, files with the same bytes."""

from __future__ import annotations

import csv
import io
import json

import numpy as np

from sim.analysis.compare import compare, resample_statistics, to_csv, to_json

from .charting import FILES, RUNS, SEED, one, several  # noqa: F401 (fixtures)
from .conftest import cli


def test_values_are_the_shares_medians_and_means_of_the_runs(several):
    result = compare(several)
    base = several[0].records
    completed = sum(r.final_state == "completed" for r in base) / RUNS
    assert result.row("ended:completed").cells[0].value == round(completed, 4)
    days = [r.entered.get("phase_one", np.inf) for r in base]  # over all runs: never is later than any day
    assert result.row("day:phase_one").cells[0].value == round(float(np.median(days)), 4)
    never = [r.entered.get("completed", np.inf) for r in base]
    assert np.isinf(np.median(never)) and result.row("day:completed").cells[0].value is None
    released = np.mean([r.hostages_released for r in base])
    assert result.row("total:hostages_released").cells[0].value == round(float(released), 4)
    for row in result.rows:
        for cell in row.cells:
            if cell.low is not None:
                assert cell.value is None or cell.low <= cell.value + 1e-9 or row.metric.kind == "day"
                assert cell.high is None or cell.low <= cell.high


def test_same_seeds_make_identical_scenarios_differ_by_exactly_zero(several):
    result = compare([several[0], several[0]])
    for row in result.rows:
        cell = row.cells[1]
        if cell.value is not None:
            assert cell.difference == 0 and cell.within_noise is True, row.metric.key


def test_differences_are_paired_and_a_real_difference_is_not_within_noise(several):
    result = compare(several)
    # Talks stall changes nothing before phase one ends: acceptance is the same run by run.
    assert result.row("reached:phase_one").cells[1].difference == 0
    # ... but far fewer runs complete: well outside noise.
    stall = result.row("ended:completed").cells[1]
    assert stall.difference < 0 and stall.difference_high < 0 and stall.within_noise is False


def test_bootstrap_is_deterministic_and_uses_the_same_resamples_for_every_series():
    values = np.arange(50, dtype=float)
    a = resample_statistics([values, values + 1], "mean", resamples=200)
    b = resample_statistics([values, values + 1], "mean", resamples=200)
    assert np.array_equal(a, b)
    assert np.allclose(a[1] - a[0], 1.0)  # paired: the same runs in each resample


def test_csv_and_json_hold_the_same_table(several):
    result = compare(several)
    rows = list(csv.DictReader(io.StringIO(to_csv(result))))
    data = json.loads(to_json(result))
    assert len(rows) == len(result.rows) * len(several)
    assert data["seed"] == SEED and data["runs"] == RUNS and len(data["rows"]) == len(result.rows)
    completed = next(r for r in data["rows"] if r["metric"] == "ended:completed")
    first_csv = next(r for r in rows if r["metric"] == "ended:completed" and r["scenario"] == several[1].name)
    assert float(first_csv["difference_to_first"]) == completed["scenarios"][1]["difference_to_first"]["value"]
    assert first_csv["within_noise"] == "no"


def test_compare_command_writes_the_same_bytes_twice(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        done = cli("compare", *FILES[:2], "--runs", "40", "--seed", "3", "--out", out)
        assert done.returncode == 0, done.stderr
    assert "≈" in done.stdout and "talks stall" in done.stdout
    for name in ("compare.csv", "compare.json"):
        assert (a / name).read_bytes() == (b / name).read_bytes()


def test_compare_with_a_bad_file_exits_2_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nname: [\n")
    out = tmp_path / "out"
    done = cli("compare", FILES[0], bad, "--runs", "10", "--out", out)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith(str(bad))
    assert "Traceback" not in done.stderr and not out.exists()


def test_the_median_day_counts_runs_that_never_get_there_as_later():
    from sim.analysis.compare import statistic

    rng = np.random.default_rng(1)
    for n in (1, 2, 3, 4, 7, 10):
        matrix = rng.normal(size=(40, n))
        matrix[rng.random((40, n)) < 0.4] = np.nan
        expected = np.median(np.where(np.isnan(matrix), np.inf, matrix), axis=-1)
        assert np.array_equal(statistic("day", matrix), expected)


def test_the_figures_tested_are_counted_and_each_difference_says_whether_it_holds_for_all(several):
    from sim.analysis.compare import multiple_comparisons_note

    result = compare(several)
    tested = [c for row in result.rows for c in row.cells[1:] if c.difference_low is not None]
    assert result.tested == len(tested) and result.confidence_for_all == 1 - 0.05 / len(tested)
    for cell in tested:  # holding for all figures is stricter than the single 95% interval
        assert not cell.holds_for_all or cell.within_noise is False
    assert result.row("ended:completed").cells[1].holds_for_all is True
    assert result.row("reached:phase_one").cells[1].holds_for_all is False
    assert multiple_comparisons_note(result).startswith(f"{len(tested)} differences were tested, each at 95%")
    assert json.loads(to_json(result))["multiple_comparisons"]["differences_tested"] == len(tested)

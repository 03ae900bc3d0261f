"""A fuzzer: the shipped scenarios and record, mutated by hypothesis, through validate, run and replay.

Every mutant must be refused with exit code 2 and located lines, or run to the end and write
strict JSON (no NaN or Infinity); a traceback or a run past the time limit fails the test.

Profiles: a quick one by default (CI), a long one on demand:

    CEASEFIRE_FUZZ=long python -m pytest tests/test_fuzz.py -n 0

(``CEASEFIRE_FUZZ=N`` runs N examples a test.) A failure prints the mutant; hypothesis keeps it
and tries it first next time.
"""

from __future__ import annotations

import json
import math
import os
import signal
import traceback
from contextlib import contextmanager

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sim.cli import app
from sim.scenario import load

from .conftest import SCENARIOS, SHIPPED

_PROFILE = os.environ.get("CEASEFIRE_FUZZ", "quick")
EXAMPLES = {"quick": 25, "long": 2000}.get(_PROFILE) or int(_PROFILE)
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=_PROFILE == "quick",
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
SECONDS = 30  # a mutant that takes longer than this to validate and run 3 times hangs
RECORD = SCENARIOS / "records" / "record-2025-01-to-03.csv"
AGREEMENT = SCENARIOS / "agreement-2025-01.yaml"
BASES = [load(str(file)).data for file in SHIPPED]

HOSTILE = st.sampled_from([
    0, -1, -1e308, 1e308, 10**400, float("nan"), float("inf"), True, None, "", "all", "[/]", "$\\frac{",
    "ünïcødé ✓", "a\x00b", [], {}, [[[[[[]]]]]], {"uniform": [5, 1]}, {"lognormal": {"median": -1, "sigma": 1}},
    {"choice": []}, {"normal": {"mean": 1e300, "sd": 1e300}}, {"triangular": [1, 2]}, "2025-02-30", "9999-12-31",
])


def _paths(data, prefix=()):
    """Every key path inside ``data``."""
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return
    for key, value in items:
        yield prefix + (key,)
        yield from _paths(value, prefix + (key,))


@st.composite
def mutants(draw) -> str:
    """A shipped scenario (merged, without `extends`) with a few values deleted or replaced, as YAML text."""
    data = json.loads(json.dumps(draw(st.sampled_from(BASES)), default=str))
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(data))
        if not paths:
            break
        *head, last = draw(st.sampled_from(paths))
        parent = data
        for key in head:
            parent = parent[key]
        if draw(st.booleans()) and isinstance(parent, dict):
            del parent[last]
        else:
            parent[last] = draw(HOSTILE | st.floats() | st.integers() | st.text(max_size=8))
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if draw(st.integers(0, 4)) == 0:  # now and then, damage the text itself
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.text(max_size=4)) + text[at:]
    return text


@contextmanager
def time_limit(seconds: int):
    def hang(signum, frame):
        raise TimeoutError(f"still running after {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def strict_json(text: str):
    return json.loads(text, parse_constant=_refuse_constant)


def invoke(*args: str):
    """The command in this process; a traceback is a failure, exit codes 0 and 2 are answers."""
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(*result.exc_info))
        raise AssertionError(f"{' '.join(args)} raised {result.exception!r}:\n{result.output}\n{trace}")
    assert result.exit_code in (0, 2), (args, result.exit_code, result.output)
    return result


def saved(tmp_path_factory, name: str, text: str):
    """The mutant saved in a fresh folder: (folder, file)."""
    folder = tmp_path_factory.mktemp("fuzz")
    file = folder / name
    file.write_text(text, encoding="utf-8", errors="surrogatepass")
    return folder, file


def assert_located(output: str, file) -> None:
    """Every line of a refusal names the file (split at line ends only: a message may quote a form feed)."""
    assert all(line.startswith(f"{file}:") for line in output.split("\n") if line), output


@FUZZ
@given(text=mutants())
def test_mutated_scenarios_are_refused_or_run(tmp_path_factory, text):
    folder, file = saved(tmp_path_factory, "mutant.yaml", text)
    out = folder / "out"
    with time_limit(SECONDS):
        checked = invoke("validate", str(file))
        if checked.exit_code == 2:
            assert_located(checked.output, file)
            return
        invoke("run", str(file), "--runs", "3", "--jobs", "1", "--out", str(out))
        invoke("explain", str(file), "--replication", "1")
    summary = strict_json((out / "summary.json").read_text())
    assert summary["runs"] == 3
    for line in (out / "events.jsonl").read_text().splitlines():
        event = strict_json(line)
        assert all(math.isfinite(v) for v in event.values() if isinstance(v, float))


RECORD_LINES = RECORD.read_text(encoding="utf-8").splitlines()


@st.composite
def record_mutants(draw) -> str:
    """The shipped record with a few cells replaced by hostile text."""
    lines = list(RECORD_LINES)
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(1, len(lines) - 1))
        cells = lines[index].split(",")
        cell = draw(st.integers(0, min(len(cells), 7) - 1))
        cells[cell] = draw(st.sampled_from(["9" * 400, "-1", "nan", "inf", "1e308", "9999-12-31", "1900-01-01",
                                            "2025-02-30", "", '"', "phase", "collapsed", "release", "\x00"])
                           | st.text(max_size=6).filter(lambda t: "\n" not in t and "\r" not in t))
        lines[index] = ",".join(cells)
    return "\n".join(lines) + "\n"


@FUZZ
@given(text=record_mutants())
def test_mutated_records_are_refused_or_replayed(tmp_path_factory, text):
    folder, record = saved(tmp_path_factory, "record.csv", text)
    with time_limit(SECONDS):
        done = invoke("replay", str(AGREEMENT), str(record), "--runs", "3", "--jobs", "1", "--out", str(folder / "out"))
    if done.exit_code == 2:
        assert_located(done.output, record)
    else:
        strict_json((folder / "out" / "replay.json").read_text())

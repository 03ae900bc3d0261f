"""A fuzzer: the shipped scenarios and records, mutated by hypothesis, through every command that reads them.

Scenario mutants go through validate, run and explain, then one of chart, brief, diff, discover
and forecast; record mutants (cells, rows of every kind, running totals, notes, encodings) through
replay and forecast; and every number key of the reference is written as a number and as each
distribution. Every mutant must be refused with exit code 2 and one clear line a problem
(located in the file), or run to the end and write strict JSON (no NaN or Infinity); a traceback
or a run past the time limit fails the test.

Profiles: a quick one by default (CI), a long one on demand:

    CEASEFIRE_FUZZ=long python -m pytest tests/test_fuzz.py -n 0

(``CEASEFIRE_FUZZ=N`` runs N examples a test.) A failure prints the mutant; hypothesis keeps it
and tries it first next time. ``benchmarks/fuzz_census.py`` counts the classes of answers (refused, run,
crashed, hung) over many mutants, for the figures of a report.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import signal
import traceback
from contextlib import contextmanager

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sim.cli import app
from sim.cli.forecast import OUTSIDE
from sim.engine import Engine
from sim.machine import RESERVED
from sim.replay.record import EVENTS
from sim.scenario import ScenarioError, load

from .conftest import SCENARIOS, SHIPPED

_PROFILE = os.environ.get("CEASEFIRE_FUZZ", "quick")
EXAMPLES = {"quick": 25, "long": 2000}.get(_PROFILE) or int(_PROFILE)
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=_PROFILE == "quick",
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
SECONDS = 30  # a mutant that takes longer than this to validate and run 3 times hangs
RECORD = SCENARIOS / "records" / "record-2025-01-to-03.csv"
AGREEMENT = SCENARIOS / "agreement-2025-01.yaml"
PLAN = SCENARIOS / "plan-2025-10.yaml"
OCTOBER = SCENARIOS / "records" / "record-2025-10-to-11.csv"
RECORDS = {AGREEMENT: RECORD, PLAN: OCTOBER}  # each shipped record, with the scenario it belongs to
AS_OF = {str(AGREEMENT): "2025-02-01", str(PLAN): "2025-10-27"}  # a date inside each record, to forecast from
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
def mutants(draw) -> tuple[int, str]:
    """A shipped scenario (merged, without `extends`) with a few values deleted or replaced, as YAML
    text; with the index of the shipped scenario it came from."""
    base = draw(st.integers(0, len(BASES) - 1))
    data = json.loads(json.dumps(BASES[base], default=str))
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
    return base, text


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
    """The command in this process; a traceback is a failure, exit codes 0 and 2 are answers (and, for a
    forecast, 3: the record lies outside what the mutant can do, so there is no forecast to give)."""
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(*result.exc_info))
        raise AssertionError(f"{' '.join(args)} raised {result.exception!r}:\n{result.output}\n{trace}")
    answers = (0, 2, OUTSIDE) if args[0] == "forecast" else (0, 2)
    assert result.exit_code in answers, (args, result.exit_code, result.output)
    return result


def saved(tmp_path_factory, name: str, text: str):
    """The mutant saved in a fresh folder: (folder, file)."""
    folder = tmp_path_factory.mktemp("fuzz")
    file = folder / name
    file.write_text(text, encoding="utf-8", errors="surrogatepass")
    return folder, file


def assert_located(output: str, *files) -> None:
    """Every line of a refusal names a file, or the option it is about, or is a note (split at line
    ends only: a message may quote a form feed)."""
    starts = (*(f"{file}:" for file in files), "--", "note: ")
    assert all(line.startswith(starts) for line in output.split("\n") if line), output


def later_commands(base: int, file, out) -> list[list[str]]:
    """The other commands that read a scenario, each at its smallest, on the mutant of shipped scenario ``base``."""
    shipped, quick = SHIPPED[base], ["--jobs", "1"]
    record = RECORDS.get(shipped, RECORD)
    return [
        ["chart", str(file), "--kind", "fan", "--runs", "3", *quick, "--out", str(out / "c.png")],
        ["chart", str(file), "--kind", "timeline", "--runs", "3", *quick, "--out", str(out / "t.svg")],
        ["brief", str(file), "--runs", "3", *quick, "--out", str(out / "brief")],
        ["diff", str(shipped), str(file), "--runs", "4", *quick, "--out", str(out / "diff")],
        ["discover", str(file), "--samples", "20", "--runs", "2", *quick, "--out", str(out / "discover")],
        ["forecast", str(file), str(record), "--as-of", AS_OF.get(str(shipped), "2025-02-01"), "--runs", "6",
         "--points", "2", *quick, "--out", str(out / "forecast")],
    ]


@FUZZ
@given(mutant=mutants(), later=st.integers(0, 5))
def test_mutated_scenarios_are_refused_or_run(tmp_path_factory, mutant, later):
    base, text = mutant
    folder, file = saved(tmp_path_factory, "mutant.yaml", text)
    out = folder / "out"
    with time_limit(SECONDS):
        checked = invoke("validate", str(file))
        if checked.exit_code == 2:
            assert_located(checked.output, file)
            return
        invoke("run", str(file), "--runs", "3", "--jobs", "1", "--out", str(out))
        invoke("explain", str(file), "--replication", "1")
        command = later_commands(base, file, folder / "later")[later]
        done = invoke(*command)
    if done.exit_code == 2:
        assert_located(done.stderr, file, *command[1:3])
    summary = strict_json((out / "summary.json").read_text())
    assert summary["runs"] == 3
    for line in (out / "events.jsonl").read_text().splitlines():
        event = strict_json(line)
        assert all(math.isfinite(v) for v in event.values() if isinstance(v, float))


HOSTILE_CELLS = st.sampled_from(["9" * 400, "-1", "nan", "inf", "1e308", "1_0", "٣", "9999-12-31", "1900-01-01",
                                  "2025-02-30", "", '"', "phase", "collapsed", "release", "total", "\x00", "\x1b[2J"])
NOTES = st.sampled_from(["", "a, b", 'he said "no"', "n" * 140_000, "é ✓ عربى", "\x1b]0;title\x07", "two\nlines",
                         "=cmd|' /C calc'!A0", "\u202eevil"]) | st.text(max_size=20)
COUNT_CELLS = st.sampled_from(["", "0", "1", "3", "20", "1000", "-2", "1.5", "1_0", "9" * 50]) | st.text(max_size=4)
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "latin-1", "crlf", "cr", "truncated"]


def _date_near(draw, lines: list[str]) -> str:
    import datetime as dt

    known = [line.split(",", 1)[0] for line in lines[1:]]
    try:
        day = dt.date.fromisoformat(draw(st.sampled_from(known)))
    except ValueError:
        return draw(st.sampled_from(known))
    return (day + dt.timedelta(days=draw(st.integers(-40, 40)))).isoformat()


def _row(draw, header: list[str], lines: list[str]) -> str:
    """A new row of any kind, with cells of that kind (or not), written as CSV (quoted where needed)."""
    event = draw(st.sampled_from([*EVENTS, "relase", ""]))
    values = {"date": _date_near(draw, lines), "event": event, "note": draw(NOTES), "source": draw(NOTES | st.just("x"))}
    for column in ("hostages", "remains", "prisoners", "bodies", "aid_trucks"):
        values[column] = draw(COUNT_CELLS)
    values["state"] = draw(st.sampled_from([*RESERVED, "phase_one", "phase_two", "phase_three", "", "phase_1"]))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([values.get(column, "") for column in header])
    return buffer.getvalue()


@st.composite
def record_mutants(draw) -> tuple[str, bytes]:
    """A shipped record, with a few cells replaced, rows added (of every kind), dropped or swapped,
    in one of several encodings and line ends; with the scenario it belongs to."""
    scenario, record = draw(st.sampled_from(sorted(RECORDS.items())))
    lines = record.read_text(encoding="utf-8").splitlines()
    header = next(csv.reader([lines[0]]))
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["cell", "row", "row", "drop", "swap"]))
        index = draw(st.integers(1, len(lines) - 1))
        if action == "cell":
            cells = lines[index].split(",")
            cells[draw(st.integers(0, min(len(cells), 8) - 1))] = draw(
                HOSTILE_CELLS | st.text(max_size=6).filter(lambda t: "\n" not in t and "\r" not in t))
            lines[index] = ",".join(cells)
        elif action == "row":
            lines.insert(index + draw(st.integers(0, 1)), _row(draw, header, lines))
        elif action == "drop" and len(lines) > 2:
            del lines[index]
        elif action == "swap":
            other = draw(st.integers(1, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
    text = "\n".join(lines) + "\n"
    encoding = draw(st.sampled_from(ENCODINGS))
    if encoding in ("crlf", "cr"):
        data = text.replace("\n", "\r\n" if encoding == "crlf" else "\r").encode("utf-8")
    elif encoding == "truncated":
        data = text.encode("utf-8")[:draw(st.integers(0, len(text)))]
    else:
        data = text.encode(encoding, errors="replace")
    return str(scenario), data


@FUZZ
@given(mutant=record_mutants(), forecast=st.booleans())
def test_mutated_records_are_refused_or_replayed(tmp_path_factory, mutant, forecast):
    scenario, data = mutant
    folder = tmp_path_factory.mktemp("fuzz")
    record = folder / "record.csv"
    record.write_bytes(data)
    if forecast:
        command = ["forecast", scenario, str(record), "--as-of", AS_OF[scenario], "--runs", "6", "--points", "2",
                   "--jobs", "1", "--out", str(folder / "out")]
        written = "forecast.json"
    else:
        command = ["replay", scenario, str(record), "--runs", "3", "--jobs", "1", "--out", str(folder / "out")]
        written = "replay.json"
    with time_limit(SECONDS):
        done = invoke(*command)
    if done.exit_code == 2:
        assert_located(done.stderr, record)
    else:
        strict_json((folder / "out" / written).read_text())


# -- every number key of the reference, as a number and as each distribution ----------------------

def _number_paths(data, prefix=()):
    """Paths of every number (or distribution) in a scenario's data, outside its `uncertain:` block."""
    if isinstance(data, dict):
        if len(data) == 1 and next(iter(data)) in FORMS:
            yield prefix
            return
        items = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        if isinstance(data, (int, float)) and not isinstance(data, bool):
            yield prefix
        return
    for key, value in items:
        if prefix == () and key in ("uncertain", "version", "seed"):
            continue
        yield from _number_paths(value, prefix + (key,))


def _typical(value) -> float:
    if isinstance(value, dict):  # a distribution: its first number
        inner = next(iter(value.values()))
        value = next(iter(inner.values())) if isinstance(inner, dict) else inner[0]
    return float(value)


FORMS = {
    "number": lambda lo, mid, hi: mid,
    "uniform": lambda lo, mid, hi: {"uniform": [lo, hi]},
    "triangular": lambda lo, mid, hi: {"triangular": [lo, mid, hi]},
    "normal": lambda lo, mid, hi: {"normal": {"mean": mid, "sd": (hi - lo) / 4 or 0.1}},
    "lognormal": lambda lo, mid, hi: {"lognormal": {"median": mid or 0.5, "sigma": 0.3}},
    "choice": lambda lo, mid, hi: {"choice": [lo, hi]},
    "exponential": lambda lo, mid, hi: {"exponential": {"mean": mid or 0.5}},
}
KEY_BASES = SHIPPED if _PROFILE != "quick" else [SCENARIOS / "proposal-2024-05-31.yaml"]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("shipped", KEY_BASES, ids=lambda path: path.stem)
def test_every_number_key_takes_a_number_and_each_distribution(tmp_path, shipped, form):
    """Each key written this way is refused with a located line, or runs: never a crash at run time."""
    base = {key: value for key, value in load(str(shipped)).data.items() if key != "uncertain"}
    base = json.loads(json.dumps(base, default=str))
    crashes = []
    for path in _number_paths(base):
        data = json.loads(json.dumps(base))
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        value = _typical(parent[path[-1]])
        lo, hi = (value / 2, value) if value > 0 else (0.0, 0.5)
        parent[path[-1]] = FORMS[form](lo, (lo + hi) / 2, hi)
        file = tmp_path / "s.yaml"
        file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        try:
            scenario = load(str(file)).scenario
        except ScenarioError as error:
            assert all(problem.mark.file == str(file) for problem in error.problems), (path, error.problems)
            continue
        try:
            for k in range(2):
                Engine(scenario).replicate(scenario.seed, k, keep_events=True)
        except Exception as error:  # noqa: BLE001 - every crash is collected and reported together
            crashes.append(f"{'.'.join(map(str, path))} as {form}: {error!r}")
    assert not crashes, "\n".join(crashes)

"""How the commands answer many mutated files: the classes of answers, counted (issue 23's figures).

    python benchmarks/fuzz_census.py scenarios 1000     # 1,000 scenario mutants
    python benchmarks/fuzz_census.py records 1000       # 1,000 record mutants

The mutants are those of tests/test_fuzz.py (the same strategies, drawn with a fixed seed), sent
through the same commands: a scenario through validate, then, when it is valid, run, explain and
one of chart, brief, diff, discover and forecast; a record through replay or forecast. Each mutant
falls in one class: refused (exit 2, every line located), refused without a location (exit 2, a
line that names no file or option), run (exit 0; a later command may still refuse it, with a
located line: counted under the commands reached), crashed (a traceback or another exit code, in
any of its commands), or hung (past the time limit). Prints the count of each class, the later commands reached, and each
crash or hang with the command that met it.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests import test_fuzz as fuzz  # noqa: E402


SAID: dict[str, str] = {}  # the command line -> what it printed, for each answer that was not clean


def classify(command: list[str], located: tuple) -> str:
    """The class of the command's answer, from running it in this process."""
    try:
        with fuzz.time_limit(fuzz.SECONDS):
            done = fuzz.invoke(*command)
    except TimeoutError:
        return "hung"
    except AssertionError as error:  # fuzz.invoke: a traceback, or an exit code other than 0 and 2
        SAID[" ".join(command)] = str(error)[-300:]
        return "crashed"
    if done.exit_code == 0:
        return "run"
    try:
        fuzz.assert_located(done.stderr, *located)
    except AssertionError:
        SAID[" ".join(command)] = done.stderr[-300:]
        return "refused without a location"
    return "refused"


def census(kind: str, count: int) -> tuple[Counter, Counter, list[str]]:
    classes: Counter = Counter()
    reached: Counter = Counter()
    failures: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="fuzz-census-"))
    strategy = (st.tuples(fuzz.mutants(), st.integers(0, 5)) if kind == "scenarios"
                else st.tuples(fuzz.record_mutants(), st.booleans()))

    @settings(max_examples=count, deadline=None, database=None, phases=[Phase.generate], derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(drawn=strategy)
    def one(drawn):
        index = sum(classes.values())
        place = folder / str(index)
        place.mkdir()
        if kind == "scenarios":
            (base, text), later = drawn
            file = place / "mutant.yaml"
            file.write_text(text, encoding="utf-8", errors="surrogatepass")
            commands = [["validate", str(file)]]
            answer = classify(commands[0], (file,))
            if answer == "run":
                commands += [["run", str(file), "--runs", "3", "--jobs", "1", "--out", str(place / "out")],
                             ["explain", str(file), "--replication", "1"],
                             fuzz.later_commands(base, file, place / "later")[later]]
                for command in commands[1:]:
                    later_answer = classify(command, (file, *command[1:3]))
                    name = command[0] if command[0] != "chart" else f"chart {command[3]}"
                    reached[name if later_answer == "run" else f"{name} ({later_answer})"] += 1
                    if later_answer not in ("run", "refused"):
                        answer = later_answer
                        break
        else:
            (scenario, data), forecast = drawn
            record = place / "record.csv"
            record.write_bytes(data)
            options = ["--as-of", fuzz.AS_OF[scenario], "--points", "2"] if forecast else []
            commands = [["forecast" if forecast else "replay", scenario, str(record), "--runs", "6", *options,
                         "--jobs", "1", "--out", str(place / "out")]]
            answer = classify(commands[0], (record,))
            reached[commands[0][0]] += 1
        classes[answer] += 1
        if answer in ("crashed", "hung", "refused without a location"):
            line = " ".join(commands[-1])
            failures.append(f"{answer}: {line}\n    {SAID.get(line, '').strip()}")

    one()
    return classes, reached, failures


def main() -> None:
    kind = sys.argv[1] if len(sys.argv) > 1 else "scenarios"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    started = time.perf_counter()
    classes, reached, failures = census(kind, count)
    print(f"{sum(classes.values()):,} {kind[:-1]} mutants in {time.perf_counter() - started:,.0f} s:")
    for name in ("refused", "refused without a location", "run", "crashed", "hung"):
        print(f"  {name:28} {classes[name]:6,}")
    print("commands reached:", ", ".join(f"{name} {n:,}" for name, n in sorted(reached.items())) or "none")
    for failure in failures:
        print(" ", failure)


if __name__ == "__main__":
    main()

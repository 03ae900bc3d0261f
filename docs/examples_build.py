"""The worked examples of docs/examples.md, made from the code: run them, then write the page from their reports.

    python docs/examples_build.py              # run every example's commands as the page shows them (about a
                                               # minute on 2 cores), keep their output and reports in
                                               # docs/data/examples/ and their charts in docs/images/, and
                                               # rewrite docs/examples.md from them
    python docs/examples_build.py aid-halt     # run only the named examples (agreement, as-happened, no-talks,
                                               # aid-halt, guarantee, side-by-side, plan), then rewrite
    python docs/examples_build.py --render     # only rewrite docs/examples.md from the kept files

Every output block, every figure in the readings and the side-by-side table come from the kept
files, between the page's `<!-- example:NAME -->` markers; each judgement (higher, lower, no clear
difference) follows the figures' 95% intervals. Beside the reports, inputs.json keeps the sha256 of
every scenario and record each command read: tests/test_docs_examples.py fails when one has changed
since, so the page cannot go stale. The commands all run before anything is written; the page and
each kept file are written whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from examples_common import ROOT, filled, out_folder, ran, sha256_of, write_atomically  # noqa: E402

sys.path.insert(0, str(ROOT))
from sim.analysis.discover import wilson  # noqa: E402
from sim.machine import TERMINAL_STATES  # noqa: E402
from sim.scenario import load  # noqa: E402
from sim.words.numbers import about, amount_range, change, clear, points, share_range  # noqa: E402

PAGE = ROOT / "docs" / "examples.md"
DATA = ROOT / "docs" / "data" / "examples"
IMAGES = ROOT / "docs" / "images"
INPUTS = DATA / "inputs.json"
REGENERATE = "regenerate with: python docs/examples_build.py"

AGREEMENT = "scenarios/agreement-2025-01.yaml"
NO_TALKS = "scenarios/agreement-2025-01-no-talks.yaml"
AID_HALT = "scenarios/agreement-2025-01-aid-halt.yaml"
GUARANTEE = "scenarios/agreement-2025-01-guarantee.yaml"
RECORD = "scenarios/records/record-2025-01-to-03.csv"
RUNS = 1000


@dataclass(frozen=True)
class Command:
    """One command of an example: as the page shows it, and what of it is kept."""

    key: str  # its kept files: docs/data/examples/KEY.txt (standard output) and KEY.json (its report)
    line: str  # exactly as the page shows it
    report: str  # the file of its --out folder kept as KEY.json
    chart: str | None = None  # the name its replay.png is kept under in docs/images/


def _replay(key: str, scenario: str, record: str = RECORD, runs: int = RUNS, chart: str | None = None) -> Command:
    jobs = " --jobs 2" if runs >= 400 else ""  # the CLI runs fewer than 400 in its own process anyway
    return Command(f"{key}-replay",
                   f"ceasefire-sim replay {scenario} {record} --runs {runs}{jobs} --out results/{key}/",
                   "replay.json", chart or f"replay-{key}.png")


def _run(key: str, scenario: str) -> Command:
    return Command(f"{key}-run", f"ceasefire-sim run {scenario} --runs {RUNS} --jobs 2 --out results/{key}-run/",
                   "summary.json")


EXAMPLES: dict[str, tuple[Command, ...]] = {
    "agreement": (_replay("agreement", AGREEMENT),),
    "as-happened": (_replay("as-happened", "scenarios/agreement-2025-01-as-happened.yaml", runs=10),),
    "no-talks": (_run("no-talks", NO_TALKS), _replay("no-talks", NO_TALKS)),
    "aid-halt": (_run("aid-halt", AID_HALT), _replay("aid-halt", AID_HALT)),
    "guarantee": (_run("guarantee", GUARANTEE), _replay("guarantee", GUARANTEE)),
    "side-by-side": (Command("compare", f"ceasefire-sim compare {AGREEMENT} {NO_TALKS} {AID_HALT} {GUARANTEE} "
                                        f"--runs {RUNS} --jobs 2 --out results/compare/", "compare.json"),),
    "plan": (_replay("plan", "scenarios/plan-2025-10.yaml", "scenarios/records/record-2025-10-to-11.csv",
                     chart="replay-plan-2025-10.png"),),
}
COMMANDS = {command.key: command for commands in EXAMPLES.values() for command in commands}


# -- what each command reads, and whether it has changed since -------------------------------------

def reads(line: str) -> list[str]:
    """The files a command reads, relative to the repository: each scenario with the files it extends,
    and each record."""
    files: list[str] = []
    for word in line.split():
        if word.endswith((".yaml", ".yml")):
            files += [str(Path(f).resolve().relative_to(ROOT)) for f in load(str(ROOT / word)).files]
        elif word.endswith(".csv"):
            files.append(word)
    return list(dict.fromkeys(files))


def inputs_of(command: Command) -> dict:
    return {"command": command.line, "reads": {file: sha256_of(ROOT / file) for file in reads(command.line)}}


def stale() -> list[str]:
    """Why the kept files no longer stand for the page's commands on today's scenarios and records
    (nothing when they do). Reads files only: no simulation."""
    kept = json.loads(INPUTS.read_text(encoding="utf-8")) if INPUTS.exists() else {}
    problems = []
    for key, command in COMMANDS.items():
        if key not in kept:
            problems.append(f"{key}: no kept output")
        elif kept[key] != inputs_of(command):
            was, now = kept[key], inputs_of(command)
            changed = [f for f in now["reads"] if was["reads"].get(f) != now["reads"][f]]
            why = "its command changed" if was["command"] != now["command"] else f"changed since: {', '.join(changed)}"
            problems.append(f"{key} ({command.line}): {why}")
    return problems


# -- figures as readers see them -------------------------------------------------------------------

def _kept(key: str) -> dict:
    path = DATA / f"{key}.json"
    if not path.exists():
        raise SystemExit(f"{path.relative_to(ROOT)} is missing: {REGENERATE}")
    return json.loads(path.read_text(encoding="utf-8"))


def _output(key: str) -> str:
    return (DATA / f"{key}.txt").read_text(encoding="utf-8")


def date(iso: str) -> str:
    """"2025-03-02" as "2 Mar 2025"."""
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day:%b %Y}"


def share(value: float, runs: int) -> str:
    """A share of runs with its Wilson 95% interval: "34% (31–37%)"."""

    return share_range(value, *wilson(round(value * runs), runs))


def share_difference(first: float, second: float, runs: int) -> tuple[float, float, float]:
    """second - first, two shares of ``runs`` runs each, with Newcombe's 95% interval built from their Wilson
    intervals. It treats the two as unpaired, which is cautious for runs that share their seeds."""
    (l1, u1), (l2, u2) = wilson(round(first * runs), runs), wilson(round(second * runs), runs)
    difference = second - first
    return (difference, difference - math.hypot(second - l2, u1 - first),
            difference + math.hypot(u2 - second, first - l1))


class Comparison:
    """compare.json: each scenario's figure with its interval, and its paired difference to the first."""

    def __init__(self, report: dict) -> None:
        self.report = report
        self.rows = {row["metric"]: row["scenarios"] for row in report["rows"]}

    def index(self, file: str) -> int:
        return [s["file"] for s in self.report["scenarios"]].index(file)

    def share(self, metric: str, file: str) -> str:
        cell = self.rows[metric][self.index(file)]
        return share_range(cell["value"], *cell["ci"])

    def amount(self, metric: str, file: str) -> str:
        cell = self.rows[metric][self.index(file)]
        return amount_range(cell["value"], *cell["ci"])

    def within_noise(self, metric: str, file: str) -> bool:
        """Whether the figure's difference to the agreement's is within noise (never for the agreement itself)."""
        return bool(self.rows[metric][self.index(file)].get("difference_to_first", {}).get("within_noise"))

    def against(self, metric: str, file: str, more: str, less: str, unit: str = "") -> tuple[str, str]:
        """The figure, and how it stands against the agreement's by its paired interval: ("65% (62–68%)",
        "34 points higher (31–37) than the agreement's 31% (28–34%)"), or (..., "no clear difference from the
        agreement's ...")."""
        cell = self.rows[metric][self.index(file)]
        difference, (low, high) = cell["difference_to_first"]["value"], cell["difference_to_first"]["ci"]
        is_share = metric.startswith(("reached:", "ended:"))
        said = self.share if is_share else self.amount
        base = said(metric, AGREEMENT)
        if not clear(low, high):
            return said(metric, file), f"no clear difference from the agreement's {base}"
        by = points(difference, low, high, more, less) if is_share else change(difference, low, high, unit, more, less)
        return said(metric, file), f"{by} than the agreement's {base}"


def outcome_words(replay: dict) -> str:
    """The record's outcome in words: "collapsed from the truce without talks by 18 Mar 2025"."""
    states, outcome = replay["states"], replay["outcome"]
    said = states[outcome["state"]].lower()
    if outcome.get("from"):
        said += f" from the {states[outcome['from']].lower()}"
    return f"{said} {'by' if outcome['state'] in TERMINAL_STATES else 'on'} {date(outcome['date'])}"


def recorded_outcome_against(key: str) -> tuple[str, str]:
    """A variant's probability of the recorded outcome, and how it stands against the agreement's by their
    interval (as :meth:`Comparison.against`)."""
    variant, baseline = _kept(f"{key}-replay"), _kept("agreement-replay")
    runs = variant["runs"]
    p, p0 = variant["outcome"]["probability"], baseline["outcome"]["probability"]
    difference, low, high = share_difference(p0, p, runs)
    if not clear(low, high):
        return share(p, runs), f"no clear difference from the agreement's {share(p0, runs)}"
    return share(p, runs), f"{points(difference, low, high)} than the agreement's {share(p0, runs)}"


ENTERS = {"collapsed": "collapses", "completed": "completes", "rejected": "is rejected"}  # an end, as a verb


def _days(error: float) -> str:
    n = about(abs(error))
    return f"{n} day{'' if n == '1' else 's'}"


def _console(*commands: Command) -> str:
    return "```console\n" + "\n".join(c.line for c in commands) + "\n```"


def _text(key: str) -> str:
    return f"```text\n{_output(key)}```"


# -- the examples ----------------------------------------------------------------------------------

def agreement_text() -> str:
    command = EXAMPLES["agreement"][0]
    replay = _kept(command.key)
    runs, series = replay["runs"], replay["series"]
    fits = [f"{s['label']} on {s['days_inside']} of {s['days_compared']} days" for s in series.values()]
    outside = [s["label"] for s in series.values() if s["share_inside"] < 0.5]
    fit = (f"The record lies inside the runs' {replay['band'].replace('-', '–')} band for {', '.join(fits[:-1])} "
           f"and {fits[-1]}.")
    fit += (f" It runs outside the band on most days for {' and '.join(outside)}." if outside else
            " Phase one's releases follow the record: the scenario's release days are the record's, and disputes "
            "move single batches by days.")
    changes = {c["state"]: c for c in replay["state_changes"]}
    states, outcome = replay["states"], replay["outcome"]
    words = [fit]
    truce = changes.get("truce")
    if truce:
        words.append(
            f"Then the record takes the path the model calls the {states['truce'].lower()}: phase one ends on "
            f"{date(truce['date'])} with no agreement on phase two and no talks, aid stops, and the ceasefire holds "
            f"until it collapses. {share(truce['share_reaching'], runs)} of runs enter that truce, "
            + ("on the same day as the record" if truce["median_day_error"] == 0 else
               f"at a median of {_days(truce['median_day_error'])} "
               f"{'after' if truce['median_day_error'] > 0 else 'before'} the record")
            + f"; {share(outcome['probability'], runs)} have {outcome_words(replay)}, as the record has, and "
              f"{share(outcome['probability_state'], runs)} have collapsed by then in some way.")
    median = replay["median_run"]
    steps = []
    for state, entered in changes.items():
        if entered["day"] == 0:
            continue
        error = entered.get("median_run_day_error")
        verb = ENTERS.get(state, f"enters the {states[state].lower()}")
        if error is None:
            steps.append(f"never {verb.replace('enters', 'enter').replace('collapses', 'collapse')}")
        elif abs(error) < 0.5:
            steps.append(f"{verb} on {date(entered['date'])}, as the record does")
        else:
            steps.append(f"{verb} {_days(error)} {'after' if error > 0 else 'before'} the record does "
                         f"({date(entered['date'])})")
    if steps:
        words.append(f"The median run (replication {median}) " + ", and ".join(steps) + ".")
    return "\n".join([_console(command), "", _text(command.key), "",
                      "![The agreement of January 2025 against the record](images/replay-agreement.png)", "",
                      "**Reading.** " + " ".join(words)])


def as_happened_text() -> str:
    command = EXAMPLES["as-happened"][0]
    replay = _kept(command.key)
    fits = all(s["days_inside"] == s["days_compared"] for s in replay["series"].values())
    on_time = all(c["median_run_day_error"] == 0 for c in replay["state_changes"])
    runs = replay["runs"]
    verdict = ("Every series lies inside the band on every day compared" if fits else
               "Even so, not every series lies inside the band on every day compared")
    verdict += (", every recorded change of state comes on its day in the median run" if on_time else
                ", yet not every recorded change of state comes on its day in the median run")
    hits = round(replay["outcome"]["probability"] * runs)
    return "\n".join([_console(command), "", _text(command.key), "",
                      "![The agreement as it happened against the record](images/replay-as-happened.png)", "",
                      f"{verdict}, and the recorded outcome comes in {hits:,} of the {runs:,} runs."])


def _what_if(name: str, alt: str, words: list[str]) -> str:
    """A what-if's block: its commands, the output of its run, its replay's chart and the reading."""
    run, replay_command = EXAMPLES[name]
    return "\n".join([_console(run, replay_command), "", _text(run.key), "",
                      f"![{alt}](images/{replay_command.chart})", "", "**Reading.** " + " ".join(words)])


def _against_the_record(name: str) -> str:
    """The sentence on a what-if's probability of the recorded outcome, against the agreement's."""
    outcome, outcome_against = recorded_outcome_against(name)
    return f"Against the record, {outcome} of runs have {outcome_words(_kept(f'{name}-replay'))}, {outcome_against}."


def _ends(comparison: Comparison, file: str) -> str:
    """The sentence on how a what-if's runs end, against the agreement's."""
    completed, completed_against = comparison.against("ended:completed", file, "higher", "lower")
    collapsed, collapsed_against = comparison.against("ended:collapsed", file, "higher", "lower")
    return f"{completed} of runs complete, {completed_against}; {collapsed} collapse, {collapsed_against}."


def no_talks_text() -> str:
    comparison, summary = Comparison(_kept("compare")), _kept("no-talks-run")
    collapse_date = summary["median_date_entered"]["collapsed"]
    truce, truce_against = comparison.against("reached:truce", NO_TALKS, "higher", "lower")
    collapsed, collapsed_against = comparison.against("ended:collapsed", NO_TALKS, "higher", "lower")
    released, released_against = comparison.against("total:hostages_released", NO_TALKS, "more", "fewer")
    held, held_against = comparison.against("total:hostages_still_held", NO_TALKS, "more", "fewer")
    return _what_if("no-talks", "Talks never start, against the record", [
        f"Without talks, {truce} of runs go on from phase one into the truce without talks, {truce_against}. "
        f"{collapsed} collapse, {collapsed_against}"
        + (f", at a median of {date(collapse_date)} among those that do" if collapse_date else "")
        + f"; {comparison.share('ended:completed', NO_TALKS)} complete.",
        _against_the_record("no-talks"),
        f"On average {released} living hostages are released, {released_against}; {held} are still held at the "
        f"end, {held_against}.",
    ])


def aid_halt_text() -> str:
    comparison = Comparison(_kept("compare"))
    trucks, trucks_against = comparison.against("total:aid_trucks", AID_HALT, "more", "fewer", "trucks")
    return _what_if("aid-halt", "Aid halted after phase one, against the record", [
        f"On average {trucks} aid trucks enter over the whole run, {trucks_against}: aid stops from the halt for "
        f"every run that goes on past phase one, not only for those in the truce without talks.",
        _ends(comparison, AID_HALT),
        _against_the_record("aid-halt"),
    ])


def guarantee_text() -> str:
    comparison, summary = Comparison(_kept("compare")), _kept("guarantee-run")
    collapse_day = summary["median_day_entered"]["collapsed"]
    truce, truce_against = comparison.against("reached:truce", GUARANTEE, "higher", "lower")
    words = [
        _ends(comparison, GUARANTEE),
        f"{truce} enter a truce without talks, {truce_against}.",
    ]
    phase_one_ends = load(str(ROOT / GUARANTEE)).scenario.phases["phase_one"].duration_days
    if collapse_day is not None:
        words.append(f"Half the collapses that remain come by {date(summary['median_date_entered']['collapsed'])} "
                     f"(day {math.floor(collapse_day)})"
                     + (", in phase one, which a guarantee of the *extension* does not touch."
                        if collapse_day < phase_one_ends else "."))
    return _what_if("guarantee", "Mediators guarantee the extension, against the record",
                    [*words, _against_the_record("guarantee")])


def side_by_side_text() -> str:
    command = EXAMPLES["side-by-side"][0]
    comparison, baseline = Comparison(_kept(command.key)), _kept("agreement-replay")
    replays = {AGREEMENT: "agreement", NO_TALKS: "no-talks", AID_HALT: "aid-halt", GUARANTEE: "guarantee"}
    runs = comparison.report["runs"]
    lines = [_console(command), "",
             "It prints each what-if against the agreement, figure by figure, with 95% intervals; the table "
             "takes four of its figures, and the recorded outcome from each replay above.", "",
             f"| scenario ({runs:,} runs each) | completed | collapsed | {outcome_words(baseline)} (the record) "
             f"| living hostages still held at the end (mean) |", "|---|---|---|---|---|"]
    p0 = baseline["outcome"]["probability"]
    for position, scenario in enumerate(comparison.report["scenarios"]):
        file, mark = scenario["file"], (lambda within_noise: " ≈" if position and within_noise else "")
        p = _kept(f"{replays[file]}-replay")["outcome"]["probability"]
        cells = [comparison.share("ended:completed", file) + mark(comparison.within_noise("ended:completed", file)),
                 comparison.share("ended:collapsed", file) + mark(comparison.within_noise("ended:collapsed", file)),
                 share(p, runs) + mark(not clear(*share_difference(p0, p, runs)[1:])),
                 comparison.amount("total:hostages_still_held", file)
                 + mark(comparison.within_noise("total:hostages_still_held", file))]
        lines.append(f"| {scenario['name']} | " + " | ".join(cells) + " |")
    lines += ["", "Each figure with its 95% interval. ≈: no clear difference from the agreement (the interval of the "
                  "difference includes none). Completed, collapsed and hostages come from `compare` (the difference "
                  "paired run by run); the recorded outcome from each `replay` (a Wilson interval; differences judged "
                  "as if unpaired, which is cautious)."]
    return "\n".join(lines)


def plan_text() -> str:
    command = EXAMPLES["plan"][0]
    replay = _kept(command.key)
    runs, series, outcome = replay["runs"], replay["series"], replay["outcome"]
    totals = [s for s in series.values() if s.get("known") == "totals"]
    words = []
    band = replay["band"].replace("-", "–")
    for s in totals:
        words.append(f"{s['label']}: {s['record_total']:,} by {date(replay['record_last_date'])}, inside the runs' "
                     f"{band} band on {s['days_inside']} of the {s['days_compared']} dates of the record's totals "
                     f"(median {s['median_total']:,.0f}, {band}: {s['p10_total']:,.0f}–{s['p90_total']:,.0f})")
    daily = [f"{s['label']} on {s['days_inside']} of {s['days_compared']} days" for s in series.values()
             if s.get("known") != "totals"]
    state = replay["states"][outcome["state"]].lower()
    return "\n".join([
        _console(command), "", _text(command.key), "",
        "![The plan of October 2025 against the record](images/replay-plan-2025-10.png)", "",
        "**Reading.** " + ". ".join(w[0].upper() + w[1:] for w in words) + ". The record lies inside the band for "
        + " and ".join(daily) + f", and {share(outcome['probability'], runs)} of runs are still in the {state} on "
        f"{date(outcome['date'])}, as the record is."])


RENDER = {"agreement": agreement_text, "as-happened": as_happened_text, "no-talks": no_talks_text,
          "aid-halt": aid_halt_text, "guarantee": guarantee_text, "side-by-side": side_by_side_text,
          "plan": plan_text}


def rendered(page: str) -> str:
    """The page with every example block rewritten from the kept files."""
    return filled(page, PAGE, RENDER)


# -- running -----------------------------------------------------------------------------------------

def run(names: list[str]) -> None:
    """Run the named examples' commands as the page shows them; only when all have succeeded, keep their
    output, reports, charts and the sha256 of what they read."""
    kept: dict[str, bytes] = {}
    inputs = json.loads(INPUTS.read_text(encoding="utf-8")) if INPUTS.exists() else {}
    for name in names:
        for command in EXAMPLES[name]:
            print(f"running: {command.line}", flush=True)
            before = inputs_of(command)
            with ran(command.line) as (stdout, folder):
                out = folder / out_folder(command.line)
                kept[f"{DATA.name}/{command.key}.txt"] = stdout.encode("utf-8")
                kept[f"{DATA.name}/{command.key}.json"] = (out / command.report).read_bytes()
                if command.chart:
                    kept[f"{IMAGES.name}/{command.chart}"] = (out / "replay.png").read_bytes()
            if inputs_of(command) != before:
                raise SystemExit(f"{command.line}: a file it reads changed while it ran; run the script again")
            inputs[command.key] = before
    for name, data in kept.items():
        folder, file = name.split("/")
        write_atomically((DATA if folder == DATA.name else IMAGES) / file, data)
    ordered = {key: inputs[key] for key in COMMANDS if key in inputs}
    write_atomically(INPUTS, json.dumps(ordered, indent=2, ensure_ascii=False) + "\n")


def main() -> None:
    arguments = sys.argv[1:]
    unknown = [a for a in arguments if a not in EXAMPLES and a != "--render"]
    if unknown:
        raise SystemExit(f"unknown example {', '.join(unknown)}: choose from {', '.join(EXAMPLES)}, or --render")
    if "--render" not in arguments:
        run([a for a in arguments if a in EXAMPLES] or list(EXAMPLES))
    page = rendered(PAGE.read_text(encoding="utf-8"))
    write_atomically(PAGE, page)
    print(f"wrote {PAGE.relative_to(ROOT)}")
    problems = stale()
    if problems:
        print("still stale (run those examples again):\n  " + "\n  ".join(problems), file=sys.stderr)


if __name__ == "__main__":
    main()

"""validate, migrate, run, explain, schema: the core commands."""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Optional

import typer

from . import app
from .common import (JobsOption, RunsOption, SchedulerOption, SeedOption, console, fail, interrupted, load_or_exit,
                     output_file, output_folder, plain, progress, say, say_if_large, workers_or_exit)

FilesArgument = typer.Argument(..., help="Scenario files (YAML).", show_default=False)

if TYPE_CHECKING:
    from rich.table import Table


@app.command()
def validate(files: list[str] = FilesArgument) -> None:
    """Check scenario files; print every problem as FILE:LINE:COLUMN: key: message.

    Exit code 0 when all are valid, 2 otherwise.

    Example: `ceasefire-sim validate scenarios/*.yaml`
    """
    for loaded in load_or_exit(files):
        say(f"ok: {loaded.file} ({loaded.scenario.name})")


@app.command()
def migrate(files: list[str] = FilesArgument) -> None:
    """Rewrite scenario files of the old three-phase template so that each phase says what follows it.

    Adds `then:` under phase_one, phase_two and phase_three (and `extends: phase_one` under
    phase_one_extended), saying what the old template did; every other line, comments included,
    stays as it was. A file already in today's form is left alone. The files are then validated.

    Example: `ceasefire-sim migrate scenarios/proposal-2024-05-31.yaml`
    """
    from ..results.files import write_atomic
    from ..scenario.migrate import CannotMigrate, migrate_text

    problems = []
    for file in files:
        try:
            with open(file, encoding="utf-8", newline="") as handle:
                text = handle.read()
            rewritten, changed = migrate_text(text, file)
        except (OSError, UnicodeDecodeError) as error:
            problems.append(f"{file}: cannot read it ({getattr(error, 'strerror', None) or error})")
            continue
        except CannotMigrate as error:
            problems.append(str(error))
            continue
        if changed:
            with output_file(file):
                write_atomic(file, rewritten)
            say(f"migrated: {file} ({', '.join(changed)})")
        else:
            say(f"unchanged: {file} (no phase of the old template without `then:`)")
    if problems:
        raise fail(problems)
    for loaded in load_or_exit(files):
        say(f"ok: {loaded.file} ({loaded.scenario.name})")


DAY_OVER_ALL_RUNS = "median day, all runs"  # the same figure, under the same words, as compare's day rows
DAY_WHEN_REACHED = "median day, runs that get there"


def unreached(summary: dict) -> list[str]:
    """The states that no run reached: left out of the tables, named once below them."""
    return [state for state in summary["reached"] if not summary["reached"][state]]


def summary_table(summary: dict) -> Table:
    """Where runs end and what they reach, with median days and dates; states no run reached are left out."""
    from rich.table import Table


    import datetime as dt

    from ..words.numbers import calendar

    runs, start = summary["runs"], dt.date.fromisoformat(summary["start_date"])
    missing = unreached(summary)
    labels = summary["states"]
    caption = f"No run reached: {', '.join(labels[s].lower() for s in missing)}." if missing else None
    table = Table(title=f"{plain(summary['scenario'])}: {runs:,} runs, seed {summary['seed']}", caption=caption)
    for header in ("state", "ended here", "reached", DAY_OVER_ALL_RUNS, "date", DAY_WHEN_REACHED):
        table.add_column(header, justify="left" if header == "state" else "right")
    for state in labels:
        if state in missing:
            continue
        over_all, when = summary["median_day_over_all_runs"][state], summary["median_day_entered"][state]
        table.add_row(labels[state], f"{summary['final_states'][state] / runs:.1%}",
                      f"{summary['reached'][state] / runs:.1%}", "–" if over_all is None else f"{over_all:.1f}",
                      "" if over_all is None else calendar(start, over_all), "" if when is None else f"{when:.1f}")
    return table


def comparison_tables(result) -> list[Table]:
    """compare's figures, readable at 80 columns however many scenarios: one table for each scenario
    after the first, set against it (the first, this one, the paired difference), each value with its
    95% interval under it. States that no run of any scenario reached are left out."""
    from rich.table import Table

    from ..analysis.compare import shown, shown_interval, shown_rows

    first, rows = result.runs[0], shown_rows(result)
    tables = []
    for index, other in enumerate(result.runs[1:], start=1):
        table = Table(title=f"{plain(other.name)} against {plain(first.name)}" if len(result.runs) > 2 else None)
        table.add_column("")
        table.add_column(plain(first.name), justify="right")
        table.add_column(plain(other.name), justify="right")
        table.add_column("difference", justify="right")
        for row in rows:
            kind, base, cell = row.metric.kind, row.cells[0], row.cells[index]
            mark = " ≈" if cell.within_noise else ""
            table.add_row(plain(row.metric.label),
                          *(f"{shown(kind, c.value)}\n{shown_interval(kind, c.low, c.high)}".rstrip() for c in (base, cell)),
                          f"{shown(kind, cell.difference, signed=True)}{mark}\n"
                          f"{shown_interval(kind, cell.difference_low, cell.difference_high, signed=True)}".rstrip())
        tables.append(table)
    return tables


def totals_table(summary: dict) -> Table:
    """The totals of a run that mean something for its deal, in its words: mean, 10th percentile, median and
    90th percentile per run."""
    from rich.table import Table

    table = Table(title="Totals per run")
    for header in ("", "mean", "10%", "median", "90%"):
        table.add_column(header, justify="left" if not header else "right")
    for name, label in summary["total_labels"].items():
        values = summary["totals"][name]
        if name != "incidents" and values["mean"] == 0 and values["p90"] == 0:
            continue  # nothing of the kind in any run (a deal in which no one is held has no releases)
        table.add_row(label, *(f"{values[k]:,.1f}" for k in ("mean", "p10", "median", "p90")))
    return table


@app.command()
def run(
    file: str = typer.Argument(..., help="Scenario file (YAML).", show_default=False),
    runs: int = RunsOption,
    seed: Optional[int] = SeedOption,
    out: Optional[str] = typer.Option(None, "--out", "-o",
                                      help="Folder for summary.json, runs.csv and events.jsonl."),
    jobs: Optional[int] = JobsOption,
    scheduler: Optional[str] = SchedulerOption,
) -> None:
    """Run a scenario many times; show where the runs end and what they reach.

    With --out, writes summary.json, runs.csv (one row a run) and events.jsonl
    (the chronology of the first 100 runs). The files are the same bytes for any
    --jobs or --scheduler. Ctrl-C stops early: the finished runs are kept and
    summarised, summary.json says `"interrupted": true`, and the exit code is 130.

    For a deal whose sides owe obligations, with kinds of incident or a separate track of
    releases, it also says what became of each obligation (met on time, late, partly, not
    met), the incidents by side, and who was freed outside the exchange, each with its range.

    Example: `ceasefire-sim run scenarios/proposal-2024-05-31.yaml --runs 1000 --out results/`

    Example, a deal of obligations: `ceasefire-sim run scenarios/lebanon-2024-11.yaml --runs 1000`

    Example, on 4 processes: `ceasefire-sim run scenarios/proposal-2024-05-31.yaml --runs 100000 --jobs 4`

    Example, on a Dask cluster: `ceasefire-sim run scenarios/proposal-2024-05-31.yaml --runs 100000 --scheduler tcp://scheduler-host:8786`
    """
    from ..execution import replications, stop_on_ctrl_c
    from ..results import EVENT_SAMPLE, stream_run

    (loaded,) = load_or_exit([file])
    seed = loaded.scenario.seed if seed is None else seed
    say_if_large(loaded.scenario, seed, runs, out)
    with output_folder(out) as folder:
        with workers_or_exit(jobs, scheduler, runs) as where, stop_on_ctrl_c() as stop:
            records = replications(loaded.scenario, seed, runs, keep_events=EVENT_SAMPLE if out else 0,
                                   executor=where.executor, workers=where.count, stop=stop)
            summary, _ = stream_run(loaded, seed, progress(records, runs, "running"), runs,
                                    folder and folder.staging)
        if summary["runs"] == 0:
            raise interrupted(0, runs)  # nothing to show, and the folder's earlier results kept
    paths = folder.written if folder else []
    console.print(summary_table(summary))
    console.print(totals_table(summary))
    from ..words.terms import terms_sentences

    for sentence in terms_sentences(loaded.scenario, summary):
        console.print(sentence, markup=False)
    for path in paths:
        console.print(f"wrote {path}", markup=False)
    if summary["interrupted"]:
        raise interrupted(summary["runs"], runs)


@app.command()
def explain(
    file: str = typer.Argument(..., help="Scenario file (YAML).", show_default=False),
    replication: int = typer.Option(0, "--replication", "-r", min=0, help="Which replication to tell (from 0)."),
    seed: Optional[int] = SeedOption,
) -> None:
    """Tell one replication as a dated chronology, with each refused transition and why.

    Replication K with seed S is the same run as row K of `run --seed S`.

    Example: `ceasefire-sim explain scenarios/proposal-2024-05-31.yaml --replication 3`
    """
    from ..engine import Engine
    from ..results.explain import chronology, outcome

    (loaded,) = load_or_exit([file])
    scenario = loaded.scenario
    seed = scenario.seed if seed is None else seed
    engine = Engine(scenario)
    record = engine.replicate(seed, replication, keep_events=True)
    console.print(f"[bold]{plain(scenario.name)}[/bold], replication {replication}, seed {seed}; "
                  f"day 0 is {scenario.start_date}.")
    for when, what in chronology(record, scenario.start_date, engine.deal):
        console.print(f"{when:>24}  {what}", markup=False, soft_wrap=True)
    console.print(outcome(record, engine.deal), markup=False)


@app.command()
def schema(
    out: Optional[str] = typer.Option(None, "--out", "-o", help="Write the schema to this file instead."),
) -> None:
    """Print the JSON Schema of the scenario format, for editors' completion and checks.

    It accepts whole scenarios and variants that `extends` one (only the keys they change).
    Hook it to VS Code with a first line `# yaml-language-server: $schema=scenario.schema.json`
    in each scenario (see docs/editors.md for other editors).

    Example: `ceasefire-sim schema --out scenario.schema.json`
    """
    from ..results.files import write_atomic
    from ..scenario.schema import editor_schema

    text = json.dumps(editor_schema(), indent=2) + "\n"
    if out is None:
        typer.echo(text, nl=False)
        return
    if out.endswith("/") or os.path.isdir(out):
        raise fail([f"{out}: --out takes a file name, e.g. scenario.schema.json"])
    with output_file(out):
        write_atomic(out, text)


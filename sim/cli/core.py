"""validate, run, explain, schema: the core commands."""

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


def summary_table(summary: dict) -> Table:
    """Where runs end and what they reach, with median days and dates."""
    from rich.table import Table

    from ..machine import LABELS, STATE_NAMES

    runs = summary["runs"]
    table = Table(title=f"{plain(summary['scenario'])}: {runs:,} runs, seed {summary['seed']}")
    for header in ("state", "ended here", "reached", "median day entered", "median date"):
        table.add_column(header, justify="left" if header == "state" else "right")
    for state in STATE_NAMES:
        day = summary["median_day_entered"][state]
        table.add_row(LABELS[state], f"{summary['final_states'][state] / runs:.1%}",
                      f"{summary['reached'][state] / runs:.1%}",
                      "" if day is None else f"{day:.1f}", summary["median_date_entered"][state] or "")
    return table


def totals_table(summary: dict) -> Table:
    """The totals of a run: mean, 10th percentile, median and 90th percentile per run."""
    from rich.table import Table

    from ..results import TOTALS

    table = Table(title="Totals per run")
    for header in ("", "mean", "10%", "median", "90%"):
        table.add_column(header, justify="left" if not header else "right")
    for name, label in TOTALS:
        values = summary["totals"][name]
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

    Example: `ceasefire-sim run scenarios/proposal-2024-05-31.yaml --runs 1000 --out results/`

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
    record = Engine(scenario).replicate(seed, replication, keep_events=True)
    console.print(f"[bold]{plain(scenario.name)}[/bold], replication {replication}, seed {seed}; "
                  f"day 0 is {scenario.start_date}.")
    for when, what in chronology(record, scenario.start_date):
        console.print(f"{when:>24}  {what}", markup=False, soft_wrap=True)
    console.print(outcome(record), markup=False)


@app.command()
def schema(
    out: Optional[str] = typer.Option(None, "--out", "-o", help="Write the schema to this file instead."),
) -> None:
    """Print the JSON Schema of the scenario format, for editors' completion and checks.

    Example: `ceasefire-sim schema --out scenario.schema.json`
    """
    from ..results.files import write_atomic
    from ..scenario import Scenario

    text = json.dumps(Scenario.model_json_schema(), indent=2) + "\n"
    if out is None:
        typer.echo(text, nl=False)
        return
    if out.endswith("/") or os.path.isdir(out):
        raise fail([f"{out}: --out takes a file name, e.g. scenario.schema.json"])
    with output_file(out):
        write_atomic(out, text)


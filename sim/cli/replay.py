"""replay: a scenario's ensemble set beside the record of what really happened."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Optional

import typer

from . import app
from .common import (JobsOption, RunsOption, SchedulerOption, SeedOption, console, fail, load_or_exit,
                     output_folder, plain, progress, history_or_exit, workers_or_exit)

if TYPE_CHECKING:
    from rich.table import Table


def fit_table(summary: dict) -> Table:
    """The figures of fit, one row a series, a change of state, and the outcome."""
    from rich.table import Table

    from ..machine import FRAME_LABELS

    labels = {**FRAME_LABELS, **summary["states"]}
    runs = summary["runs"]
    table = Table(title=f"{plain(summary['scenario'])} against {plain(os.path.basename(summary['record']))}: "
                        f"{runs:,} runs, seed {summary['seed']}, median run = replication {summary['median_run']}")
    table.add_column("figure")
    table.add_column("record", justify="right")
    table.add_column("ensemble", justify="right")
    table.add_column("fit", justify="right")
    for series in summary["series"].values():
        total = f"{series['record_total']:,}" if "record_total" in series else ""
        spread = (f"median {series['median_total']:,.0f} (10-90%: {series['p10_total']:,.0f}-{series['p90_total']:,.0f})"
                  if "median_total" in series else "")
        table.add_row(series["label"], total, spread, f"in band {series['days_inside']}/{series['days_compared']} "
                      f"days ({series['share_inside']:.0%})")
    for change in summary["state_changes"]:
        run_error = change["median_run_day_error"]
        table.add_row(f"entered {labels[change['state']].lower()}",
                      f"day {change['day']} ({change['date']})",
                      f"{change['share_reaching']:.0%} reach it; median day "
                      + ("-" if change["median_day"] is None else f"{change['median_day']:.1f}"),
                      "median run: " + ("not reached" if run_error is None else f"{run_error:+.1f} days"))
    outcome = summary["outcome"]
    if outcome is None:
        table.add_row("outcome", "no change of state recorded", "", "")
        return table
    came = f" from {labels[outcome['from']].lower()}" if outcome["from"] else ""
    table.add_row(f"outcome: {labels[outcome['state']].lower()}{came}",
                  outcome["date"], f"{outcome['probability_state']:.1%} in that state by then",
                  f"probability {outcome['probability']:.1%}")
    return table


@app.command()
def replay(
    file: str = typer.Argument(..., help="Scenario file (YAML).", show_default=False),
    record: str = typer.Argument(..., help="Record of what happened (CSV; see docs/records.md).", show_default=False),
    runs: int = RunsOption,
    seed: Optional[int] = SeedOption,
    out: Optional[str] = typer.Option(None, "--out", "-o", help="Folder for replay.json and replay.png."),
    jobs: Optional[int] = JobsOption,
    scheduler: Optional[str] = SchedulerOption,
) -> None:
    """Run a scenario and set the record of what happened beside it, with figures of fit.

    For each series, the share of days on which the record lies inside the
    ensemble's 10-90% band; the day error of each recorded change of state in
    the median run; the ensemble's probability of the recorded outcome. With
    --out, writes replay.json and replay.png (the record over the ensemble's fan).

    Example: `ceasefire-sim replay scenarios/agreement-2025-01.yaml scenarios/records/record-2025-01-to-03.csv --runs 1000 --out results/replay/`
    """
    from ..execution import replications
    from ..replay import replay as fit
    from ..results.files import summary_json, write_atomic

    (loaded,) = load_or_exit([file])
    history = history_or_exit(record, loaded.scenario)
    seed = loaded.scenario.seed if seed is None else seed
    with output_folder(out) as folder:
        with workers_or_exit(jobs, scheduler, runs) as where:
            records = list(progress(replications(loaded.scenario, seed, runs, executor=where.executor,
                                                 workers=where.count), runs, "running"))
        try:
            result = fit(loaded, history, seed, records)
        except ValueError as error:
            raise fail([f"{record}: {error}"]) from None
        console.print(fit_table(result.summary))
        if folder:
            from ..charts.replay import replay_chart

            write_atomic(folder.path("replay.json"), summary_json(result.summary))
            replay_chart(result, folder.path("replay.png"))
    for path in folder.written if folder else []:
        console.print(f"wrote {path}", markup=False)

"""sweep and sensitivity: many variants of one scenario, on any executor."""

from __future__ import annotations

from typing import Optional

import typer

from . import app
from .common import (INTERRUPTED, JobsOption, SchedulerOption, SeedOption, console, fail, load_or_exit,
                     output_folder, plain, progress, tell, workers_or_exit)

MAX_SAMPLES = 4096  # Sobol base samples or Morris trajectories: past this the design alone outgrows memory
FileArgument = typer.Argument(..., help="Scenario file (YAML).", show_default=False)


def _run_variants(scenarios, seed: int, runs: int, jobs, scheduler, keep_runs: bool = False):
    """The outcomes (:class:`~sim.analysis.outcomes.Outcomes`) of each variant, in order (with each
    run's measures when ``keep_runs``); on Ctrl-C, exit 130 after saying so."""
    from ..analysis.sweep import measure
    from ..execution import many, stop_on_ctrl_c

    total = len(scenarios) * runs
    with workers_or_exit(jobs, scheduler, total) as where, stop_on_ctrl_c() as stop:
        records = many(scenarios, seed, runs, executor=where.executor, workers=where.count, stop=stop)
        results = [outcomes for _, outcomes in measure(progress(records, total, "running"), keep_runs)]
    if stop.requested:
        tell(f"interrupted: nothing written (every variant needs all its {runs:,} runs)")
        raise typer.Exit(INTERRUPTED)
    return results


def _wrote(folder) -> None:
    for path in folder.written if folder else []:
        console.print(f"wrote {path}", markup=False)


def _subtitle(loaded, runs: int, seed: int, what: str) -> str:
    return f"{loaded.scenario.name}; {what}; {runs:,} runs each, seed {seed}"


def _sources(loaded) -> list[str]:
    return [source.title for source in loaded.scenario.sources]


@app.command()
def sweep(
    file: str = FileArgument,
    param: list[str] = typer.Option(..., "--param", "-p", metavar="PATH=START:STOP:STEP", show_default=False,
                                    help="A scenario value to vary, e.g. talks.duration_days=20:80:20 "
                                         "(both ends included); give --param again for a grid."),
    runs: int = typer.Option(500, "--runs", "-n", min=1, max=1_000_000, help="Replications at each point."),
    seed: Optional[int] = SeedOption,
    out: Optional[str] = typer.Option(None, "--out", "-o", help="Folder for sweep.csv and sweep.png."),
    jobs: Optional[int] = JobsOption,
    scheduler: Optional[str] = SchedulerOption,
) -> None:
    """Run a scenario over a grid of values; show the outcome measures at each point.

    PATH is a dotted key of the scenario, as in error messages: talks.duration_days,
    acceptance.parties[1].accepts, talks.duration_days.lognormal.median (inside a distribution).
    Every point runs the same replications (common random numbers), so differences between
    points come from the values. Measures: the share of runs reaching phase two, the share
    collapsed by day 42 of phase one, and the mean number of living hostages still held at the
    horizon. With --out, writes sweep.csv and a chart, sweep.png (a line chart for one
    parameter, heat maps for two).

    Example: `ceasefire-sim sweep scenarios/proposal-2024-05-31.yaml --param talks.duration_days.lognormal.median=20:80:20 --runs 500 --out results/sweep/`

    Example, a grid: `ceasefire-sim sweep scenarios/proposal-2024-05-31.yaml --param acceptance.parties[1].accepts=0.5:0.9:0.2 --param incidents.breaking_point=4:8:2 --out results/grid/`
    """
    from ..analysis.sweep import grid, parse_param
    from ..analysis.variants import VariantError

    (loaded,) = load_or_exit([file])
    seed = loaded.scenario.seed if seed is None else seed
    try:
        params = [parse_param(spec) for spec in param]
        points = grid(loaded, params)
    except VariantError as error:
        raise fail([f"{loaded.file}: {error}"]) from None
    tell(f"sweep: {len(points):,} points x {runs:,} runs = {len(points) * runs:,} replications")
    with output_folder(out) as folder:
        results = [o.values() for o in _run_variants([p.scenario for p in points], seed, runs, jobs, scheduler)]
        _sweep_outputs(loaded, params, points, results, runs, seed, folder)
    _wrote(folder)


def _sweep_outputs(loaded, params, points, results, runs: int, seed: int, folder) -> None:
    """The sweep's table, and with a folder its CSV and chart."""
    from rich.table import Table

    from ..analysis.outcomes import CAPTION, NAMES, SHORT, formatted
    from ..analysis.sweep import sweep_csv, text
    from ..charts.sweep import sweep_chart
    from ..results import write_atomic
    from ..scenario.labels import key_label

    table = Table(title=f"{plain(loaded.scenario.name)}: sweep, {runs:,} runs a point, seed {seed}")
    for p in params:
        table.add_column(p.name, justify="right", overflow="fold")
    for name in NAMES:
        table.add_column(SHORT[name], justify="right")
    table.caption = CAPTION
    for point, result in zip(points, results):
        table.add_row(*(text(v) for v in point.values), *(formatted(n, result[n]) for n in NAMES))
    console.print(table)
    if folder:
        write_atomic(folder.path("sweep.csv"), sweep_csv(params, points, results, runs))
        labels = [key_label(p.path, loaded.data) for p in params]
        what = " and ".join(labels)
        if not sweep_chart(params, points, results, _subtitle(loaded, runs, seed, f"varying {what}"),
                           _sources(loaded), folder.path("sweep.png"), labels):
            console.print("no chart for more than two parameters; sweep.csv has every point", markup=False)



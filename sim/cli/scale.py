"""sweep and sensitivity: many variants of one scenario, on any executor."""

from __future__ import annotations

from typing import Optional

import typer

from . import app
from .common import (INTERRUPTED, JobsOption, SchedulerOption, SeedOption, console, errors, fail, load_or_exit,
                     output_folder, plain, progress, workers_or_exit)

MAX_SAMPLES = 4096  # Sobol base samples or Morris trajectories: past this the design alone outgrows memory
FileArgument = typer.Argument(..., help="Scenario file (YAML).", show_default=False)


def _run_variants(scenarios, seed: int, runs: int, jobs, scheduler) -> list[dict[str, float]]:
    """The outcome measures of each variant, in order; on Ctrl-C, exit 130 after saying so."""
    from ..analysis.sweep import measure
    from ..execution import many, stop_on_ctrl_c

    total = len(scenarios) * runs
    with workers_or_exit(jobs, scheduler, total) as where, stop_on_ctrl_c() as stop:
        records = many(scenarios, seed, runs, executor=where.executor, workers=where.count, stop=stop)
        results = [values for _, values in measure(progress(records, total, "running"))]
    if stop.requested:
        errors.print(f"interrupted: nothing written (every variant needs all its {runs:,} runs)", markup=False)
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
    errors.print(f"sweep: {len(points):,} points x {runs:,} runs = {len(points) * runs:,} replications",
                 markup=False)
    with output_folder(out) as folder:
        results = _run_variants([p.scenario for p in points], seed, runs, jobs, scheduler)
        _sweep_outputs(loaded, params, points, results, runs, seed, folder)
    _wrote(folder)


def _sweep_outputs(loaded, params, points, results, runs: int, seed: int, folder) -> None:
    """The sweep's table, and with a folder its CSV and chart."""
    from rich.table import Table

    from ..analysis.outcomes import CAPTION, NAMES, SHORT, formatted
    from ..analysis.sweep import sweep_csv, text
    from ..charts.sweep import sweep_chart
    from ..results import write_atomic

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
        what = " and ".join(p.name for p in params)
        if not sweep_chart(params, points, results, _subtitle(loaded, runs, seed, f"varying {what}"),
                           _sources(loaded), folder.path("sweep.png")):
            console.print("no chart for more than two parameters; sweep.csv has every point", markup=False)


@app.command()
def sensitivity(
    file: str = FileArgument,
    method: str = typer.Option("oat", "--method", "-m", metavar="oat|morris|sobol",
                               help="oat: each input at its low and high, one at a time (table and tornado.png); "
                                    "morris, sobol: global methods through SALib "
                                    "(`pip install 'ceasefire-sim[sensitivity]'`)."),
    runs: Optional[int] = typer.Option(None, "--runs", "-n", min=1, max=1_000_000, show_default=False,
                                       help="Replications for each variant (default: oat 1000, morris 200, "
                                            "sobol 100)."),
    samples: Optional[int] = typer.Option(None, "--samples", min=1, max=MAX_SAMPLES, show_default=False,
                                          help="Morris: trajectories (default 10); Sobol: base samples, "
                                               "a power of 2 (default 32)."),
    seed: Optional[int] = SeedOption,
    out: Optional[str] = typer.Option(None, "--out", "-o", help="Folder for sensitivity.csv (and tornado.png)."),
    jobs: Optional[int] = JobsOption,
    scheduler: Optional[str] = SchedulerOption,
) -> None:
    """Which uncertain inputs (the scenario's distributions) drive the outcome measures.

    Each input has a low and a high value: the bounds of a uniform, triangular or choice,
    the 10th and 90th percentiles of a normal or lognormal. Measures: the share of runs
    reaching phase two, the share collapsed by day 42 of phase one, and the mean number of
    living hostages still held at the horizon. The number of replications is printed before
    anything runs.

    Example: `ceasefire-sim sensitivity scenarios/proposal-2024-05-31.yaml --runs 1000 --out results/sensitivity/`

    Example, Morris through SALib: `ceasefire-sim sensitivity scenarios/proposal-2024-05-31.yaml --method morris --runs 200 --out results/morris/`
    """
    from ..analysis.sensitivity import DEFAULT_RUNS, METHODS, NeedsSALib, analyse, design
    from ..analysis.variants import VariantError, uncertain_inputs

    if method not in METHODS:
        raise fail([f"--method {method}: choose one of {', '.join(METHODS)}"])
    if method == "sobol" and samples is not None and samples & (samples - 1):
        raise fail([f"--samples {samples}: Sobol needs a power of 2, e.g. 32 or 64"])
    (loaded,) = load_or_exit([file])
    seed = loaded.scenario.seed if seed is None else seed
    runs = runs or DEFAULT_RUNS[method]
    inputs = uncertain_inputs(loaded)
    if not inputs:
        raise fail([f"{loaded.file}: no uncertain inputs: the scenario has no distribution whose low and "
                    "high differ (write one, e.g. {uniform: [10, 20]})"])
    try:
        plan = design(loaded, inputs, method, samples, seed)
    except NeedsSALib as error:
        raise fail([str(error)]) from None
    except VariantError as error:
        raise fail([f"{loaded.file}: {error}"]) from None
    errors.print(plan.count(runs), markup=False)
    with output_folder(out) as folder:
        results = _run_variants(plan.scenarios, seed, runs, jobs, scheduler)
        _sensitivity_outputs(loaded, inputs, method, analyse(plan, results), results, runs, seed, folder)
    _wrote(folder)


def _sensitivity_outputs(loaded, inputs, method: str, rows, results, runs: int, seed: int, folder) -> None:
    """The sensitivity table, and with a folder its CSV (and the tornado chart)."""
    from rich.table import Table

    from ..analysis.outcomes import CAPTION, NAMES, SHORT, formatted
    from ..analysis.sensitivity import extent, sensitivity_csv
    from ..charts.tornado import tornado
    from ..results import write_atomic

    table = Table(title=f"{plain(loaded.scenario.name)}: sensitivity ({method}), {runs:,} runs a variant, seed {seed}")
    if method == "oat":
        table.add_column("input (low to high)", overflow="fold")
        for name in NAMES:
            table.add_column(f"{SHORT[name]}, low to high", justify="right")
        base = results[0]
        table.caption = ("As the scenario is: " + "; ".join(f"{SHORT[n]} {formatted(n, base[n])}" for n in NAMES)
                         + ". " + CAPTION)
        for row in sorted(rows, key=lambda r: -extent(r, "phase_two")):
            table.add_row(f"{row['input']} ({row['low']:.4g} to {row['high']:.4g})",
                          *(f"{formatted(n, row[f'{n}_at_low'])} to {formatted(n, row[f'{n}_at_high'])}" for n in NAMES))
    else:
        keys = [k for k in rows[0] if k not in ("input", "measure", "low", "high")]
        for header in ("input", "measure", *keys):
            table.add_column(header, justify="left" if header in ("input", "measure") else "right", overflow="fold")
        for row in rows:
            table.add_row(row["input"], row["measure"], *("" if row[k] is None else f"{row[k]:.3f}" for k in keys))
    console.print(table)
    if folder:
        write_atomic(folder.path("sensitivity.csv"), sensitivity_csv(rows))
        if method == "oat":
            tornado(rows, _subtitle(loaded, runs, seed, f"{len(inputs)} uncertain inputs, each at its low and high"),
                    _sources(loaded), folder.path("tornado.png"))

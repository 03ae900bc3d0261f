"""sweep and sensitivity: many variants of one scenario, on any executor."""

from __future__ import annotations

import sys
from typing import Optional

import typer

from . import app
from .common import (INTERRUPTED, JobsOption, SchedulerOption, SeedOption, console, fail, load_or_exit,
                     output_folder, plain, progress, tell, workers_or_exit)

MAX_SAMPLES = 4096  # Sobol base samples or Morris trajectories: past this the design alone outgrows memory
FileArgument = typer.Argument(..., help="Scenario file (YAML).", show_default=False)
MeasureOption = typer.Option("collapsed_in_first_phase", "--measure", metavar="NAME",
                             help="The outcome measure: collapsed_in_first_phase (collapse during the first "
                                  "phase, whatever its length), collapsed (at any time), completed, "
                                  "hostages_still_held, reached:STATE (e.g. reached:phase_two) or "
                                  "collapsed_within:DAYS (e.g. collapsed_within:42).")


def measure_or_exit(name: str, machine=None):
    """The :class:`~sim.analysis.measures.Measure` of this name, or exit 2 saying which names there are
    (a state named by ``reached:`` is checked against ``machine``, the scenario's deal, when given)."""
    from ..analysis.measures import MeasureError, measure

    try:
        return measure(name, machine)
    except MeasureError as error:
        raise fail([f"--measure {error}"]) from None


class JobBar:
    """One progress bar for a job of several rounds (a sensitivity analysis): its total is the plan,
    revised as each stage says how much work follows, so the time left is the whole job's. Silent
    when stderr is no terminal."""

    def __init__(self, total: int) -> None:
        self.total = total
        self._progress = None
        self._task = None

    def __enter__(self) -> "JobBar":
        if sys.stderr.isatty() and not console.quiet:
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                       TimeElapsedColumn, TimeRemainingColumn)

            self._progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                      TimeElapsedColumn(), TimeRemainingColumn(), console=Console(stderr=True),
                                      transient=True)
            self._progress.__enter__()
            self._task = self._progress.add_task("the whole analysis", total=self.total)
        return self

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc)

    def plan(self, total: int) -> None:
        """The job's total, revised."""
        self.total = total
        if self._progress is not None:
            self._progress.update(self._task, total=total)

    def note(self, text: str) -> None:
        """A line of the plan or a finding, printed above the bar."""
        if self._progress is not None:
            self._progress.console.print(text, markup=False, highlight=False)
        else:
            tell(text)

    def each(self, items):
        for item in items:
            yield item
            if self._progress is not None:
                self._progress.advance(self._task)


def _run_variants(scenarios, seed, runs: int, jobs, scheduler, keep_runs: bool = False, shown=None, bar=None,
                  where=None):
    """The outcomes (:class:`~sim.analysis.outcomes.Outcomes`) of each variant, in order (with each
    run's measures when ``keep_runs``; ``shown``: the measures, the standard ones by default); ``seed``:
    one for all (common random numbers) or one a variant; ``bar``: the job's progress bar, when the
    job has several rounds (else a bar of its own); ``where``: workers the job already holds. On
    Ctrl-C, exit 130 after saying so."""
    from contextlib import nullcontext

    from ..analysis.sweep import measure
    from ..execution import many, stop_on_ctrl_c

    total = len(scenarios) * runs
    held = nullcontext(where) if where is not None else workers_or_exit(jobs, scheduler, total)
    with held as where, stop_on_ctrl_c() as stop:
        records = many(scenarios, seed, runs, executor=where.executor, workers=where.count, stop=stop)
        ticking = bar.each(records) if bar is not None else progress(records, total, "running")
        results = [outcomes for _, outcomes in measure(ticking, keep_runs, shown)]
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
    measure: str = MeasureOption,
    out: Optional[str] = typer.Option(None, "--out", "-o", help="Folder for sweep.csv and sweep.png."),
    jobs: Optional[int] = JobsOption,
    scheduler: Optional[str] = SchedulerOption,
) -> None:
    """Run a scenario over a grid of values; show the outcome measures at each point.

    PATH is a dotted key of the scenario, as in error messages: talks.duration_days,
    acceptance.parties[1].accepts, talks.duration_days.lognormal.median (inside a distribution).
    Every point runs the same replications (common random numbers), so differences between
    points come from the values. Measures: --measure (collapse during the first phase by
    default) first, then the shares of runs that collapse at any time and that complete every
    phase, and the mean number of living people still held at the horizon (said in the scenario's
    words; left out for a deal that holds nobody); the table's caption names each. With --out, writes sweep.csv and a chart, sweep.png (a line chart for one
    parameter, heat maps for two).

    Example: `ceasefire-sim sweep scenarios/proposal-2024-05-31.yaml --param talks.duration_days.lognormal.median=20:80:20 --runs 500 --out results/sweep/`

    Example, a grid: `ceasefire-sim sweep scenarios/proposal-2024-05-31.yaml --param acceptance.parties[1].accepts=0.5:0.9:0.2 --param incidents.breaking_point=4:8:2 --out results/grid/`
    """
    from ..analysis.sweep import grid, parse_param
    from ..analysis.variants import VariantError

    from ..analysis.measures import with_headline
    from ..machine import machine_of

    (loaded,) = load_or_exit([file])
    headline = measure_or_exit(measure, machine_of(loaded.scenario))
    shown = with_headline(headline.name, machine_of(loaded.scenario))
    seed = loaded.scenario.seed if seed is None else seed
    try:
        params = [parse_param(spec) for spec in param]
        points = grid(loaded, params)
    except VariantError as error:
        raise fail([f"{loaded.file}: {error}"]) from None
    tell(f"sweep: {len(points):,} points x {runs:,} runs = {len(points) * runs:,} replications")
    with output_folder(out) as folder:
        results = [o.values() for o in _run_variants([p.scenario for p in points], seed, runs, jobs, scheduler,
                                                     shown=shown)]
        _sweep_outputs(loaded, params, points, results, runs, seed, folder, shown)
    _wrote(folder)


def _sweep_outputs(loaded, params, points, results, runs: int, seed: int, folder, shown) -> None:
    """The sweep's table (its caption names each measure), and with a folder its CSV and chart."""
    from rich.table import Table

    from ..analysis.measures import caption
    from ..analysis.sweep import sweep_csv, text
    from ..charts.sweep import sweep_chart
    from ..results import write_atomic
    from ..scenario.labels import key_label

    table = Table(title=f"{plain(loaded.scenario.name)}: sweep, {runs:,} runs a point, seed {seed}")
    for p in params:
        table.add_column(p.name, justify="right", overflow="fold")
    for m in shown:
        table.add_column(m.short, justify="right")
    table.caption = caption(shown)
    for point, result in zip(points, results):
        table.add_row(*(text(v) for v in point.values), *(m.formatted(result[m.name]) for m in shown))
    console.print(table)
    if folder:
        write_atomic(folder.path("sweep.csv"), sweep_csv(params, points, results, runs, shown))
        labels = [key_label(p.path, loaded.data) for p in params]
        what = " and ".join(labels)
        if not sweep_chart(params, points, results, shown, _subtitle(loaded, runs, seed, f"varying {what}"),
                           _sources(loaded), folder.path("sweep.png"), labels):
            console.print("no chart for more than two parameters; sweep.csv has every point", markup=False)



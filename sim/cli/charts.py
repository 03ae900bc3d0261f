"""compare, chart, brief, diagram: scenarios side by side, charts and the briefing pack."""

from __future__ import annotations

import difflib
import os
from typing import Optional

import typer

from . import app
from .common import (JobsOption, RunsOption, SchedulerOption, console, fail, load_or_exit, output_file,
                     output_folder, progress, workers_or_exit)
from .scale import MeasureOption

ScenariosArgument = typer.Argument(..., help="Scenario files (YAML); the first is the baseline.", show_default=False)
ChartSeedOption = typer.Option(None, "--seed", "-s", min=0,
                               help="Root random seed for all scenarios; default: the first scenario's `seed`.")
IMAGE_EXTENSIONS = (".png", ".svg", ".pdf")
DRIVER_RUNS = 150  # runs at each end of each uncertain figure: big effects clear, small ones said to be noise


def _simulate(loaded: list, runs: int, seed: Optional[int], jobs: Optional[int], scheduler: Optional[str],
              tell: int = 0, driver_runs: int = 0, spreads: list | None = None, measure=None):
    """The runs of every scenario loaded (:func:`load_or_exit`, before any output is touched); with
    ``driver_runs``, also the swings of the first scenario's uncertain inputs (what drives ``measure``, a
    share of runs: :func:`_share_or_exit`), on the same workers: (runs, drivers or None). Given a list
    ``spreads``, each scenario's figures over its `uncertain:` assumptions are added to it, on the same workers."""
    from ..analysis.runs import common_seed, simulate

    root = common_seed(loaded, seed)
    with workers_or_exit(jobs, scheduler, runs * len(loaded)) as where:
        simulated = simulate(loaded, root, runs, progress, tell, executor=where.executor, workers=where.count)
        if spreads is not None:
            from ..analysis.spread import spread
            from ..machine import machine_of
            from ..words.findings import key_figures

            keys = [figure.key for figure in key_figures(machine_of(loaded[0].scenario))]
            spreads += [spread(one, root, runs, keys, executor=where.executor, workers=where.count) for one in loaded]
        if not driver_runs:
            return simulated
        from ..analysis.drivers import swings
        from ..words.drivers import Drivers

        found = swings(loaded[0], root, driver_runs, executor=where.executor, workers=where.count,
                       budget=runs * len(loaded), measure=measure.name)  # no more runs than the scenarios' own
        return simulated, Drivers(simulated[0], tuple(found), driver_runs, measure)


def _share_or_exit(name: str, loaded):
    """The measure the drivers page shows for the deal ``loaded``, or exit 2: it must be a share of runs
    (a swing is a difference of two shares, with its interval)."""
    from ..machine import machine_of
    from .scale import measure_or_exit

    chosen = measure_or_exit(name, machine_of(loaded.scenario))
    if not chosen.share:
        raise fail([f"--measure {chosen.name}: the page on what drives the result shows a share of runs; choose "
                    "collapsed_in_first_phase, collapsed, completed, reached:STATE or collapsed_within:DAYS"])
    return chosen


def _check_image_path(out: str, option: str = "--out") -> None:
    """An image path PNG, SVG or PDF by its extension, in a folder that can be one."""
    extension = os.path.splitext(out)[1].lower()
    if extension not in IMAGE_EXTENSIONS:
        raise fail([f"{out}: {option} must end in .png, .svg or .pdf (the extension picks the format)"])
    if os.path.isdir(out):
        raise fail([f"{out}: {option} is a folder; give a file name such as {os.path.join(out, 'chart.png')}"])
    folder = os.path.dirname(os.path.abspath(out))
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise fail([f"{out}: {os.path.dirname(out)} is a file, not a folder"])


@app.command()
def compare(
    files: list[str] = ScenariosArgument,
    runs: int = RunsOption,
    seed: Optional[int] = ChartSeedOption,
    jobs: Optional[int] = JobsOption,
    scheduler: Optional[str] = SchedulerOption,
    out: Optional[str] = typer.Option(None, "--out", "-o", help="Folder for compare.csv and compare.json."),
) -> None:
    """Run scenarios with the same seeds and show them side by side, with differences to the first.

    Shares reaching each phase and ending in each end state, median day each
    state begins over all runs (a run that never gets there counts as later),
    and totals per run, each with a 95% interval; the difference to the first
    scenario is paired run by run (common random numbers) and marked ≈ where
    its interval includes zero (within noise). A note says how many differences
    were tested and how many hold for all of them together.

    Example: `ceasefire-sim compare scenarios/proposal-2024-05-31.yaml scenarios/proposal-talks-stall.yaml --runs 1000 --out results/compare/`
    """
    from ..analysis.compare import compare as comparison_of

    loaded = load_or_exit(files)
    with output_folder(out) as folder:
        result = comparison_of(_simulate(loaded, runs, seed, jobs, scheduler))
        _compare_outputs(result, folder)
    for path in folder.written if folder else []:
        console.print(f"wrote {path}", markup=False)


def _compare_outputs(result, folder) -> None:
    """The comparison's table, and with a folder its CSV and JSON."""
    from ..analysis.compare import multiple_comparisons_note, to_csv, to_json, unreached_states
    from ..results.files import write_atomic

    from .core import comparison_tables

    first = result.runs[0]
    console.print(f"{len(first):,} runs each, seed {first.seed}, same random numbers for all "
                  "(≈: difference within noise)", markup=False, soft_wrap=False)
    for table in comparison_tables(result):
        console.print(table)
    missing = unreached_states(result)
    if missing:
        labels = {s: label for r in reversed(result.runs) for s, label in r.machine.labels.items()}
        console.print(f"No run of any scenario reached: {', '.join(labels[s].lower() for s in missing)}.",
                      markup=False, soft_wrap=False)
    console.print("Shares in % of runs (differences in percentage points); days: median day over all runs, a run "
                  "that never gets there counted as later (–: half the runs or more never do); totals: mean per run. "
                  "[brackets]: 95% interval.", markup=False, soft_wrap=False)
    if result.tested:
        console.print(multiple_comparisons_note(result), markup=False, soft_wrap=False)
    if folder:
        for name, text in (("compare.csv", to_csv(result)), ("compare.json", to_json(result))):
            write_atomic(folder.path(name), text)


def _kind_or_exit(kind: str) -> str:
    from ..charts.base import KINDS

    if kind in KINDS:
        return kind
    close = difflib.get_close_matches(kind, list(KINDS), n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise fail([f"--kind: '{kind}' is not a chart kind; {hint}choose one of {', '.join(KINDS)}"])


@app.command()
def chart(
    files: list[str] = ScenariosArgument,
    kind: str = typer.Option(..., "--kind", "-k", show_default=False,
                             help="states, outcomes, survival, fan, aid, timeline or diagram."),
    runs: int = RunsOption,
    seed: Optional[int] = ChartSeedOption,
    jobs: Optional[int] = JobsOption,
    scheduler: Optional[str] = SchedulerOption,
    out: str = typer.Option("chart.png", "--out", "-o", help="Image file; .png, .svg or .pdf picks the format."),
    dpi: int = typer.Option(150, "--dpi", min=50, max=600, help="Dots per inch of a PNG (50 to 600)."),
    replication: Optional[int] = typer.Option(None, "--replication", "-r", min=0,
                                              help="timeline only: the replication to show (from 0; default 0). "
                                                   "One run is an illustration, not a typical run."),
) -> None:
    """Draw one chart of one or more scenarios (run with the same seeds), ready for a briefing.

    Kinds: **states** (share of runs in each state on each date, a panel a
    scenario), **outcomes** (share ending each way), **survival** (share of
    ceasefires still holding by day, Kaplan-Meier), **fan** (living people
    still held, in the scenario's words, runs split by how they end), **aid** (cumulative trucks against
    the target, split the same way), **timeline** (one run by date, with
    releases, incidents and scripted events), **diagram** (the phase machine
    with how often each step was taken). Each title states what the chart
    shows, computed from the runs.

    Example: `ceasefire-sim chart scenarios/proposal-2024-05-31.yaml scenarios/proposal-talks-stall.yaml --kind states --out states.svg`

    One run by date: `ceasefire-sim chart scenarios/proposal-2024-05-31.yaml --kind timeline --replication 3 --out run3.svg`
    """
    from ..charts.base import render
    from ..charts.style import save

    kind = _kind_or_exit(kind)
    _check_image_path(out)
    if kind == "fan":
        from ..machine import machine_of

        if not any(machine_of(one.scenario).words.holds for one in load_or_exit(files)):
            raise fail([f"--kind fan: {', '.join(files)} hold{'s' if len(files) == 1 else ''} no one, so no one is "
                        "still held to draw; choose another kind, e.g. --kind states"])
    if replication is not None:
        if kind != "timeline":
            raise fail([f"--replication: only the timeline shows one replication, not --kind {kind}"])
        if replication >= runs:
            raise fail([f"--replication: {replication} is not one of the {runs:,} runs (0 to {runs - 1:,}); "
                        "raise --runs or pick a smaller number"])
    loaded = load_or_exit(files)
    with output_file(out):
        save(render(kind, _simulate(loaded, runs, seed, jobs, scheduler, replication or 0)), out, dpi)
    console.print(f"wrote {out}", markup=False)


@app.command()
def brief(
    files: list[str] = ScenariosArgument,
    runs: int = RunsOption,
    seed: Optional[int] = ChartSeedOption,
    jobs: Optional[int] = JobsOption,
    scheduler: Optional[str] = SchedulerOption,
    out: str = typer.Option(..., "--out", "-o", show_default=False,
                            help="Folder for brief.pdf, brief.html and an SVG of each chart."),
    driver_runs: Optional[int] = typer.Option(None, "--driver-runs", min=0, show_default=False,
                                              help="Runs at each end of each uncertain figure of the first "
                                                   "scenario, for the page on what drives the result (default: "
                                                   "150, or --runs if fewer); 0 leaves that page out."),
    record: Optional[str] = typer.Option(None, "--record", metavar="FILE", show_default=False,
                                         help="Record of what happened (CSV): adds a page forecasting the first "
                                              "scenario from --as-of, given the record up to it (see docs/forecast.md)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="DATE", show_default=False,
                                        help="With --record: the day to forecast from (YYYY-MM-DD)."),
    measure: str = MeasureOption,
) -> None:
    """Write the briefing pack: DIR/brief.pdf, the same briefing as DIR/brief.html, and each chart as an SVG.

    Page one states the bottom line in sentences, each with two ranges said apart
    (the 95% interval, the simulation's precision, and the range over the
    scenario's uncertain assumptions), the largest clear differences first and a
    replay of the historical record named as such, and a table of key figures
    with both ranges and the difference from the first scenario. Then: how the
    runs end and the first scenario's key dates; the
    share of runs in each state date by date; the people still held (for a
    deal that holds anyone, in its words) and aid,
    runs split by how they end; what drives the result (each uncertain
    figure of the first scenario swung from low to high); the assumptions the
    files mark and what the model leaves out; the methods (seeds, files,
    sources). The scenarios run once; every page uses the same runs. With
    --record and --as-of, a page after the bottom line forecasts the first
    scenario from that date, its runs weighted by the record up to it. The page
    on what drives the result shows --measure (a share of runs; the same names
    and default as sweep, sensitivity, discover and diff) and says which.

    Example: `ceasefire-sim brief scenarios/proposal-2024-05-31.yaml scenarios/proposal-talks-stall.yaml --runs 1000 --out results/brief/`
    """
    from ..report import write_brief

    driver_runs = min(DRIVER_RUNS, runs) if driver_runs is None else driver_runs
    loaded = load_or_exit(files)
    dated = _record_or_exit(loaded[0], record, as_of)
    chosen = _share_or_exit(measure, loaded[0]) if driver_runs else None
    with output_folder(out) as folder:
        spreads: list = []
        simulated = _simulate(loaded, runs, seed, jobs, scheduler, driver_runs=driver_runs, spreads=spreads,
                              measure=chosen)
        runs_of, drivers = simulated if driver_runs else (simulated, None)
        ahead = _forecast(runs_of[0].loaded, runs, seed, jobs, scheduler, *dated) if dated else None
        write_brief(runs_of, folder.staging, drivers, ahead, spreads)
    for path in folder.written:
        console.print(f"wrote {path}", markup=False)


def _record_or_exit(loaded, record: str | None, as_of: str | None):
    """brief's --record and --as-of, checked against the first scenario before any run (or None)."""
    if (record is None) != (as_of is None):
        raise fail(["brief: give --record FILE and --as-of DATE together (the forecast page needs both)"])
    if record is None:
        return None
    from .forecast import record_or_exit

    return record_or_exit(loaded, record, as_of, [])


def _forecast(loaded, runs, seed, jobs, scheduler, history, as_of, by):
    """The forecast page's figures: the `forecast` command's forecast (the same ensemble, its uncertain
    inputs included, and the same numbers for the same --runs and seed)."""
    from ..analysis.forecast import forecast
    from ..replay.facts import Observation
    from .forecast import ensemble_or_exit

    ensemble, runner = ensemble_or_exit(loaded, runs, None, seed, jobs, scheduler)
    return forecast(ensemble, history, as_of, by, Observation(), runner)


FORMATS = {"mermaid": (".mmd", ".md", ".mermaid"), "dot": (".dot", ".gv"), "png": IMAGE_EXTENSIONS}


@app.command()
def diagram(
    file: str = typer.Argument(..., help="Scenario file (YAML): the deal whose phases to draw.", show_default=False),
    format: Optional[str] = typer.Option(None, "--format", "-f",
                                         help="mermaid, dot or png; default: from --out's extension, else mermaid."),
    out: Optional[str] = typer.Option(None, "--out", "-o",
                                      help="File to write (an image may end in .png, .svg or .pdf); "
                                           "default: print the text."),
    dpi: int = typer.Option(150, "--dpi", min=50, max=600, help="Dots per inch of a PNG (50 to 600)."),
) -> None:
    """A deal's phase machine alone, built from its scenario's phases: Mermaid, Graphviz dot, or an image.

    For the machine with what runs did in it, use `chart --kind diagram`.

    Example: `ceasefire-sim diagram scenarios/plan-2025-10.yaml --format png --out machine.png`
    """
    from ..machine import machine_of
    from ..results.files import write_atomic

    if format is None:
        extension = os.path.splitext(out or "")[1].lower()
        format = next((name for name, ends in FORMATS.items() if extension in ends), "mermaid")
    if format not in FORMATS:
        raise fail([f"--format: '{format}' is not a format; choose mermaid, dot or png"])
    (loaded,) = load_or_exit([file])
    machine = machine_of(loaded.scenario)
    if format == "png":
        if out is None:
            raise fail(["--format png: give the image file with --out, e.g. --out machine.png"])
        _check_image_path(out)
        from ..charts.diagram import machine_only
        from ..charts.style import save

        with output_file(out):
            save(machine_only(machine, loaded.scenario.name), out, dpi)
        console.print(f"wrote {out}", markup=False)
        return
    from ..charts import machine_text

    text = machine_text.mermaid(machine) if format == "mermaid" else machine_text.dot(machine)
    if out is None:
        typer.echo(text, nl=False)
        return
    if os.path.isdir(out):
        raise fail([f"{out}: --out is a folder; give a file name such as {os.path.join(out, 'machine.mmd')}"])
    with output_file(out):
        write_atomic(out, text)
    console.print(f"wrote {out}", markup=False)

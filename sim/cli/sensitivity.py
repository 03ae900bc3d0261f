"""sensitivity: which uncertain inputs drive the outcome, with the precision of each finding."""

from __future__ import annotations

import json
from typing import Optional

import typer

from . import app
from .common import (JobsOption, SchedulerOption, SeedOption, console, design_fits_or_exit, design_room, fail,
                     load_or_exit, output_folder, plain, tell)
from .scale import FileArgument, JobBar, MeasureOption, _run_variants, _sources, _subtitle, _wrote, measure_or_exit

VaryOption = typer.Option(None, "--vary", metavar="PATH=LOW:HIGH", show_default=False,
                          help="Explore this key over LOW to HIGH as well (or instead of the range the "
                               "scenario's `uncertain:` block gives it), e.g. talks.breakdown_hazard_per_day=0.005:0.02; "
                               "give --vary again for more.")
PROBE_RUNS = 30  # replications timed here before the plan is stated, to estimate its time


def inputs_or_exit(loaded, vary: list[str] | None):
    """The inputs to explore (the `uncertain:` block and --vary), or exit 2 saying what is wrong."""
    from ..analysis.variants import VariantError, uncertain_inputs

    try:
        inputs = uncertain_inputs(loaded, vary or ())
    except VariantError as error:
        raise fail([f"{loaded.file}: {error}"]) from None
    if not inputs:
        raise fail([f"{loaded.file}: no uncertain inputs: add an `uncertain:` block to the scenario "
                    "(see docs/drivers.md) or give --vary PATH=LOW:HIGH"])
    return inputs


def evaluator(loaded, inputs, shown, jobs, scheduler, where, bar):
    """The scenario as a function of points in the unit cube over ``inputs``, a seed a point and the runs
    a point: each point a variant, run on the job's workers; each run's value of each measure."""
    import numpy as np

    from ..analysis.sensitivity import Evaluated, scenarios_at

    def evaluate(points, seeds, runs):
        scenarios = scenarios_at(loaded, inputs, points)
        outcomes = _run_variants(scenarios, list(seeds), runs, jobs, scheduler, keep_runs=True, shown=shown,
                                 bar=bar, where=where)
        return Evaluated(np.array([[np.frombuffer(o.each[m.name]) for m in shown] for o in outcomes])
                         .transpose(0, 2, 1))

    return evaluate


def replication_rate(loaded, workers: int) -> float:
    """Replications a second the job can expect: a few timed here, times the workers (a rough figure
    for the plan's time; it never enters a result)."""
    import time

    from ..engine import Engine

    engine = Engine(loaded.scenario)
    began = time.perf_counter()
    for k in range(PROBE_RUNS):
        engine.replicate(loaded.scenario.seed, k)
    return PROBE_RUNS / max(time.perf_counter() - began, 1e-6) * workers * 0.8


def _seconds(replications: int, rate: float) -> str:
    seconds = replications / rate
    return f"about {seconds:,.0f} s" if seconds < 120 else f"about {seconds / 60:,.0f} min"


@app.command()
def sensitivity(
    file: str = FileArgument,
    method: str = typer.Option("auto", "--method", "-m", metavar="auto|oat|morris|sobol",
                               help="auto: Morris screening of every input, then Sobol indices on those that "
                                    "matter; oat: each input at its low and high, one at a time (tornado.png); "
                                    "morris or sobol alone. All but oat need SALib "
                                    "(`pip install 'ceasefire-sim[sensitivity]'`)."),
    vary: Optional[list[str]] = VaryOption,
    measure: str = MeasureOption,
    runs: Optional[int] = typer.Option(None, "--runs", "-n", min=2, max=1_000_000, show_default=False,
                                       help="Replications at each design point (default: oat 1000; Morris 20; "
                                            "Sobol 5 in its first round, then the number the target needs at "
                                            "the least cost)."),
    trajectories: int = typer.Option(10, "--trajectories", min=2, max=1000,
                                     help="Morris: paths through the inputs, each of inputs+1 points, each with "
                                          "its own luck."),
    precision: float = typer.Option(0.05, "--precision", min=0.0, max=1.0,
                                    help="Sobol: stop when the 95% interval of every total index on the measure "
                                         "is within this much either side."),
    max_samples: int = typer.Option(4096, "--max-samples", min=4, max=65536,
                                    help="Sobol: at most this many blocks (base samples; each is inputs+2 points "
                                         "with its own luck; rounded up to a multiple of 32, one a replicate); past "
                                         "it, a warning says what precision was reached."),
    seed: Optional[int] = SeedOption,
    out: Optional[str] = typer.Option(None, "--out", "-o", help="Folder for sensitivity.csv, sensitivity.json "
                                                                "and a chart."),
    jobs: Optional[int] = JobsOption,
    scheduler: Optional[str] = SchedulerOption,
) -> None:
    """Which uncertain inputs drive the outcome, each finding with an interval that includes chance.

    The inputs are the scenario's `uncertain:` block (each key and the range it is explored
    over) and any --vary. The default (the example writes it out) answers in about a minute:
    Morris screening of every input at 20 runs a point, then Sobol indices on the inputs that
    matter, with the runs a point and the number of blocks chosen for the target precision. Each block of the design (a Morris
    path, a Sobol block) has its own luck; inside it every point runs the same seeds, and what
    chance still adds to the differences is subtracted. The plan, its replications and its time
    are printed before it starts; one progress bar covers the whole job.

    Example: `ceasefire-sim sensitivity scenarios/agreement-2025-01.yaml --trajectories 10 --max-samples 4096 --out results/drivers/`

    Example, one at a time with an extra input: `ceasefire-sim sensitivity scenarios/proposal-2024-05-31.yaml --method oat --vary talks.start_day=7:28 --runs 200 --out results/tornado/`
    """
    from ..analysis import sensitivity as methods
    from ..analysis.measures import with_headline
    from ..analysis.variants import VariantError
    from ..charts.tornado import tornado
    from ..execution import default_jobs
    from ..machine import machine_of
    from ..results import write_atomic

    if method not in methods.METHODS:
        raise fail([f"--method {method}: choose one of {', '.join(methods.METHODS)}"])
    if method != "oat":
        try:
            methods.salib()
        except methods.NeedsSALib as error:
            raise fail([str(error)]) from None
    (loaded,) = load_or_exit([file])
    headline = measure_or_exit(measure, machine_of(loaded.scenario))
    shown = with_headline(headline.name, machine_of(loaded.scenario))
    seed = loaded.scenario.seed if seed is None else seed
    inputs = inputs_or_exit(loaded, vary)
    morris, sobol = trajectories * (len(inputs) + 1), max_samples * (len(inputs) + 2)  # the designs' largest sizes
    # auto runs Sobol only on the inputs screening keeps: its blocks are held to the memory once they are known
    largest = {"oat": (2 * len(inputs) + 1, "--method oat"), "morris": (morris, f"--trajectories {trajectories:,}"),
               "auto": (morris, f"--trajectories {trajectories:,}")}.get(
        method, (max(morris, sobol), f"--max-samples {max_samples:,} with {len(inputs)} inputs"))
    design_fits_or_exit(loaded.scenario, *largest)
    sources = _sources(loaded)
    workers = 1 if jobs == 1 else (jobs or default_jobs())
    rate = replication_rate(loaded, workers)
    report: dict = {"scenario": loaded.scenario.name, "file": loaded.file, "sha256": loaded.sha256, "seed": seed,
                    "method": method, "measure": {"name": headline.name, "label": headline.label},
                    "measures": [{"name": m.name, "label": m.label} for m in shown],
                    "inputs": [{"input": i.name, "label": i.label, "low": i.low, "high": i.high, "own": i.own}
                               for i in inputs]}
    written: dict[str, str] = {}

    if method == "oat":
        try:
            scenarios = methods.oat_scenarios(loaded, inputs)
        except VariantError as error:
            raise fail([f"{loaded.file}: {error}"]) from None
        runs = runs or methods.OAT_RUNS
        total = len(scenarios) * runs
        tell(f"plan: one at a time, {len(inputs)} inputs x 2 values + the scenario itself = {len(scenarios):,} "
             f"variants x {runs:,} runs = {total:,} replications, {_seconds(total, rate)} on {workers} workers")
        with output_folder(out) as folder:
            outcomes = _run_variants(scenarios, seed, runs, jobs, scheduler, keep_runs=True, shown=shown)
            rows = methods.oat_rows(inputs, outcomes, shown)
            _oat_table(loaded, rows, headline, runs, seed)
            report.update(runs_per_point=runs, one_at_a_time=rows)
            written["sensitivity.csv"] = methods.sensitivity_csv(rows)
            written["sensitivity.json"] = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
            if folder:
                for name, text in written.items():
                    write_atomic(folder.path(name), text)
                tornado(rows, headline, _subtitle(loaded, runs, seed, f"{len(inputs)} uncertain inputs, each at "
                                                  "the ends of its range"), sources, folder.path("tornado.png"))
        _wrote(folder)
        return

    screen_runs = runs or methods.MORRIS_RUNS
    screening_cost = trajectories * (len(inputs) + 1) * screen_runs if method in ("auto", "morris") else 0
    first, max_samples = methods.whole(min(methods.FIRST_BLOCKS, max_samples)), methods.whole(max_samples)
    stages = []
    if screening_cost:
        stages.append(f"screening (Morris) of {len(inputs)} inputs: {trajectories} paths x {len(inputs) + 1} points "
                      f"x {screen_runs} runs = {screening_cost:,} replications, {_seconds(screening_cost, rate)}")
    if method in ("auto", "sobol"):
        kept = "the inputs that matter" if method == "auto" else f"all {len(inputs)} inputs"
        fixed = f"{runs} runs a point" if runs else (f"{methods.PILOT_RUNS} runs a point, then the runs a point "
                                                     "that reach the target at the least cost")
        stages.append(f"variance shares (Sobol) on {kept}: a first round of {first} blocks x (inputs + 2) points, "
                      f"{fixed}; then the blocks the target ±{precision:g} needs, said before they run "
                      f"(at most {max_samples:,} blocks)")
    tell(f"plan, at about {rate:,.0f} replications a second on {workers} workers:")
    for number, stage in enumerate(stages, 1):
        tell(f"  {number}. {stage}")
    sobol_first = first * ((len(inputs) if method == "sobol" else min(len(inputs), 5)) + 2) * (runs or methods.PILOT_RUNS)
    with output_folder(out) as folder:
        _morris_then_sobol(loaded, inputs, shown, headline, method, runs, trajectories, precision, max_samples, seed,
                           jobs, scheduler, screening_cost, screen_runs, first, sobol_first, rate, report, folder,
                           sources)
    _wrote(folder)


def _morris_then_sobol(loaded, inputs, shown, headline, method, runs, trajectories, precision, max_samples, seed, jobs,
                       scheduler, screening_cost, screen_runs, first, sobol_first, rate, report, folder, sources) -> None:
    """Morris, Sobol or both on one pool of workers under one progress bar; then the tables and files."""
    from ..analysis import sensitivity as methods
    from ..charts.tornado import indices_chart
    from ..results import write_atomic
    from .common import workers_or_exit

    written: dict[str, str] = {}
    with workers_or_exit(jobs, scheduler, screening_cost + sobol_first) as where, \
            JobBar(screening_cost + (sobol_first if method != "morris" else 0)) as bar:
        chosen = list(range(len(inputs)))
        rows: list[dict] = []
        screening = found = None
        if screening_cost:
            evaluate = evaluator(loaded, inputs, shown, jobs, scheduler, where, bar)
            screening = methods.screen(len(inputs), evaluate, trajectories, seed, screen_runs)
            chosen = screening.matters(0)
            rows = methods.screening_rows(inputs, screening, shown)
            report["screening"] = {"trajectories": trajectories, "points": screening.points, "runs_per_point": screen_runs,
                                   "replications": screening.points * screen_runs,
                                   "noise_share": dict(zip((m.name for m in shown), screening.noise_share.tolist())),
                                   "matters": [inputs[k].name for k in chosen], "rows": rows}
        if method == "sobol" or (method == "auto" and chosen):
            picked = [inputs[k] for k in chosen]
            room = design_room(loaded.scenario)
            if room is not None and max_samples * (len(picked) + 2) > room:
                max_samples = max(methods.REPLICATES, room // (len(picked) + 2) // methods.REPLICATES * methods.REPLICATES)
                bar.note(f"note: at most {max_samples:,} blocks of Sobol on {len(picked)} inputs fit in this "
                         "machine's free memory; the precision reached is said at the end")
            pilot = first * (len(picked) + 2) * (runs or methods.PILOT_RUNS)
            bar.plan(screening_cost + pilot)
            if method == "auto":
                bar.note(f"sobol on the {len(picked)} inputs that matter (the other {len(inputs) - len(picked)} keep "
                         f"the scenario's values): first round {first} blocks x {len(picked) + 2} points x "
                         f"{runs or methods.PILOT_RUNS} runs = {pilot:,} replications")

            def planned(blocks: int, per_point: int) -> None:
                more = blocks * (len(picked) + 2) * per_point
                bar.plan(bar.total + more)
                bar.note(f"next round, for ±{precision:g}: {blocks:,} blocks x {len(picked) + 2} points x {per_point} "
                         f"runs = {more:,} replications, {_seconds(more, rate)}")

            found = methods.sobol_indices(len(picked), evaluator(loaded, picked, shown, jobs, scheduler, where, bar), 0,
                                          precision, first, max_samples, seed, runs, planned)
            rows = methods.sobol_rows(picked, found, shown)
            report["sobol"] = {"blocks": found.samples, "points": found.points, "replications": found.replications,
                               "runs_per_point": list(found.runs),
                               "precision": {"target": found.target, "reached": found.reached, "met": found.precise},
                               "noise_share": dict(zip((m.name for m in shown), found.noise_share.tolist())),
                               "warnings": found.warnings, "rows": rows}
    if screening is not None:
        _screening_table(inputs, screening, headline, chosen)
        if not chosen:
            tell("warning: no input moves the measure by more than chance does; Sobol indices are not computed")
    if found is not None:
        _sobol_table(picked, found, headline)
        for warning in found.warnings:
            tell(f"warning: {warning}")
    replications = sum(report.get(k, {}).get("replications", 0) for k in ("screening", "sobol"))
    report["replications"] = replications
    written["sensitivity.csv"] = methods.sensitivity_csv(rows) if rows else ""
    written["sensitivity.json"] = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if folder:
        for name, text in written.items():
            write_atomic(folder.path(name), text)
        if found is not None:
            indices_chart(picked, found, headline, f"{loaded.scenario.name}; Sobol, {found.samples:,} blocks at "
                          f"{', '.join(map(str, found.runs))} runs a point by round, {replications:,} replications in "
                          f"all; 95% intervals include chance; seed {seed}", sources, folder.path("sensitivity.png"))
        elif screening is not None:
            indices_chart(inputs, screening, headline, _subtitle(
                loaded, screen_runs, seed, f"Morris, {trajectories} paths; 95% intervals include chance"), sources,
                folder.path("sensitivity.png"))


def _oat_table(loaded, rows, headline, runs, seed) -> None:
    from rich.table import Table  # only when a table is drawn: a fast start

    from ..analysis.sensitivity import extent
    from ..words.drivers import idle_line

    name = headline.name
    moving = [r for r in rows if extent(r, name) > r[f"{name}_noise"]]
    table = Table(title=f"{plain(loaded.scenario.name)}: each input at the ends of its range, {runs:,} runs a variant, "
                        f"seed {seed}")
    table.add_column("input (range; scenario's value)", overflow="fold")
    table.add_column(f"{headline.label}: at low to at high", justify="right")
    table.add_column("chance (±)", justify="right")
    idle = idle_line([r["label"] for r in rows if r not in moving], headline.label)
    table.caption = (f"As the scenario is: {headline.formatted(rows[0][f'{name}_base'])}" if rows else "") + \
        (f". {idle}" if idle else "")
    for row in sorted(moving, key=lambda r: -extent(r, name)):
        own = "" if row["own"] is None else f"; {row['own']:.4g}"
        table.add_row(f"{row['label']} ({row['low']:.4g} to {row['high']:.4g}{own})",
                      f"{headline.formatted(row[f'{name}_at_low'])} to {headline.formatted(row[f'{name}_at_high'])}",
                      headline.formatted(row[f"{name}_noise"]))
    console.print(table)


def _screening_table(inputs, screening, headline, chosen) -> None:
    from rich.table import Table  # only when a table is drawn: a fast start

    from ..words.drivers import idle_line, order_title

    effects, conf = screening.mu_star[:, 0], screening.mu_star_conf[:, 0]
    floor = screening.noise_floor[0]
    shown = [k for k in range(len(inputs)) if effects[k] - conf[k] > floor or k in chosen]
    title = order_title([inputs[k].label for k in shown], [effects[k] for k in shown], [conf[k] for k in shown], "move",
                        headline.label)
    table = Table(title=f"Screening (Morris): {title}")
    for header in ("input", "effect over its range (mu*)", "95% interval ±", "kept for Sobol"):
        table.add_column(header, justify="left" if header == "input" else "right", overflow="fold")
    idle = idle_line([inputs[k].label for k in range(len(inputs)) if k not in shown], headline.label)
    table.caption = (f"measure: {headline.label}; {screening.runs} runs a point, each path its own luck; chance alone "
                     f"would show an effect of about {floor:.3f}; chance is {screening.noise_share[0]:.0%} of the spread "
                     f"between points. {idle}")
    for k in sorted(shown, key=lambda k: -effects[k]):
        table.add_row(inputs[k].label, f"{effects[k]:.3f}", f"{conf[k]:.3f}", "yes" if k in chosen else "")
    console.print(table)


def _sobol_table(inputs, found, headline) -> None:
    from rich.table import Table  # only when a table is drawn: a fast start

    from ..words.drivers import order_title

    total, conf = found.ST[:, 0], found.ST_conf[:, 0]
    table = Table(title=f"Variance shares (Sobol): {order_title([i.label for i in inputs], list(total), list(conf), 'drive', headline.label)}")
    for header in ("input", "alone (S1)", "with interactions (ST)"):
        table.add_column(header, justify="left" if header == "input" else "right", overflow="fold")
    table.caption = (f"measure: {headline.label}; {found.samples:,} blocks, runs a point {', '.join(map(str, found.runs))} "
                     f"by round, {found.replications:,} replications; 95% intervals include chance; precision reached "
                     f"±{found.reached:.3f} (target ±{found.target:.3f}); chance is {found.noise_share[0]:.0%} of the "
                     "spread between points and is corrected for")
    for k in sorted(range(len(inputs)), key=lambda k: -total[k]):
        table.add_row(inputs[k].label, f"{found.S1[k, 0]:.2f} ± {found.S1_conf[k, 0]:.2f}",
                      f"{total[k]:.2f} ± {conf[k]:.2f}")
    console.print(table)

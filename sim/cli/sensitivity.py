"""sensitivity: which uncertain inputs drive the outcome, with the precision of each finding."""

from __future__ import annotations

import json
from typing import Optional

import typer

from . import app
from .common import (JobsOption, SchedulerOption, SeedOption, console, design_fits_or_exit, fail, load_or_exit,
                     output_folder, plain, tell)
from .scale import FileArgument, _run_variants, _sources, _subtitle, _wrote

VaryOption = typer.Option(None, "--vary", metavar="PATH=LOW:HIGH", show_default=False,
                          help="Explore this key over LOW to HIGH as well (or instead of the range the "
                               "scenario's `uncertain:` block gives it), e.g. talks.breakdown_hazard_per_day=0.005:0.02; "
                               "give --vary again for more.")
MeasureOption = typer.Option("collapse_by_day_42", "--measure", metavar="NAME",
                             help="The headline measure that precision is stated on and inputs are chosen by: "
                                  "collapse_by_day_42, phase_two or hostages_still_held.")


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


def evaluator(loaded, inputs, seed: int, runs: int, jobs, scheduler):
    """The scenario as a function of points in the unit cube over ``inputs``: each point a variant,
    run ``runs`` times on the usual executors; its outcomes and their run-to-run chance."""
    import numpy as np

    from ..analysis.outcomes import NAMES
    from ..analysis.sensitivity import Evaluated, scenarios_at

    def evaluate(points):
        scenarios = scenarios_at(loaded, inputs, points)
        tell(f"  {len(scenarios):,} variants x {runs:,} runs = {len(scenarios) * runs:,} replications")
        outcomes = _run_variants(scenarios, seed, runs, jobs, scheduler)
        return Evaluated(np.array([[o.values()[n] for n in NAMES] for o in outcomes]),
                         np.array([[o.noise()[n] for n in NAMES] for o in outcomes]))

    return evaluate


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
                                       help="Replications at each design point (default: oat 1000, others 200)."),
    trajectories: int = typer.Option(10, "--trajectories", min=2, max=1000,
                                     help="Morris: paths through the inputs, each of inputs+1 points."),
    precision: float = typer.Option(0.05, "--precision", min=0.0, max=1.0,
                                    help="Sobol: stop when the 95% interval of every total index on the headline "
                                         "measure is within this much either side."),
    max_samples: int = typer.Option(512, "--max-samples", min=4, max=65536,
                                    help="Sobol: at most this many base samples (a power of 2; each is inputs+2 "
                                         "points); past it, a warning says what precision was reached."),
    seed: Optional[int] = SeedOption,
    out: Optional[str] = typer.Option(None, "--out", "-o", help="Folder for sensitivity.csv, sensitivity.json "
                                                                "and a chart."),
    jobs: Optional[int] = JobsOption,
    scheduler: Optional[str] = SchedulerOption,
) -> None:
    """Which uncertain inputs drive the outcome, each finding with its interval.

    The inputs are the scenario's `uncertain:` block (each key and the range it is explored
    over) and any --vary. Every design point runs the same replications (common random
    numbers); how much of the spread between points is still run-to-run chance is measured and
    reported. Sobol doubles its samples until the stated precision is reached on the headline
    measure, or says plainly what was reached. The number of replications is printed before
    each round runs.

    Example: `ceasefire-sim sensitivity scenarios/agreement-2025-01.yaml --runs 100 --trajectories 4 --max-samples 8 --out results/drivers/`

    Example, one at a time with an extra input: `ceasefire-sim sensitivity scenarios/proposal-2024-05-31.yaml --method oat --vary talks.start_day=7:28 --runs 200 --out results/tornado/`
    """
    from ..analysis.outcomes import NAMES
    from ..analysis import sensitivity as methods
    from ..analysis.variants import VariantError
    from ..charts.tornado import indices_chart, tornado
    from ..results import write_atomic

    if method not in methods.METHODS:
        raise fail([f"--method {method}: choose one of {', '.join(methods.METHODS)}"])
    if measure not in NAMES:
        raise fail([f"--measure {measure}: choose one of {', '.join(NAMES)}"])
    if max_samples & (max_samples - 1):
        raise fail([f"--max-samples {max_samples}: Sobol needs a power of 2, e.g. 256 or 512"])
    if method != "oat":
        try:
            methods.salib()
        except methods.NeedsSALib as error:
            raise fail([str(error)]) from None
    (loaded,) = load_or_exit([file])
    seed = loaded.scenario.seed if seed is None else seed
    runs = runs or methods.DEFAULT_RUNS[method]
    inputs = inputs_or_exit(loaded, vary)
    morris, sobol = trajectories * (len(inputs) + 1), max_samples * (len(inputs) + 2)  # the designs' largest sizes
    largest = {"oat": (2 * len(inputs) + 1, "--method oat"), "morris": (morris, f"--trajectories {trajectories:,}")}.get(
        method, (max(morris, sobol), f"--max-samples {max_samples:,} with {len(inputs)} inputs"))
    design_fits_or_exit(loaded.scenario, *largest)
    headline = NAMES.index(measure)
    sources = _sources(loaded)
    with output_folder(out) as folder:
        evaluate = evaluator(loaded, inputs, seed, runs, jobs, scheduler)
        written: dict[str, str] = {}
        report: dict = {"scenario": loaded.scenario.name, "file": loaded.file, "sha256": loaded.sha256, "seed": seed,
                        "runs_per_point": runs, "method": method, "headline": measure,
                        "inputs": [{"input": i.name, "label": i.label, "low": i.low, "high": i.high, "own": i.own}
                                   for i in inputs]}

        if method == "oat":
            try:
                scenarios = methods.oat_scenarios(loaded, inputs)
            except VariantError as error:
                raise fail([f"{loaded.file}: {error}"]) from None
            tell(f"oat: {len(inputs)} inputs x 2 values + the scenario itself = {len(scenarios):,} variants "
                 f"x {runs:,} runs = {len(scenarios) * runs:,} replications")
            outcomes = _run_variants(scenarios, seed, runs, jobs, scheduler, keep_runs=True)
            rows = methods.oat_rows(inputs, outcomes)
            _oat_table(loaded, rows, measure, runs, seed)
            report["one_at_a_time"] = rows
            written["sensitivity.csv"] = methods.sensitivity_csv(rows)
            chart = ("tornado.png", lambda path: tornado(rows, measure, _subtitle(
                loaded, runs, seed, f"{len(inputs)} uncertain inputs, each at the ends of its range"), sources, path))
        else:
            chosen = list(range(len(inputs)))
            rows = []
            if method in ("auto", "morris"):
                tell(f"morris: {trajectories} trajectories x {len(inputs) + 1} points")
                screening = methods.screen(len(inputs), evaluate, trajectories, seed)
                chosen = screening.matters(headline)
                rows = methods.screening_rows(inputs, screening)
                report["screening"] = {"trajectories": trajectories, "points": screening.points,
                                       "noise_share": dict(zip(NAMES, screening.noise_share.tolist())),
                                       "matters": [inputs[k].name for k in chosen], "rows": rows}
                _screening_table(inputs, screening, headline, chosen)
                if not chosen:
                    tell("warning: no input moves the headline measure by more than chance does; "
                         "Sobol indices are not computed")
            if method == "sobol" or (method == "auto" and chosen):
                picked = [inputs[k] for k in chosen]
                if method == "auto":
                    tell(f"sobol on the {len(picked)} inputs that matter (the others keep the scenario's own "
                         f"value): from {min(methods.FIRST_SAMPLES, max_samples)} base samples x {len(picked) + 2} points")
                found = methods.sobol_indices(len(picked), evaluator(loaded, picked, seed, runs, jobs, scheduler),
                                              headline, precision, min(methods.FIRST_SAMPLES, max_samples),
                                              max_samples, seed)
                rows = methods.sobol_rows(picked, found)
                report["sobol"] = {"base_samples": found.samples, "points": found.points,
                                   "precision": {"target": found.target, "reached": found.reached,
                                                 "met": found.precise},
                                   "noise_share": dict(zip(NAMES, found.noise_share.tolist())),
                                   "warnings": found.warnings, "rows": rows}
                _sobol_table(picked, found, headline)
                for warning in found.warnings:
                    tell(f"warning: {warning}")
                chart = ("sensitivity.png", lambda path: indices_chart(picked, found, measure, _subtitle(
                    loaded, runs, seed, f"{found.samples} base samples; 95% intervals"), sources, path))
            else:
                chart = ("sensitivity.png", lambda path: indices_chart(inputs, screening, measure, _subtitle(
                    loaded, runs, seed, f"Morris, {trajectories} trajectories; 95% intervals"), sources, path))
            written["sensitivity.csv"] = methods.sensitivity_csv(rows) if rows else ""
        written["sensitivity.json"] = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
        if folder:
            for name, text in written.items():
                write_atomic(folder.path(name), text)
            picture = folder.path(chart[0])
            chart[1](picture)
    _wrote(folder)


def _oat_table(loaded, rows, measure, runs, seed) -> None:
    from rich.table import Table  # only when a table is drawn: a fast start

    from ..analysis.outcomes import LABELS, formatted
    from ..analysis.sensitivity import extent

    table = Table(title=f"{plain(loaded.scenario.name)}: each input at the ends of its range, {runs:,} runs a variant, "
                        f"seed {seed}")
    table.add_column("input (range; scenario's value)", overflow="fold")
    table.add_column(f"{LABELS[measure]}: at low to at high", justify="right")
    table.add_column("chance (±)", justify="right")
    table.caption = f"As the scenario is: {formatted(measure, rows[0][f'{measure}_base'])}" if rows else ""
    for row in sorted(rows, key=lambda r: -extent(r, measure)):
        own = "" if row["own"] is None else f"; {row['own']:.4g}"
        table.add_row(f"{row['label']} ({row['low']:.4g} to {row['high']:.4g}{own})",
                      f"{formatted(measure, row[f'{measure}_at_low'])} to {formatted(measure, row[f'{measure}_at_high'])}",
                      formatted(measure, row[f"{measure}_noise"]))
    console.print(table)


def _screening_table(inputs, screening, headline, chosen) -> None:
    from rich.table import Table  # only when a table is drawn: a fast start

    from ..analysis.outcomes import NAMES, LABELS

    table = Table(title=f"Screening (Morris): effect on {LABELS[NAMES[headline]]} over each input's range")
    for header in ("input", "effect (mu*)", "95% interval ±", "matters"):
        table.add_column(header, justify="left" if header == "input" else "right", overflow="fold")
    moving = [k for k in range(len(inputs)) if screening.mu_star[k, headline] > 0]
    table.caption = (f"chance alone would show an effect of at most about {screening.noise_floor[headline]:.3f}; "
                     f"run-to-run chance is at most {screening.noise_share[headline]:.0%} of the spread between points"
                     + (f"; {len(inputs) - len(moving)} other inputs do not move it at all" if len(moving) < len(inputs)
                        else ""))
    for k in sorted(moving, key=lambda k: -screening.mu_star[k, headline]):
        table.add_row(inputs[k].label, f"{screening.mu_star[k, headline]:.3f}",
                      f"{screening.mu_star_conf[k, headline]:.3f}", "yes" if k in chosen else "")
    console.print(table)


def _sobol_table(inputs, found, headline) -> None:
    from rich.table import Table  # only when a table is drawn: a fast start

    from ..analysis.outcomes import NAMES, LABELS

    table = Table(title=f"Variance shares (Sobol) of {LABELS[NAMES[headline]]}, {found.samples} base samples")
    for header in ("input", "alone (S1)", "with interactions (ST)"):
        table.add_column(header, justify="left" if header == "input" else "right", overflow="fold")
    table.caption = (f"95% intervals; precision reached ±{found.reached:.3f} (target ±{found.target:.3f}); "
                     f"run-to-run chance is at most {found.noise_share[headline]:.0%} of the spread between points")
    for k in sorted(range(len(inputs)), key=lambda k: -found.ST[k, headline]):
        table.add_row(inputs[k].label, f"{found.S1[k, headline]:.2f} ± {found.S1_conf[k, headline]:.2f}",
                      f"{found.ST[k, headline]:.2f} ± {found.ST_conf[k, headline]:.2f}")
    console.print(table)

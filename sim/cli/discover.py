"""discover: which combinations of assumptions lead to an outcome, in sentences with coverage and density."""

from __future__ import annotations

import json
from typing import Optional

import typer

from . import app
from .common import (INTERRUPTED, JobsOption, SchedulerOption, SeedOption, console, design_fits_or_exit, fail,
                     load_or_exit, output_folder, progress, tell, workers_or_exit)
from .scale import FileArgument, MeasureOption, _sources, _subtitle, _wrote, measure_or_exit
from .sensitivity import VaryOption, inputs_or_exit


@app.command()
def discover(
    file: str = FileArgument,
    measure: str = MeasureOption,
    outcome: Optional[str] = typer.Option(None, "--outcome", metavar="STATE", show_default=False,
                                          help="Explain reaching this state instead (the same as --measure "
                                               "reached:STATE), e.g. --outcome phase_two."),
    vary: Optional[list[str]] = VaryOption,
    samples: int = typer.Option(200, "--samples", min=20, max=100_000,
                                help="Design points sampled across the uncertain inputs (a Latin hypercube)."),
    runs: int = typer.Option(50, "--runs", "-n", min=1, max=100_000, help="Replications at each design point."),
    depth: int = typer.Option(3, "--depth", min=1, max=6,
                              help="At most this many conditions in a box (the depth of the tree)."),
    seed: Optional[int] = SeedOption,
    out: Optional[str] = typer.Option(None, "--out", "-o", help="Folder for discover.csv, discover.json and "
                                                                "discover.png."),
    jobs: Optional[int] = JobsOption,
    scheduler: Optional[str] = SchedulerOption,
) -> None:
    """Which combinations of assumptions lead to an outcome, told as sentences.

    Samples design points across the ranges of the scenario's `uncertain:` block (and any
    --vary), runs each its own replications, and finds the boxes of conditions on the inputs
    where the outcome (the measure, as in `sensitivity`: collapse during the first phase by
    default) is most common (a classification tree, scikit-learn). Each box is told with its
    density (the share of its runs with the outcome) and coverage (the share of all such runs it
    holds), each with a 95% interval, and with how often it recurs when the tree is fitted on
    resamples of the design points. Needs `pip install 'ceasefire-sim[discover]'`.

    Example: `ceasefire-sim discover scenarios/agreement-2025-01.yaml --samples 200 --runs 50 --out results/discover/`

    Example, reaching phase two: `ceasefire-sim discover scenarios/agreement-2025-01.yaml --measure reached:phase_two --out results/discover/`
    """
    from ..analysis import discover as method
    from ..analysis.measures import MeasureError
    from ..analysis.measures import measure as named
    from ..analysis.sensitivity import block_seed, scenarios_at
    from ..charts.discover import discover_chart
    from ..execution import many, stop_on_ctrl_c
    from ..machine import machine_of
    from ..results import write_atomic

    try:
        method.sklearn()
    except method.NeedsScikitLearn as error:
        raise fail([str(error)]) from None
    (loaded,) = load_or_exit([file])
    machine = machine_of(loaded.scenario)
    if outcome is not None:
        try:
            chosen = named(f"reached:{outcome}", machine)
        except MeasureError as error:
            raise fail([f"--outcome {outcome}: {str(error).partition(': ')[2]}"]) from None
    else:
        chosen = measure_or_exit(measure, machine)
    if not chosen.share:
        raise fail([f"--measure {chosen.name}: discover explains an outcome a run has or has not; choose a share "
                    "of runs, e.g. collapsed_in_first_phase, collapsed, completed or reached:phase_two"])
    seed = loaded.scenario.seed if seed is None else seed
    inputs = inputs_or_exit(loaded, vary)
    design_fits_or_exit(loaded.scenario, samples, f"--samples {samples:,}")
    points = method.ensemble(len(inputs), samples, seed)
    scenarios = scenarios_at(loaded, inputs, points)
    total = len(scenarios) * runs
    tell(f"discover: {samples:,} design points x {runs:,} runs = {total:,} replications; measure: {chosen.label}")
    seeds = [block_seed(seed, method.DISCOVER_STAGE, i) for i in range(len(scenarios))]  # each point its own luck
    with output_folder(out) as folder:
        with workers_or_exit(jobs, scheduler, total) as where, stop_on_ctrl_c() as stop:
            records = many(scenarios, seeds, runs, executor=where.executor, workers=where.count, stop=stop)
            counts = method.outcome_counts(progress(records, total, "running"), len(scenarios), chosen)
        if stop.requested:
            tell(f"interrupted: nothing written (every design point needs all its {runs:,} runs)")
            raise typer.Exit(INTERRUPTED)
        overall = method.overall_sentence(counts, chosen, inputs)
        share = counts[:, 1].sum() / max(counts[:, 0].sum(), 1)
        console.print(overall, markup=False)
        found = method.boxes(inputs, points, counts, depth, seed) if counts[:, 1].any() else []
        if not found:
            console.print("No combination of the assumptions makes it more common than overall: no box to report.",
                          markup=False)
        for box in found:
            console.print(f"- {method.sentence(box, chosen, share)}", markup=False)
        if not folder:
            return
        report = {"scenario": loaded.scenario.name, "file": loaded.file, "sha256": loaded.sha256, "seed": seed,
                  "measure": {"name": chosen.name, "label": chosen.label}, "design_points": samples,
                  "runs_per_point": runs, "depth": depth, "resamples": method.RESAMPLES,
                  "method": "classification tree (scikit-learn CART) on a Latin hypercube ensemble, each point its own "
                            "luck; Wilson 95% intervals; recurrence over bootstrap resamples of the design points",
                  "inputs": [{"input": i.name, "label": i.label, "low": i.low, "high": i.high} for i in inputs],
                  "overall": {"sentence": overall, "runs": int(counts[:, 0].sum()), "with_outcome": int(counts[:, 1].sum())},
                  "boxes": method.discover_json(found, chosen, share)}
        written = {"discover.csv": method.discover_csv(found),
                   "discover.json": json.dumps(report, indent=2, ensure_ascii=False) + "\n"}
        for name, text in written.items():
            write_atomic(folder.path(name), text)
        if found:
            picture = folder.path("discover.png")
            discover_chart(inputs, points, counts, found, chosen, _subtitle(
                loaded, runs, seed, f"{samples:,} design points across {len(inputs)} assumptions"), _sources(loaded), picture)
    _wrote(folder)

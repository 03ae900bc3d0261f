"""diff: what differs between two scenarios, and how much of the outcome difference each change accounts for."""

from __future__ import annotations

import json
from typing import Optional

import typer

from . import app
from .common import (JobsOption, SchedulerOption, SeedOption, console, fail, load_or_exit, output_folder,
                     plain, tell)
from .scale import MeasureOption, _run_variants, _sources, _wrote, measure_or_exit


@app.command()
def diff(
    first: str = typer.Argument(..., help="The scenario to start from (YAML).", show_default=False),
    second: str = typer.Argument(..., help="The scenario to compare it with (YAML).", show_default=False),
    measure: str = MeasureOption,
    runs: int = typer.Option(1000, "--runs", "-n", min=2, max=1_000_000, help="Replications of each combination."),
    group: bool = typer.Option(False, "--group", help="Count changes of the same kind (the same key in several "
                                                      "items of a list, e.g. each mediator's guarantee) as one."),
    orders: int = typer.Option(16, "--orders", min=2, max=1000,
                               help="Past 6 changes: the orders of making them that are sampled (in pairs, "
                                    "each with its reverse); more orders, a narrower interval."),
    seed: Optional[int] = SeedOption,
    out: Optional[str] = typer.Option(None, "--out", "-o", help="Folder for diff.csv, diff.json and waterfall.png."),
    jobs: Optional[int] = JobsOption,
    scheduler: Optional[str] = SchedulerOption,
) -> None:
    """What differs between two scenarios, in words, and how much of the outcome's difference each change accounts for.

    Each combination of the changes is made to the first scenario and run on the same random
    numbers. Each change's share is its Shapley value (its effect averaged over every order of
    making the changes: the shares add up to the whole difference, whatever the order of the
    file): exact up to 6 changes, estimated over --orders sampled orders beyond, the sampling's
    error in the interval. Every share has a 95% interval; the output names its measure.

    Example: `ceasefire-sim diff scenarios/proposal-2024-05-31.yaml scenarios/proposal-talks-stall.yaml --runs 1000 --out results/diff/`

    Example, changes of one kind as one: `ceasefire-sim diff scenarios/agreement-2025-01.yaml scenarios/agreement-2025-01-guarantee.yaml --group --out results/diff/`
    """
    import numpy as np
    from rich.table import Table  # only when a table is drawn: a fast start

    from ..analysis import diff as method
    from ..analysis.measures import measures
    from ..analysis.variants import VariantError
    from ..charts.waterfall import waterfall
    from ..machine import machine_of
    from ..results import write_atomic

    a, b = load_or_exit([first, second])
    headline = measure_or_exit(measure, machine_of(a.scenario))
    seed = a.scenario.seed if seed is None else seed
    try:
        found = method.workable(a, method.changes(a, b))
        found = method.grouped(found) if group else found
        sampled = method.orders(len(found), seed, orders)
        subsets = method.plan(len(found), sampled)
        scenarios = [method.scenario_with(a, [found[k] for k in s]) for s in subsets]
    except VariantError as error:
        raise fail([f"{b.file}: {error}"]) from None
    how = ("every combination (exact Shapley values)" if not sampled else
           f"Shapley values over {len(sampled)} sampled orders of the changes")
    tell(f"diff: {len(found)} changes{' (same kinds grouped)' if group else ''}, {how}: {len(scenarios)} variants "
         f"x {runs:,} runs = {len(scenarios) * runs:,} replications")
    with output_folder(out) as folder:
        outcomes = _run_variants(scenarios, seed, runs, jobs, scheduler, keep_runs=True,
                                 shown=measures([headline.name], machine_of(a.scenario))) if found else []
        name, scale, unit = headline.name, headline.scale, headline.unit
        per_run = np.array([np.frombuffer(o.each[name]) for o in outcomes]) if found else np.zeros((1, 0))
        shares, half = method.attribution(len(found), subsets, per_run, sampled) if found else (np.zeros(0), np.zeros(0))
        ends = (outcomes[0].values()[name], outcomes[-1].values()[name]) if found else (0.0, 0.0)
        total = ends[1] - ends[0]

        table = Table(title=f"{plain(a.scenario.name)} to {plain(b.scenario.name)}: the {headline.label}, "
                            f"{runs:,} runs, seed {seed}")
        table.add_column("what differs", overflow="fold")
        table.add_column("its share of the difference", justify="right")
        table.caption = (f"measure: {headline.label}; {headline.formatted(ends[0])} to {headline.formatted(ends[1])}: "
                         f"a difference of {total * scale:+.1f}{unit}; {how}; 95% intervals; same random numbers "
                         "for every combination")
        for change, share, h in sorted(zip(found, shares, half), key=lambda t: -abs(t[1])):
            table.add_row(change.words(), f"{share * scale:+.1f}{unit} ± {h * scale:.1f}")
        console.print(table)
        if not found:
            console.print("The two scenarios describe the same world: nothing to attribute.", markup=False)
        if not folder:
            return
        report = {"first": {"name": a.scenario.name, "file": a.file, "sha256": a.sha256},
                  "second": {"name": b.scenario.name, "file": b.file, "sha256": b.sha256},
                  "measure": {"name": headline.name, "label": headline.label}, "runs": runs, "seed": seed,
                  "method": how, "grouped": group, "orders": [list(o) for o in sampled],
                  "values": {"first": ends[0], "second": ends[1], "difference": total},
                  "changes": [{"words": c.words(), "keys": [list(p) for p in c.paths], "share": float(s),
                               "ci": [float(s - h), float(s + h)]} for c, s, h in zip(found, shares, half)]}
        written = {"diff.csv": method.diff_csv(found, shares, half, total),
                   "diff.json": json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n"}
        for name, text in written.items():
            write_atomic(folder.path(name), text)
        picture = folder.path("waterfall.png")
        waterfall((a.scenario.name, b.scenario.name), ends,
                  [(c.name, c.words(), float(s), float(h)) for c, s, h in zip(found, shares, half)], headline,
                  f"{runs:,} runs of each combination, seed {seed}; {how}", _sources(b), picture)
    _wrote(folder)

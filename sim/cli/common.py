"""What the commands share: loading scenarios with located errors, options, the console."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from typing import TypeVar

import typer
from rich.console import Console

from .. import MAX_RUNS

console = Console(highlight=False, soft_wrap=True)
errors = Console(stderr=True, highlight=False, soft_wrap=True)

BAD_INPUT = 2  # exit code for anything wrong with the input; nothing is written
INTERRUPTED = 130

T = TypeVar("T")

RunsOption = typer.Option(1000, "--runs", "-n", min=1, max=MAX_RUNS,
                          help=f"Replications to run (1 to {MAX_RUNS:,}).")
SeedOption = typer.Option(None, "--seed", "-s", min=0, help="Root random seed; default: the scenario's `seed`.")
JobsOption = typer.Option(None, "--jobs", "-j", min=1, show_default=False,
                          help="Processes to run replications in (default: all cores, or this process alone for "
                               "fewer than 400 replications; 1: this process). The results are the same "
                               "whatever the number.")
SchedulerOption = typer.Option(None, "--scheduler", metavar="ADDRESS", show_default=False,
                               help="Run on the Dask cluster whose scheduler is at ADDRESS, e.g. tcp://scheduler-host:8786 "
                                    "(needs `pip install 'ceasefire-sim[cluster]'`; see docs/scale.md).")


def fail(lines: Iterable[str]) -> typer.Exit:
    """Print problems, one a line, on stderr; the caller raises the returned Exit(2)."""
    for line in lines:
        errors.print(line, markup=False, emoji=False, soft_wrap=True)
    return typer.Exit(BAD_INPUT)


def load_or_exit(files: list[str]):
    """Every scenario loaded, or exit 2 with every problem of every file."""
    from ..scenario import load_many

    loaded, problems = load_many(files)
    if problems:
        raise fail(map(str, problems))
    return loaded


def check_out_dir(out: str | None) -> None:
    """Refuse an output folder that cannot be one, before any work is done."""
    if out is not None and os.path.exists(out) and not os.path.isdir(out):
        raise fail([f"{out}: --out must be a folder, and this is a file; give another path"])


@contextmanager
def workers_or_exit(jobs: int | None, scheduler: str | None, runs: int):
    """Where replications run (see :func:`sim.execution.workers`), or exit 2 saying why not."""
    from ..execution import ClusterUnavailable, workers

    with ExitStack() as stack:
        try:
            running = stack.enter_context(workers(jobs, scheduler, runs))
        except ClusterUnavailable as error:
            raise fail([str(error)]) from None
        yield running


def interrupted(done: int, requested: int) -> typer.Exit:
    """Say that Ctrl-C cut the work short; the caller raises the returned Exit(130)."""
    errors.print(f"interrupted: kept the {done:,} of {requested:,} runs that had finished", markup=False)
    return typer.Exit(INTERRUPTED)


def progress(items: Iterable[T], total: int, description: str) -> Iterator[T]:
    """A progress bar with rate and time left on a terminal; silent otherwise."""
    if not sys.stderr.isatty() or total < 200:
        yield from items
        return
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
                               TimeRemainingColumn)
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task) -> Text:
            return Text(f"{task.speed or 0:,.0f} runs/s")

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), Rate(), TimeRemainingColumn())
    with Progress(*columns, console=errors, transient=True) as bar:
        task = bar.add_task(description, total=total)
        for item in items:
            yield item
            bar.advance(task)

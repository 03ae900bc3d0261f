"""What the commands share: loading scenarios with located errors, options, the console."""

from __future__ import annotations

import os
import signal
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, TypeVar

import typer

from .. import MAX_RUNS
from ..escape import markup, visible

if TYPE_CHECKING:  # imported when used: the command line starts without it
    from rich.console import Console

    from ..results import OutputFolder


class _ConsoleWhenUsed:
    """rich's Console for tables and text with markup, made the first time something is printed
    through it. Plain lines go through :func:`say` and :func:`tell` instead, so `validate` and
    every refusal start without rich (about 18 ms of `validate`'s time)."""

    def __init__(self) -> None:
        self._console: Console | None = None
        self._quiet = False

    @property
    def quiet(self) -> bool:
        """--quiet: print nothing but problems."""
        return self._quiet

    @quiet.setter
    def quiet(self, value: bool) -> None:
        self._quiet = value
        if self._console is not None:
            self._console.quiet = value

    def __getattr__(self, name: str):  # rich's own (print, ...), on the console, made now if need be
        if self._console is None:
            from rich.console import Console

            class ShowingTextAsText(Console):
                # Every text printed (a table's cells too) reaches the terminal through here, after
                # rich's markup is read and before its own colour codes are added: what a file holds
                # is shown with its control characters escaped (see sim.escape).
                def _render_buffer(self, buffer):
                    from rich.segment import Segment

                    return super()._render_buffer(segment if segment.control else
                                                  Segment(visible(segment.text), segment.style)
                                                  for segment in buffer)

            self._console = ShowingTextAsText(highlight=False, soft_wrap=True, quiet=self._quiet)
        return getattr(self._console, name)


console = _ConsoleWhenUsed()


def say(line: str) -> None:
    """One plain line on stdout, unless --quiet."""
    if not console.quiet:
        typer.echo(visible(line))


def tell(line: str) -> None:
    """One plain line on stderr: a problem, a note on the work ahead, a warning, an interruption.
    It needs nothing that is not already imported: what Ctrl-C prints must not start an import,
    as the interrupt may have cut one short."""
    typer.echo(visible(line), err=True)

BAD_INPUT = 2  # exit code for anything wrong with the input; nothing is written
CANNOT_WRITE = 1  # writing failed part way (disk full...): nothing is left half-written
INTERRUPTED = 130

T = TypeVar("T")

RunsOption = typer.Option(1000, "--runs", "-n", min=1, max=MAX_RUNS,
                          help=f"Replications to run (1 to {MAX_RUNS:,}).")
SeedOption = typer.Option(None, "--seed", "-s", min=0, max=2**63 - 1,
                          help="Root random seed; default: the scenario's `seed`.")
JobsOption = typer.Option(None, "--jobs", "-j", min=1, show_default=False,
                          help="Processes to run replications in (default: all cores, or this process alone for "
                               "fewer than 400 replications; 1: this process; at most the cores: a larger N runs "
                               "on them, with a note). The results are the same whatever the number.")
SchedulerOption = typer.Option(None, "--scheduler", metavar="ADDRESS", show_default=False,
                               help="Run on the Dask cluster whose scheduler is at ADDRESS, e.g. tcp://scheduler-host:8786 "
                                    "(needs `pip install 'ceasefire-sim[cluster]'`; see docs/scale.md).")


def fail(lines: Iterable[str], code: int = BAD_INPUT) -> typer.Exit:
    """Print problems, one a line, on stderr; the caller raises the returned Exit(2)."""
    for line in lines:
        tell(line)
    return typer.Exit(code)


def plain(text: str) -> str:
    """Scenario text (a name, a description) made safe to print where rich reads markup:
    a name such as ``[/]`` is shown as written (see :func:`sim.escape.markup`)."""
    return markup(text)


def load_or_exit(files: list[str]):
    """Every scenario loaded, or exit 2 with every problem of every file. Notes on what loading
    changed (inherited ranges left out) are told on stderr unless --quiet."""
    from ..scenario import load_many

    loaded, problems = load_many(files)
    if problems:
        raise fail(map(str, problems))
    if not console.quiet:
        for note in (note for scenario in loaded for note in scenario.notes):
            tell(str(note))
    return loaded


def history_or_exit(file: str, scenario):
    """The record of what happened, checked against the scenario (its days, no more released than
    held), or exit 2 with every problem located; before any replication runs."""
    from ..replay import RecordError, check_against, load_record

    try:
        history = load_record(file)
    except RecordError as error:
        raise fail(map(str, error.problems)) from None
    mismatched = check_against(history, scenario)
    if mismatched:
        raise fail(map(str, mismatched))
    return history


# Folders of the system: never an output folder, nor anything inside them (POSIX names).
SYSTEM_FOLDERS = ("/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/proc", "/sbin", "/sys", "/usr")
SYSTEM_TOPS = ("/", "/home", "/media", "/mnt", "/opt", "/root", "/run", "/srv", "/tmp", "/var")  # the folders themselves


def check_out_dir(out: str | None) -> None:
    """Refuse an output folder that cannot be one, before any work is done: a file, or a folder
    of the system (the root, /dev, /etc...), where results would mix with what the system needs."""
    if out is None:
        return
    if os.path.exists(out) and not os.path.isdir(out):
        raise fail([f"{out}: --out must be a folder, and this is a file; give another path"])
    real = os.path.realpath(out)
    if os.name == "posix" and (real in SYSTEM_TOPS or any(real == top or real.startswith(top + "/")
                                                          for top in SYSTEM_FOLDERS)):
        raise fail([f"{out}: --out is a folder of the system; give a folder of its own, e.g. results/"])


def _cannot_write(where: str, error: OSError, code: int) -> typer.Exit:
    return fail([f"{where}: cannot write here: {error.strerror or error}; nothing was written"], code)


def _as_ctrl_c(signum, frame) -> None:
    """SIGTERM or SIGHUP does what Ctrl-C does: a run keeps and summarises what finished, other
    commands remove what they had begun to write. Where Ctrl-C is ignored (a command started with
    `&` in a script), the signal still interrupts, with the same line."""
    handler = signal.getsignal(signal.SIGINT)
    if callable(handler):
        handler(signal.SIGINT, frame)
    else:
        raise KeyboardInterrupt


def stop_signals_as_ctrl_c() -> None:
    """SIGTERM (a scheduler, `kill`) and SIGHUP (the terminal closed) stop the command as Ctrl-C does.
    Only the main thread may set handlers; elsewhere (a command run from a thread) nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        return
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _as_ctrl_c)


@contextmanager
def stopping_says_so() -> Iterator[None]:
    """Ctrl-C (or SIGTERM, SIGHUP) inside: say that nothing was written and exit 130, never a traceback.
    Every command runs inside this (see sim.cli); what a command had begun to write is removed
    first (:func:`output_folder`, :func:`output_file`)."""
    try:
        yield
    except KeyboardInterrupt:
        tell("interrupted: nothing written")
        raise typer.Exit(INTERRUPTED) from None


@contextmanager
def output_folder(out: str | None) -> Iterator[OutputFolder | None]:
    """The --out folder as a set of files (:class:`sim.results.OutputFolder`), or None without --out.

    Enter it before simulating: a folder that cannot be written, or that another command is
    writing, is one line and exit 2 before any work. A write that fails later (disk full) is one
    line and exit 1; after Ctrl-C, nothing is left half-written either."""
    from ..results import FolderBusy, OutputFolder

    if out is None:
        yield None
        return
    check_out_dir(out)
    folder = OutputFolder(out)
    try:
        folder.__enter__()
    except FolderBusy as error:
        raise fail([str(error)]) from None
    except OSError as error:
        raise _cannot_write(out, error, BAD_INPUT) from None
    for note in folder.notes:
        tell(note)
    try:
        yield folder
    except OSError as error:
        folder.__exit__(*sys.exc_info())
        raise _cannot_write(out, error, CANNOT_WRITE) from None
    except BaseException:
        folder.__exit__(*sys.exc_info())
        raise
    try:
        folder.__exit__(None, None, None)
    except OSError as error:
        raise _cannot_write(out, error, CANNOT_WRITE) from None


@contextmanager
def output_file(path: str | None) -> Iterator[None]:
    """Writing one file (written atomically): refuse a folder that cannot be written before any
    work (exit 2); a write that fails later is one line and exit 1, the file left as it was."""
    if path is not None:
        folder = os.path.dirname(os.path.abspath(path))
        existing = folder
        while not os.path.isdir(existing):
            existing = os.path.dirname(existing)
        try:
            with tempfile.TemporaryFile(dir=existing):
                pass
        except OSError as error:
            raise _cannot_write(path, error, BAD_INPUT) from None
    try:
        yield
    except OSError as error:
        raise _cannot_write(path or "output", error, CANNOT_WRITE) from None


@contextmanager
def workers_or_exit(jobs: int | None, scheduler: str | None, runs: int):
    """Where replications run (see :func:`sim.execution.workers`), or exit 2 saying why not; a note
    when --jobs asks for more processes than the machine has cores."""
    from ..execution import ClusterUnavailable, bounded_jobs, workers

    if jobs is not None and scheduler is None:
        jobs, note = bounded_jobs(jobs)
        if note:
            tell(note)

    with ExitStack() as stack:
        try:
            running = stack.enter_context(workers(jobs, scheduler, runs))
        except ClusterUnavailable as error:
            raise fail([str(error)]) from None
        yield running


def design_room(scenario) -> int | None:
    """The most design points of ``scenario`` whose variants fit in half the memory this machine has free
    (the runs and the rest of the machine need the other half); None when the free memory is not known."""
    from ..execution import available_memory, variant_bytes

    free = available_memory()
    return None if free is None else max(1, free // 2 // variant_bytes(scenario))


def design_fits_or_exit(scenario, points: int, what: str) -> None:
    """Refuse, before any work, a design whose variants would not fit in the memory this machine has
    free (:func:`design_room`); ``what`` says which option made it, e.g. "--samples 100,000"."""
    from ..execution import available_memory, variant_bytes

    most = design_room(scenario)
    if most is not None and points > most:
        raise fail([f"{what}: {points:,} design points need about {_size(points * variant_bytes(scenario))} of "
                    f"memory and this machine has {_size(available_memory())} free; keep the design under "
                    f"{most:,} points (or run it on a larger machine)"])


def say_if_large(scenario, seed: int, runs: int, out: str | None) -> None:
    """Before a run into ``out``: a note when its files would take more than a few hundred megabytes
    (estimated from replication 0, run here with its chronology)."""
    from .. import results
    from ..engine import Engine

    if out is None:
        return
    from ..machine import machine_of

    pilot = Engine(scenario).replicate(seed, 0, keep_events=True)
    size = results.expected_bytes(pilot, scenario.start_date, runs, machine_of(scenario).state_names)
    if size > results.LARGE_OUTPUT:
        tell(f"note: this run will write about {_size(size)} into {out} (runs.csv, and events.jsonl with the "
             f"chronology of {min(runs, results.EVENT_SAMPLE)} runs); fewer --runs or a shorter horizon_days "
             "write less")


def _size(count: int) -> str:
    """Bytes in words: 1.2 GB, 340 MB."""
    return f"{count / 2**30:,.1f} GB" if count >= 2**30 else f"{count / 2**20:,.0f} MB"


def interrupted(done: int, requested: int) -> typer.Exit:
    """Say that Ctrl-C cut the work short; the caller raises the returned Exit(130). With no run
    finished, raise it inside :func:`output_folder`: earlier results there are then kept as they were."""
    if done == 0:
        tell("interrupted before the first run finished: nothing written")
    else:
        tell(f"interrupted: kept the {done:,} of {requested:,} runs that had finished")
    return typer.Exit(INTERRUPTED)


def progress(items: Iterable[T], total: int, description: str) -> Iterator[T]:
    """A progress bar with rate and time left on a terminal; silent otherwise."""
    if not sys.stderr.isatty() or total < 200:
        yield from items
        return
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
                               TimeRemainingColumn)
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task) -> Text:
            return Text(f"{task.speed or 0:,.0f} runs/s")

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), Rate(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=total)
        for item in items:
            yield item
            bar.advance(task)

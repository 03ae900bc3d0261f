"""Output files, written atomically: a reader sees the old file or the whole new one, never half.

``summary.json`` (aggregates and provenance), ``runs.csv`` (one row a
replication) and ``events.jsonl`` (the chronology of the first replications).
Numbers are rounded and keys ordered so that the same run gives the same bytes.
:class:`RunFiles` writes rows and chronologies as records arrive (memory does not
grow with runs) and makes all three files appear together when it closes.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

try:
    import fcntl
except ImportError:  # not on a POSIX system: no lock, the rest holds
    fcntl = None  # type: ignore[assignment]

from ..engine import Record
from ..escape import csv_writer
from ..machine import STATE_NAMES
from .summary import TOTALS, date_of, totals_of

# events.jsonl keeps the chronology of this many replications (all of them when the run is smaller).
EVENT_SAMPLE = 100

RUN_COLUMNS = ("replication", "final_state", "end_day",
               *(f"day_{state}" for state in STATE_NAMES), *(name for name, _ in TOTALS), "max_tension")


@contextmanager
def atomic_path(path: str) -> Iterator[str]:
    """A temporary path beside ``path`` to write to; on success it replaces ``path`` in one rename,
    on failure it is removed and ``path`` is left as it was."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".part")
    os.close(handle)
    try:
        yield temporary
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes it private; give it a normal file's mode
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def write_atomic(path: str, text: str) -> None:
    with atomic_path(path) as temporary, open(temporary, "w", encoding="utf-8", newline="") as out:
        out.write(text)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    if value.__class__ is int:
        return str(value)
    return str(int(value)) if float(value).is_integer() else f"{value:.3f}"


def run_values(record: Record, totals: dict[str, float] | None = None) -> list:
    """The record's values in the order of RUN_COLUMNS (None for a state never entered);
    ``totals`` are its :func:`totals_of`, when the caller has them already."""
    entered = record.entered
    return [record.replication, record.final_state, record.end_day, *[entered.get(state) for state in STATE_NAMES],
            *(totals or totals_of(record)).values(), record.max_tension]


def run_row(record: Record, totals: dict[str, float] | None = None) -> list[str]:
    """The record's row of runs.csv; ``totals`` are its :func:`totals_of`, when the caller has them already."""
    replication, final_state, *numbers = run_values(record, totals)
    return [str(replication), final_state, *map(_number, numbers)]


def event_lines(record: Record, start) -> list[str]:
    """The record's chronology as JSON lines, each with its replication, day and date."""
    return [json.dumps({"replication": record.replication, "date": date_of(start, event["day"]), **event},
                       sort_keys=False, ensure_ascii=False, allow_nan=False) for event in record.events or ()]


def summary_json(summary: dict) -> str:
    return json.dumps(summary, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


class RunFiles:
    """summary.json, runs.csv and events.jsonl in ``out_dir``, written as records arrive.

    Rows go to temporary files beside the final ones; on leaving the ``with`` block without
    an error the three are renamed into place (summary.json last), and after an error they
    are removed and the folder is left as it was.
    """

    def __init__(self, out_dir: str, start):
        self.out_dir = out_dir
        self.start = start
        self.paths = [os.path.join(out_dir, name) for name in ("summary.json", "runs.csv", "events.jsonl")]
        self._stack = ExitStack()

    def __enter__(self) -> RunFiles:
        stack = self._stack.__enter__()
        try:
            self._summary, runs, events = (stack.enter_context(atomic_path(path)) for path in self.paths)
            self._runs = stack.enter_context(open(runs, "w", encoding="utf-8", newline=""))
            self._events = stack.enter_context(open(events, "w", encoding="utf-8", newline=""))
        except BaseException:
            self._stack.__exit__(*sys.exc_info())
            raise
        self._csv = csv_writer(self._runs)
        self._csv.writerow(RUN_COLUMNS)
        return self

    def add(self, record: Record, totals: dict[str, float] | None = None) -> None:
        self._csv.writerow(run_row(record, totals))
        for line in event_lines(record, self.start):
            self._events.write(line + "\n")

    def finish(self, summary: dict) -> None:
        with open(self._summary, "w", encoding="utf-8", newline="") as out:
            out.write(summary_json(summary))

    def __exit__(self, *exc) -> bool:
        return self._stack.__exit__(*exc)


class FolderBusy(Exception):
    """Another command is writing into the same output folder."""


class OutputFolder:
    """A command's output files, written as a set into ``folder``.

    On entering, the folder is made if needed and locked (a second writer is refused with
    :class:`FolderBusy`), and a hidden staging folder is made inside it: this proves the
    folder can be written before any work is done. Files go into :meth:`path` (the staging
    folder); on leaving without an error they are moved into ``folder`` together, replacing
    files of the same names and leaving every other file there alone, ``summary.json`` last.
    After an error or Ctrl-C the staging folder is removed, the folder is as it was, and a
    folder made here is removed again: nothing half-written, no empty folder.
    """

    def __init__(self, folder: str):
        self.folder = folder
        self.written: list[str] = []  # the final paths, once moved into place

    def __enter__(self) -> OutputFolder:
        self._made = not os.path.isdir(self.folder)
        os.makedirs(self.folder, exist_ok=True)
        self._lock = os.open(self.folder, os.O_RDONLY)
        try:
            if fcntl is not None:
                try:
                    fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    raise FolderBusy(f"{self.folder}: another ceasefire-sim command is writing into this folder; "
                                     "wait for it to finish or give another --out") from None
            self.staging = tempfile.mkdtemp(dir=self.folder, prefix=".incoming-")
        except BaseException:
            self._release(failed=True)
            raise
        return self

    def path(self, name: str) -> str:
        """Where to write the output file ``name`` (it appears in the folder on success)."""
        return os.path.join(self.staging, name)

    def __exit__(self, kind, error, trace) -> None:
        try:
            if kind is None:
                names = sorted(os.listdir(self.staging), key=lambda name: (name == "summary.json", name))
                for name in names:
                    final = os.path.join(self.folder, name)
                    os.replace(os.path.join(self.staging, name), final)
                    self.written.append(final)
        finally:
            self._release(failed=kind is not None)

    def _release(self, failed: bool) -> None:
        if hasattr(self, "staging"):
            shutil.rmtree(self.staging, ignore_errors=True)
        if failed and self._made:
            try:
                os.rmdir(self.folder)  # only when still empty
            except OSError:
                pass
        os.close(self._lock)

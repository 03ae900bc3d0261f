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
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

try:
    import fcntl
except ImportError:  # not on a POSIX system: no lock, the rest holds
    fcntl = None  # type: ignore[assignment]

from ..engine import Record
from ..escape import csv_writer
from .summary import TOTALS, DealTerms, date_of, totals_of

# events.jsonl keeps the chronology of this many replications (all of them when the run is smaller).
EVENT_SAMPLE = 100



def run_columns(states: tuple[str, ...], terms: DealTerms | None = None) -> tuple[str, ...]:
    """The columns of runs.csv for a deal whose machine has ``states`` (a day column for each), and the
    columns of its own terms (obligations, incident kinds, a separate track), when ``terms`` are given."""
    return ("replication", "final_state", "end_day", *(f"day_{state}" for state in states),
            *TOTALS, "max_tension", *(terms.columns if terms is not None else ()))


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


def run_values(record: Record, states: tuple[str, ...], totals: dict[str, float] | None = None,
               terms: DealTerms | None = None) -> list:
    """The record's values in the order of :func:`run_columns` of ``states`` and ``terms`` (None for a state
    never entered); ``totals`` are its :func:`totals_of`, when the caller has them already."""
    entered = record.entered
    return [record.replication, record.final_state, record.end_day, *[entered.get(state) for state in states],
            *(totals or totals_of(record)).values(), record.max_tension,
            *(terms.values(record) if terms is not None else ())]


def run_row(record: Record, states: tuple[str, ...], totals: dict[str, float] | None = None,
            terms: DealTerms | None = None) -> list[str]:
    """The record's row of runs.csv; ``totals`` are its :func:`totals_of`, when the caller has them already."""
    replication, final_state, *values = run_values(record, states, totals, terms)
    return [str(replication), final_state, *(v if isinstance(v, str) else _number(v) for v in values)]


def event_lines(record: Record, start) -> list[str]:
    """The record's chronology as JSON lines, each with its replication, day and date."""
    return [json.dumps({"replication": record.replication, "date": date_of(start, event["day"]), **event},
                       sort_keys=False, ensure_ascii=False, allow_nan=False) for event in record.events or ()]


LARGE_OUTPUT = 300 * 2**20  # bytes: a run that would write more is said before it starts


def expected_bytes(pilot: Record, start, runs: int, states: tuple[str, ...]) -> int:
    """About the bytes of a run's files, from one replication kept with its chronology (``pilot``):
    its row of runs.csv (a deal with ``states``) for every run, its chronology for each run events.jsonl keeps."""
    row = len(",".join(map(str, run_values(pilot, states)))) + 1
    chronology = sum(len(line.encode("utf-8")) + 1 for line in event_lines(pilot, start))
    return row * runs + chronology * min(runs, EVENT_SAMPLE)


def summary_json(summary: dict) -> str:
    return json.dumps(summary, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


class RunFiles:
    """summary.json, runs.csv and events.jsonl in ``out_dir``, written as records arrive.

    Rows go to temporary files beside the final ones; on leaving the ``with`` block without
    an error the three are renamed into place (summary.json last), and after an error they
    are removed and the folder is left as it was.
    """

    def __init__(self, out_dir: str, start, states: tuple[str, ...], terms: DealTerms | None = None):
        self.out_dir = out_dir
        self.terms = terms  # the columns of the deal's own terms
        self.start = start
        self.states = states  # the deal's states, in the machine's order: a day column each
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
        self._csv.writerow(run_columns(self.states, self.terms))
        return self

    def add(self, record: Record, totals: dict[str, float] | None = None) -> None:
        self._csv.writerow(run_row(record, self.states, totals, self.terms))
        for line in event_lines(record, self.start):
            self._events.write(line + "\n")

    def finish(self, summary: dict) -> None:
        with open(self._summary, "w", encoding="utf-8", newline="") as out:
            out.write(summary_json(summary))

    def __exit__(self, *exc) -> bool:
        return self._stack.__exit__(*exc)


class FolderBusy(Exception):
    """Another command is writing into the same output folder."""


STAGING_PREFIX = ".incoming-"
_held_locks: set[int] = set()  # descriptors of the output folders this process has locked


def _forget_locks_in_child() -> None:
    # A flock belongs to the open file, which a forked process (a pool's worker) shares: were the
    # child to keep its copy, the folder would stay locked for as long as the child lives, after
    # the command itself has ended. The child closes its copy; the command's lock is untouched.
    for descriptor in list(_held_locks):
        try:
            os.close(descriptor)
        except OSError:
            pass
    _held_locks.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_locks_in_child)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _locked_by(folder: str) -> int | None:
    """The process that took the flock on ``folder`` (Linux: /proc/locks), or None when unknown."""
    try:
        inode = os.stat(folder).st_ino
        with open("/proc/locks") as locks:
            for line in locks:
                fields = line.split()
                if fields[1] == "FLOCK" and fields[5].rsplit(":", 1)[-1] == str(inode):
                    return int(fields[4])
    except (OSError, IndexError, ValueError):
        return None
    return None


def _holders(folder: str) -> list[int]:
    """Processes (Linux) that have ``folder`` itself open, as a command's lock does."""
    real, found = os.path.realpath(folder), []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            descriptors = os.listdir(f"/proc/{entry}/fd")
            if any(os.readlink(f"/proc/{entry}/fd/{fd}") == real for fd in descriptors):
                found.append(int(entry))
        except OSError:
            continue
    return found


def _stale_lock_note(folder: str) -> str | None:
    """End the leftovers of a command that has ended and still hold ``folder``'s lock (workers of an
    earlier version, which inherited it); a note saying so, or None when the lock is a live command's."""
    owner = _locked_by(folder)
    if owner is None or _alive(owner):
        return None
    leftovers = [pid for pid in _holders(folder) if b"sim" in _command_line(pid)]
    for pid in leftovers:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    return (f"note: {folder} was locked by a command that ended (process {owner}); stopped the "
            f"{len(leftovers)} process{'es' if len(leftovers) != 1 else ''} it had left holding the lock")


def _command_line(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as line:
            return line.read()
    except OSError:
        return b""


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
        self.notes: list[str] = []  # what was found and mended on entering, for the user

    def __enter__(self) -> OutputFolder:
        self._made = not os.path.isdir(self.folder)
        os.makedirs(self.folder, exist_ok=True)
        self._lock = os.open(self.folder, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        _held_locks.add(self._lock)
        try:
            if fcntl is not None:
                self._take_lock()
            self._clear_leftovers()
            self.staging = tempfile.mkdtemp(dir=self.folder, prefix=STAGING_PREFIX)
        except BaseException:
            self._release(failed=True)
            raise
        return self

    def _take_lock(self) -> None:
        """The folder's lock, or FolderBusy; a lock held only by what an ended command left is taken over."""
        for attempt in range(50):
            try:
                fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if attempt == 0:
                    note = _stale_lock_note(self.folder)
                    if note is None:
                        break
                    self.notes.append(note)
                time.sleep(0.1)  # the stopped processes let go as they end
        raise FolderBusy(f"{self.folder}: another ceasefire-sim command is writing into this folder; "
                         "wait for it to finish or give another --out")

    def _clear_leftovers(self) -> None:
        """Staging folders of commands that ended without cleaning up (kill -9, a power cut): with the
        lock held, no live command owns one. Removed, with a note."""
        for name in sorted(os.listdir(self.folder)):
            path = os.path.join(self.folder, name)
            if name.startswith(STAGING_PREFIX) and os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, ignore_errors=True)
                self.notes.append(f"note: removed {path}, left by a command that ended before it could finish")

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
        _held_locks.discard(self._lock)
        os.close(self._lock)

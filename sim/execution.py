"""Where replications run, and with which seeds.

Replication ``k`` of a run with root seed ``s`` always uses the seed
``SeedSequence(s, spawn_key=(k,))``, so its result does not depend on where or
in which order it runs. Replications run here, in a local process
pool, or on any :class:`concurrent.futures.Executor` (a Dask cluster's, for one).

Work goes out in chunks of consecutive replications. A chunk carries the
scenario as data (pickled bytes) and each worker builds its own engine from it,
once per scenario (kept in a small per-thread cache); no simulation object is
ever pickled, only the small plain :class:`Record` comes back. Results are
handed on in replication order whatever order chunks finish in, so every file
written from them is the same bytes however the work was spread.

A :class:`Stop` (see :func:`stop_on_ctrl_c`) ends a run early and cleanly: the
replications finished so far, from 0 without gaps, are handed on; the rest are
cancelled.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures import wait as wait_for
from contextlib import contextmanager
from dataclasses import dataclass

from .engine import Engine, Record
from .scenario import Scenario

MAX_CHUNK = 50  # replications in one piece of work (about 40 ms of the main scenario)
CHUNKS_PER_WORKER = 4  # pieces of work in flight per worker: enough to keep it busy, few to hold
ENGINES_PER_WORKER = 8  # engines a worker keeps for scenarios it may see again (a sweep has many)
SMALL = 400  # replications that run faster here than it takes to start a pool


class ClusterUnavailable(Exception):
    """A Dask scheduler was asked for but cannot be used; the message says why and what to do."""


# -- stopping early -------------------------------------------------------------------------------

@dataclass
class Stop:
    """Set ``requested`` to stop a run after the replications already finished."""

    requested: bool = False


@contextmanager
def stop_on_ctrl_c() -> Iterator[Stop]:
    """While inside, the first Ctrl-C asks the run to stop (keeping what is finished); a second
    one interrupts at once (KeyboardInterrupt)."""
    stop = Stop()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def ask(signum, frame):
        if stop.requested:
            raise KeyboardInterrupt
        stop.requested = True

    previous = signal.signal(signal.SIGINT, ask)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


# -- workers --------------------------------------------------------------------------------------

_local = threading.local()


def _engine(key: str, payload: bytes) -> Engine:
    """This thread's engine for the scenario (built once; least recently used dropped first)."""
    cache = getattr(_local, "engines", None)
    if cache is None:
        cache = _local.engines = OrderedDict()
    engine = cache.get(key)
    if engine is None:
        engine = cache[key] = Engine(pickle.loads(payload))
        while len(cache) > ENGINES_PER_WORKER:
            cache.popitem(last=False)
    else:
        cache.move_to_end(key)
    return engine


def run_chunk(key: str, payload: bytes, seed: int, start: int, stop: int, keep_events: int) -> list[Record]:
    """Replications start..stop-1 of the scenario in ``payload``: the piece of work a worker does."""
    engine = _engine(key, payload)
    return [engine.replicate(seed, k, keep_events=k < keep_events) for k in range(start, stop)]


PR_SET_PDEATHSIG = 1  # prctl(2): the signal this process gets when the thread that started it ends


def _end_with_parent(parent: int) -> None:
    """End this worker when the process that started it ends, however it ends (kill -9 and the
    out-of-memory killer included).

    concurrent.futures does not: an idle worker waits on its call queue for ever, since every
    worker holds that queue's pipe open itself, and so keeps the caller's stdout (``| tee`` never
    returns) and anything else it inherited. On Linux the kernel sends SIGKILL on the parent's end
    (prctl PR_SET_PDEATHSIG; the pool's workers are all started by the thread that makes the pool,
    see :func:`process_pool`); elsewhere a thread looks each second for a change of parent.
    """
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    else:
        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(1.0)
            os._exit(1)

        threading.Thread(target=watch, name="end-with-parent", daemon=True).start()
    if os.getppid() != parent:  # the parent ended before the watch was set
        os._exit(1)


def _quiet_worker(parent: int) -> None:
    # Ctrl-C and SIGTERM sent to the command's process group are for the main process: it decides
    # what to keep and then closes the pool. A worker leaves the group (and ignores Ctrl-C where it
    # cannot), so that only the pool itself, or its parent's end, ever stops it.
    _end_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(os, "setpgrp"):
        os.setpgrp()


# -- executors ------------------------------------------------------------------------------------

def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def bounded_jobs(jobs: int) -> tuple[int, str | None]:
    """At most as many processes as this process has cores: more only share them, each slower and
    all holding memory (1,000 workers took 8.5 GB and ran 23-40 times slower). The count to use,
    and a note for the user when it is fewer than asked."""
    most = default_jobs()
    if jobs <= most:
        return jobs, None
    return most, (f"note: --jobs {jobs:,}: this machine has {most} core{'s' if most != 1 else ''} for this command; "
                  f"running {most} process{'es' if most != 1 else ''} (more would share them and only be slower)")


# What one design point (a variant of the scenario, built before its runs) holds in memory, as a
# multiple of the scenario's pickled size: measured at 14 on the shipped scenarios (a Sobol design
# of 36,864 points took 4.1 GB), with room to spare.
VARIANT_MEMORY_FACTOR = 16


def variant_bytes(scenario: Scenario) -> int:
    """About the memory one design point over ``scenario`` takes while a design runs."""
    return VARIANT_MEMORY_FACTOR * len(pickle.dumps(scenario, protocol=pickle.HIGHEST_PROTOCOL))


def available_memory() -> int | None:
    """Bytes of memory this machine can still give without swapping (Linux: MemAvailable), or None."""
    try:
        with open("/proc/meminfo") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


@dataclass
class Workers:
    """An executor and how many replications it runs at once (None: run here, in this process)."""

    executor: Executor | None
    count: int = 1


def process_pool(jobs: int) -> ProcessPoolExecutor:
    """A local pool of ``jobs`` processes that ignore Ctrl-C (the main process handles it).
    On Linux the workers are forked: they start at once, with everything already imported."""
    fork = sys.platform.startswith("linux") and threading.active_count() == 1
    context = multiprocessing.get_context("fork" if fork else None)
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_quiet_worker, initargs=(os.getpid(),))
    # Start the workers now, before any other thread (a progress bar's) exists. What they inherit
    # is frozen first: their garbage collector then never walks (and so never copies) it.
    gc.freeze()
    try:
        pool.submit(int).result()
    finally:
        gc.unfreeze()
    return pool


def dask_client(address: str):
    """A client of the Dask scheduler at ``address``, or :class:`ClusterUnavailable`."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterUnavailable("--scheduler needs Dask: pip install 'ceasefire-sim[cluster]' "
                                 "(on this machine and on every worker)") from None
    try:
        return Client(address, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterUnavailable(f"cannot reach the Dask scheduler at {address}: {error}; "
                                 "start one with `dask scheduler` and workers with "
                                 f"`dask worker {address}` (see docs/scale.md)") from None


@contextmanager
def workers(jobs: int | None = None, scheduler: str | None = None, runs: int | None = None) -> Iterator[Workers]:
    """Where to run: a Dask cluster (``scheduler`` address), here (``jobs=1``), or a local pool
    of ``jobs`` processes (default: all cores, or here for fewer than SMALL ``runs`` in all; never
    more than the cores, see :func:`bounded_jobs`). Closed on leaving."""
    if scheduler:
        client = dask_client(scheduler)
        try:
            threads = sum(client.nthreads().values()) or 1
            yield Workers(client.get_executor(pure=False), threads)
        finally:
            client.close()
        return
    if jobs is None:
        jobs = 1 if runs is not None and runs < SMALL else default_jobs()
    jobs, _ = bounded_jobs(jobs)
    if jobs <= 1:
        yield Workers(None, 1)
        return
    pool = process_pool(jobs)
    try:
        yield Workers(pool, jobs)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# -- replications in order ------------------------------------------------------------------------

def chunk_size(runs: int, workers: int) -> int:
    """Replications per piece of work: small enough that the workers finish together."""
    return max(1, min(MAX_CHUNK, runs // (workers * 20)))


def replications(scenario: Scenario, seed: int, runs: int, keep_events: int = 0, *,
                 executor: Executor | None = None, workers: int | None = None,
                 stop: Stop | None = None) -> Iterator[Record]:
    """Records of replications 0..runs-1, in that order; the first ``keep_events`` keep their chronology.

    They run here (the default) or on ``executor`` (which runs ``workers`` at once; see
    :func:`workers` for a pool or a cluster). With ``stop``, a request to stop ends the records
    early, after every replication already finished.
    """
    for _, record in many([scenario], seed, runs, keep_events, executor=executor, workers=workers, stop=stop):
        yield record


def many(scenarios: Sequence[Scenario], seed: int | Sequence[int], runs: int, keep_events: int = 0, *,
         executor: Executor | None = None, workers: int | None = None,
         stop: Stop | None = None, start: int = 0) -> Iterator[tuple[int, Record]]:
    """(i, record) for replications start..start+runs-1 of each scenario in turn, with the same root
    seed (common random numbers) or, given one seed a scenario, each with its own luck; the work of
    all scenarios flows through the executor together. ``start`` lets a second stage add runs to a
    first one's (replication k is the same run whichever call makes it)."""
    seeds = [seed] * len(scenarios) if isinstance(seed, int) else list(seed)
    if executor is None:
        yield from _here(scenarios, seeds, range(start, start + runs), keep_events, stop)
    else:
        yield from _spread(executor, workers or 1, scenarios, seeds, range(start, start + runs), keep_events, stop)


def _here(scenarios, seeds, replicated: range, keep_events, stop) -> Iterator[tuple[int, Record]]:
    for index, scenario in enumerate(scenarios):
        engine = Engine(scenario)
        for k in replicated:
            if stop is not None and stop.requested:
                return
            yield index, engine.replicate(seeds[index], k, keep_events=k < keep_events)


def _spread(executor, workers, scenarios, seeds, replicated: range, keep_events, stop) -> Iterator[tuple[int, Record]]:
    payloads = [pickle.dumps(scenario, protocol=pickle.HIGHEST_PROTOCOL) for scenario in scenarios]
    keys = [hashlib.sha256(payload).hexdigest() for payload in payloads]
    runs = len(replicated)
    size = max(1, min(runs, chunk_size(runs * len(scenarios), workers)))  # a chunk never spans two scenarios
    work = ((i, first, min(first + size, replicated.stop)) for i in range(len(scenarios))
            for first in range(replicated.start, replicated.stop, size))
    pending: deque[tuple[int, Future]] = deque()

    def submit() -> None:
        item = next(work, None)
        if item is not None:
            i, start, end = item
            pending.append((i, executor.submit(run_chunk, keys[i], payloads[i], seeds[i], start, end, keep_events)))

    for _ in range(workers * CHUNKS_PER_WORKER):
        submit()
    try:
        while pending:
            index, head = pending[0]
            while not head.done():  # the reorder buffer: later chunks wait in `pending` until their turn
                if stop is not None and stop.requested:
                    return
                wait_for([head], timeout=0.1)
            pending.popleft()
            submit()
            for record in head.result():
                yield index, record
    finally:
        for _, future in pending:
            future.cancel()

"""From records to what people read: aggregates, files, and the plain-language chronology.

:func:`stream_run` takes records as they come (from any executor, in replication
order), keeps running aggregates and writes each record's row at once; nothing
grows with the number of runs.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..engine import Record
from ..scenario import LoadedScenario
from ..machine import machine_of
from .files import (EVENT_SAMPLE, LARGE_OUTPUT, FolderBusy, OutputFolder, RunFiles, atomic_path, expected_bytes,
                    write_atomic)
from .summary import TOTALS, Aggregate, DealTerms, date_of, total_labels, totals_of

__all__ = ["EVENT_SAMPLE", "LARGE_OUTPUT", "TOTALS", "Aggregate", "DealTerms", "total_labels", "FolderBusy", "OutputFolder",
           "RunFiles", "atomic_path",
           "date_of", "expected_bytes", "run_summary", "stream_run", "write_atomic"]


def run_summary(aggregate: Aggregate, loaded: LoadedScenario, seed: int, requested: int) -> dict:
    """The aggregate's summary, saying how many runs were asked for and whether the run was cut short."""
    summary = aggregate.summary(loaded, seed)
    ordered = {}
    for key, value in summary.items():
        ordered[key] = value
        if key == "runs":
            ordered["runs_requested"] = requested
            ordered["interrupted"] = aggregate.runs < requested
    return ordered


def stream_run(loaded: LoadedScenario, seed: int, records: Iterable[Record], requested: int,
               out_dir: str | None = None) -> tuple[dict, list[str]]:
    """Aggregate the records (and write their files into ``out_dir``) as they come;
    the summary and the paths written."""
    aggregate = Aggregate()
    if out_dir is None:
        for record in records:
            aggregate.add(record)
        return run_summary(aggregate, loaded, seed, requested), []
    with RunFiles(out_dir, loaded.scenario.start_date, machine_of(loaded.scenario).state_names,
                  DealTerms(loaded.scenario)) as files:
        for record in records:
            totals = totals_of(record)
            aggregate.add(record, totals)
            files.add(record, totals)
        summary = run_summary(aggregate, loaded, seed, requested)
        files.finish(summary)
    return summary, files.paths

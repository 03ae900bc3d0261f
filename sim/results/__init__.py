"""From records to what people read: aggregates, files, and the plain-language chronology."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..engine import Record
from ..scenario import LoadedScenario
from .files import EVENT_SAMPLE, event_lines, run_row, runs_csv, summary_json, write_atomic
from .summary import TOTALS, Aggregate, date_of

__all__ = ["EVENT_SAMPLE", "TOTALS", "Aggregate", "RunResult", "collect", "date_of", "write_run"]


@dataclass
class RunResult:
    loaded: LoadedScenario
    seed: int
    aggregate: Aggregate = field(default_factory=Aggregate)
    rows: list[list[str]] = field(default_factory=list)
    events: list[str] = field(default_factory=list)

    @property
    def summary(self) -> dict:
        return self.aggregate.summary(self.loaded, self.seed)


def collect(loaded: LoadedScenario, seed: int, records: Iterable[Record]) -> RunResult:
    """Aggregate records as they come, keeping each one's row and chronology but not the record."""
    result = RunResult(loaded, seed)
    start = loaded.scenario.start_date
    for record in records:
        result.aggregate.add(record)
        result.rows.append(run_row(record))
        result.events.extend(event_lines(record, start))
    return result


def write_run(result: RunResult, out_dir: str) -> list[str]:
    """Write summary.json, runs.csv and events.jsonl into ``out_dir``; the paths written."""
    files = {
        "summary.json": summary_json(result.summary),
        "runs.csv": runs_csv(result.rows),
        "events.jsonl": "".join(line + "\n" for line in result.events),
    }
    paths = []
    for name, text in files.items():
        path = os.path.join(out_dir, name)
        write_atomic(path, text)
        paths.append(path)
    return paths

"""Day-by-day series from records, for fan charts and replay: one row a run, one column a day.

A run's stocks change only at releases, and aid flows at a constant rate over
intervals, so each series is computed from the record's few entries rather
than stored per day.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..engine import Record

# Columns of Record.releases that a series can follow.
RELEASED = {"hostages_released": 1, "remains_returned": 2, "prisoners_released": 3, "bodies_returned": 4}


def cumulative(records: Sequence[Record], days: np.ndarray, what: str) -> np.ndarray:
    """How many were released by the end of each day (one row a run)."""
    column = RELEASED[what]
    out = np.zeros((len(records), len(days)))
    for row, record in enumerate(records):
        if record.releases:
            when = np.array([r[0] for r in record.releases])
            counts = np.cumsum([r[column] for r in record.releases])
            index = np.searchsorted(when, days, side="right")
            out[row] = np.where(index > 0, counts[np.maximum(index - 1, 0)], 0)
    return out


def still_held(records: Sequence[Record], days: np.ndarray) -> np.ndarray:
    """Living people held still held at the end of each day (one row a run)."""
    start = np.array([[r.hostages_at_start] for r in records], dtype=float)
    return start - cumulative(records, days, "hostages_released")


def aid_delivered(records: Sequence[Record], days: np.ndarray) -> np.ndarray:
    """Aid trucks entered by the end of each day (one row a run)."""
    out = np.zeros((len(records), len(days)))
    for row, record in enumerate(records):
        for start, end in record.aid_intervals:
            out[row] += record.aid_trucks_per_day * np.clip(days - start, 0.0, end - start)
    return out


def bands(matrix: np.ndarray, percentiles: Sequence[float] = (10, 50, 90)) -> dict[float, np.ndarray]:
    """Percentiles across runs for each day."""
    values = np.percentile(matrix, percentiles, axis=0)
    return dict(zip(percentiles, values))

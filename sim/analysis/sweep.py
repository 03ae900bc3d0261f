"""Sweeps: a grid over one or more scenario values, the same runs (common random numbers) at every
point, and the outcome measures per point.

A parameter is ``PATH=START:STOP:STEP`` (both ends included), e.g.
``talks.duration_days=20:80:20`` gives 20, 40, 60 and 80. Values are counted in decimal, so
``0:0.3:0.1`` gives exactly 0, 0.1, 0.2 and 0.3.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..engine import Record
from ..escape import csv_writer
from ..scenario import LoadedScenario, Scenario
from ..scenario.problems import Path, dotted
from .measures import Measure
from .outcomes import Outcomes
from .variants import VariantError, parse_path, variant

MAX_POINTS = 10_000


@dataclass(frozen=True)
class Param:
    path: Path
    values: tuple[Decimal, ...]

    @property
    def name(self) -> str:
        return dotted(self.path)


def number(value: Decimal) -> int | float:
    """A whole number as int (for keys that take whole numbers), anything else as float."""
    return int(value) if value == value.to_integral_value() else float(value)


def text(value: Decimal) -> str:
    """A value as written in tables and files: 20, 0.25 (no trailing zeros, no exponent)."""
    return format(value.normalize(), "f") if value else "0"


def parse_param(spec: str) -> Param:
    """``PATH=START:STOP:STEP`` -> Param, or VariantError saying what is wrong."""
    where = f"--param {spec}"
    path_text, sep, grid = spec.partition("=")
    parts = grid.split(":")
    if not sep or len(parts) != 3:
        raise VariantError(f"{where}: write PATH=START:STOP:STEP, e.g. talks.duration_days=20:80:20")
    try:
        start, stop, step = (Decimal(p.strip()) for p in parts)
    except InvalidOperation:
        raise VariantError(f"{where}: START, STOP and STEP must be numbers, e.g. 20:80:20") from None
    if not all(d.is_finite() for d in (start, stop, step)):
        raise VariantError(f"{where}: START, STOP and STEP must be finite numbers")
    if step <= 0:
        raise VariantError(f"{where}: STEP must be more than 0")
    if stop < start:
        raise VariantError(f"{where}: STOP must not be less than START")
    count = int((stop - start) / step) + 1
    if count > MAX_POINTS:
        raise VariantError(f"{where}: {count:,} values; at most {MAX_POINTS:,} points in all")
    try:
        path = parse_path(path_text.strip())
    except VariantError as error:
        raise VariantError(f"--param {error}") from None
    return Param(path, tuple(start + i * step for i in range(count)))


@dataclass(frozen=True)
class Point:
    values: tuple[Decimal, ...]
    scenario: Scenario


def grid(loaded: LoadedScenario, params: list[Param]) -> list[Point]:
    """Every combination of the parameters' values (the last one varies fastest), each a validated
    scenario; VariantError for the first value or path that does not make a valid scenario."""
    seen = set()
    for param in params:
        if param.path in seen:
            raise VariantError(f"--param {param.name}: given twice; give each path once")
        seen.add(param.path)
    total = 1
    for param in params:
        total *= len(param.values)
    if total > MAX_POINTS:
        raise VariantError(f"--param: {total:,} points in all; at most {MAX_POINTS:,}")
    points = []
    for values in itertools.product(*(param.values for param in params)):
        changes = {param.path: number(value) for param, value in zip(params, values)}
        try:
            points.append(Point(values, variant(loaded, changes)))
        except VariantError as error:
            at = ", ".join(f"{param.name}={text(value)}" for param, value in zip(params, values))
            raise VariantError(f"--param at {at}: {error}") from None
    return points


def measure(records: Iterable[tuple[int, Record]], keep_runs: bool = False,
            shown: tuple[Measure, ...] | None = None) -> Iterator[tuple[int, Outcomes]]:
    """(i, outcomes) for each scenario i as soon as its last record has come (records in order of i);
    with ``keep_runs``, each run's measures are kept too; ``shown``: the measures (the standard ones)."""
    current, outcomes = 0, Outcomes(keep_runs, shown)
    for i, record in records:
        while i != current:
            yield current, outcomes
            current, outcomes = current + 1, Outcomes(keep_runs, shown)
        outcomes.add(record)
    if outcomes.runs:
        yield current, outcomes


def table_rows(params: list[Param], points: list[Point], results: list[dict[str, float]],
               shown: tuple[Measure, ...]) -> list[list[str]]:
    return [[*(text(v) for v in point.values), *(f"{result[m.name]:.4f}" for m in shown)]
            for point, result in zip(points, results)]


def sweep_csv(params: list[Param], points: list[Point], results: list[dict[str, float]], runs: int,
              shown: tuple[Measure, ...]) -> str:
    """One row a point: the parameters' values, the runs, then each measure (its name as the header)."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow([*(p.name for p in params), "runs", *(m.name for m in shown)])
    for row in table_rows(params, points, results, shown):
        writer.writerow([*row[:len(params)], runs, *row[len(params):]])
    return buffer.getvalue()

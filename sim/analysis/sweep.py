"""Sweeps: a grid over one or more scenario values, the same runs (common random numbers) at every
point, and the outcome measures per point.

A parameter is ``PATH=START:STOP:STEP`` (both ends included), e.g.
``talks.duration_days=20:80:20`` gives 20, 40, 60 and 80. Values are counted in decimal, so
``0:0.3:0.1`` gives exactly 0, 0.1, 0.2 and 0.3.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..engine import Record
from ..scenario import LoadedScenario, Scenario
from ..scenario.problems import Path, dotted
from .outcomes import LABELS, NAMES, Outcomes
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


def measure(records: Iterable[tuple[int, Record]]) -> Iterator[tuple[int, dict[str, float]]]:
    """(i, measures) for each scenario i as soon as its last record has come (records in order of i)."""
    current, outcomes = 0, Outcomes()
    for i, record in records:
        while i != current:
            yield current, outcomes.values()
            current, outcomes = current + 1, Outcomes()
        outcomes.add(record)
    if outcomes.runs:
        yield current, outcomes.values()


def table_rows(params: list[Param], points: list[Point], results: list[dict[str, float]]) -> list[list[str]]:
    return [[*(text(v) for v in point.values), *(f"{result[name]:.4f}" for name in NAMES)]
            for point, result in zip(points, results)]


def sweep_csv(params: list[Param], points: list[Point], results: list[dict[str, float]], runs: int) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*(p.name for p in params), "runs", *NAMES])
    for row in table_rows(params, points, results):
        writer.writerow([*row[:len(params)], runs, *row[len(params):]])
    return buffer.getvalue()


def chart(params: list[Param], points: list[Point], results: list[dict[str, float]], subtitle: str,
          sources: list[str], path: str) -> bool:
    """A line chart (one parameter) or heat maps (two) of the measures; False for more parameters."""
    import numpy as np

    from ..charts.style import SERIES_COLOURS, SERIES_STYLES, figure, footer, save

    if len(params) > 2:
        return False
    if len(params) == 1:
        x = [float(p.values[0]) for p in points]
        fig, (shares, held) = figure("Outcomes across the sweep", subtitle, size=(11, 5.2), ncols=2)
        for k, name in enumerate(NAMES[:2]):
            shares.plot(x, [100 * r[name] for r in results], marker="o", color=SERIES_COLOURS[k],
                        linestyle=SERIES_STYLES[k], label=LABELS[name])
        shares.set_ylabel("% of runs")
        shares.set_ylim(0, 100)
        shares.legend(loc="best", fontsize=8)
        held.plot(x, [r["hostages_still_held"] for r in results], marker="o", color=SERIES_COLOURS[2])
        held.set_ylabel(LABELS["hostages_still_held"])
        held.set_ylim(bottom=0)
        for axes in (shares, held):
            axes.set_xlabel(params[0].name)
    else:
        rows, cols = (len(p.values) for p in params)
        fig, panels = figure("Outcomes across the sweep", subtitle, size=(15, 5.2), ncols=3)
        for axes, name in zip(panels, NAMES):
            share = name != "hostages_still_held"
            grid_values = np.array([r[name] * (100 if share else 1) for r in results]).reshape(rows, cols)
            image = axes.imshow(grid_values, origin="lower", aspect="auto", cmap="viridis",
                                vmin=0, vmax=100 if share else None)
            axes.set_xticks(range(cols), [text(v) for v in params[1].values], fontsize=7, rotation=45)
            axes.set_yticks(range(rows), [text(v) for v in params[0].values], fontsize=7)
            axes.set_xlabel(params[1].name)
            axes.set_ylabel(params[0].name)
            axes.set_title(LABELS[name] + (" (%)" if share else ""), fontsize=9)
            axes.grid(False)
            fig.colorbar(image, ax=axes, shrink=0.8)
    fig.tight_layout(rect=(0, 0.04, 1, 0.9))
    footer(fig, sources)
    save(fig, path)
    return True

"""Scenarios side by side: shares, median days and totals, with confidence intervals,
and each scenario's difference to the first one.

All scenarios ran with the same seeds (common random numbers), so replication k
of one scenario and replication k of another faced the same luck. Intervals come
from a bootstrap that resamples replications, the same resamples for every
scenario (so differences are paired by replication), drawn from a generator with
a fixed seed: the same runs always give the same intervals. A difference whose
interval includes zero is "within noise".

Every figure is over all runs, so two scenarios' figures are over the same runs: a
day figure is the median day over all runs, a run that never gets there counted as
later than any day (censored at the horizon); when half the runs or more never get
there, the median is "not reached". Many figures are tested at once, so a few will
fall outside noise by chance alone: each difference also says whether it holds
when the confidence is raised to cover every figure tested together (Bonferroni).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, replace

import numpy as np

from .. import __version__
from ..escape import csv_writer
from ..machine import FRAME_LABELS, INITIAL, TERMINAL_STATES
from ..results.summary import TOTALS, date_of, total_labels, totals_of
from .runs import Runs

BOOTSTRAP = 1000  # resamples
BOOTSTRAP_SEED = 20240531
CONFIDENCE = 0.95
_BLOCK = 2_000_000  # resampled values held at once (memory bound for large runs)

ONGOING = "ongoing"  # ended in no terminal state: still going at the horizon
UNITS = {"share": "share of runs", "day": "day (median over all runs; runs that never get there count as later)",
         "mean": "mean per run"}


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    kind: str  # share | day | mean

    def values(self, runs: Runs) -> np.ndarray:
        """One value a replication (NaN where it does not apply)."""
        what, _, name = self.key.partition(":")
        records = runs.records
        if what == "reached":
            return np.array([name in r.entered for r in records], dtype=float)
        if what == "ended":
            return np.array([ending_of(r.final_state) == name for r in records], dtype=float)
        if what == "day":
            return np.array([r.entered.get(name, np.nan) for r in records], dtype=float)
        return np.array([totals_of(r)[name] for r in records], dtype=float)


def ending_of(final_state: str) -> str:
    return final_state if final_state in TERMINAL_STATES else ONGOING


def ending_label(ending: str) -> str:
    return "Still going at the horizon" if ending == ONGOING else FRAME_LABELS[ending]


def metrics(runs: list[Runs]) -> tuple[Metric, ...]:
    """The figures compared: reaching and the day of each state of the scenarios' deals (every state of
    each, in the first deal's order), how runs end, and the totals that any of the deals has, in its words."""
    labels: dict[str, str] = {}
    for r in runs:
        for state, label in r.machine.labels.items():
            labels.setdefault(state, label)
    phases = [s for s in labels if s != INITIAL and s not in TERMINAL_STATES]
    totals: dict[str, str] = {}  # the totals any of the deals has, in the words of the first that has it
    for r in runs:
        for name, label in total_labels(r.machine.words).items():
            totals.setdefault(name, label)
    totals = {name: totals[name] for name in TOTALS if name in totals}
    return (
        *(Metric(f"reached:{s}", f"Reaches {labels[s].lower()}", "share") for s in phases),
        *(Metric(f"ended:{e}", f"Ends {FRAME_LABELS[e].lower()}", "share") for e in TERMINAL_STATES),
        Metric(f"ended:{ONGOING}", "Still going at the horizon", "share"),
        *(Metric(f"day:{s}", f"Day {labels[s].lower()} begins" if s in phases else f"Day {labels[s].lower()}",
                 "day") for s in labels if s != INITIAL),
        *(Metric(f"total:{name}", label[0].upper() + label[1:], "mean") for name, label in totals.items()),
    )


@dataclass(frozen=True)
class Cell:
    value: float | None
    low: float | None
    high: float | None
    difference: float | None = None  # to the first scenario
    difference_low: float | None = None
    difference_high: float | None = None
    date: str | None = None  # the calendar date of a median day
    holds_for_all: bool | None = None  # outside noise even at the confidence that covers every figure tested

    @property
    def within_noise(self) -> bool | None:
        if self.difference_low is None or self.difference_high is None:
            return None
        return self.difference_low <= 0.0 <= self.difference_high


@dataclass(frozen=True)
class Row:
    metric: Metric
    cells: tuple[Cell, ...]  # one per scenario, in the order given


@dataclass(frozen=True)
class Comparison:
    runs: tuple[Runs, ...]
    rows: tuple[Row, ...]
    resamples: int
    confidence: float
    tested: int = 0  # differences tested (with an interval), across all figures and scenarios

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.metric.key == key)

    @property
    def confidence_for_all(self) -> float:
        """The confidence each difference needs for all of them together to hold at ``confidence``."""
        return 1 - (1 - self.confidence) / max(self.tested, 1)


def shown_rows(comparison: Comparison) -> tuple[Row, ...]:
    """The rows a table shows: all but those about a state that no run of any scenario reached
    (a scenario without an agreed extension never enters it; 0.0% rows say nothing)."""
    missing = set(unreached_states(comparison))
    return tuple(row for row in comparison.rows
                 if row.metric.key.partition(":")[0] not in ("reached", "ended", "day")
                 or row.metric.key.partition(":")[2] not in missing)


def unreached_states(comparison: Comparison) -> list[str]:
    """The states (in the order of the scenarios' machines) that no run of any scenario reached."""
    entered = {state for runs in comparison.runs for record in runs.records for state in record.entered}
    states = dict.fromkeys(state for runs in comparison.runs for state in runs.machine.state_names)
    return [state for state in states if state not in entered]


def multiple_comparisons_note(comparison: Comparison) -> str:
    """In words: how many differences were tested, and what that means for reading them."""
    if not comparison.tested:
        return ""
    chance = comparison.tested * (1 - comparison.confidence)
    held = sum(bool(c.holds_for_all) for row in comparison.rows for c in row.cells[1:])
    return (f"{comparison.tested} differences were tested, each at {comparison.confidence:.0%}: about {chance:.0f} "
            f"would fall outside noise by chance alone if nothing differed. {held} hold at "
            f"{comparison.confidence_for_all:.2%}, the confidence that covers all {comparison.tested} together.")


def statistic(kind: str, matrix: np.ndarray) -> np.ndarray:
    """The statistic along the last axis: the mean, or for days the median over all runs, a run
    that never gets there (NaN) counted as later than any day: infinite when half or more never do."""
    if kind != "day":
        return matrix.mean(axis=-1)
    ordered = np.sort(np.where(np.isnan(matrix), np.inf, matrix), axis=-1)
    n = matrix.shape[-1]
    return (ordered[..., (n - 1) // 2] + ordered[..., n // 2]) / 2


def resample_statistics(values: list[np.ndarray], kind: str, resamples: int = BOOTSTRAP,
                        seed: int = BOOTSTRAP_SEED) -> np.ndarray:
    """The statistic of each bootstrap resample of replications, for each series of values
    (shape: series x resamples). Every series uses the same resamples: pairing by replication."""
    n = len(values[0])
    rng = np.random.default_rng(seed)
    out = np.empty((len(values), resamples))
    block = max(1, _BLOCK // max(n, 1))
    for start in range(0, resamples, block):
        rows = min(block, resamples - start)
        index = rng.integers(0, n, size=(rows, n))
        for i, series in enumerate(values):
            out[i, start:start + rows] = statistic(kind, series[index])
    return out


def _interval(estimates: np.ndarray, confidence: float) -> tuple[float | None, float | None]:
    """The bootstrap percentile interval; an end that is not reached (infinite) is None."""
    estimates = estimates[~np.isnan(estimates)]
    if len(estimates) < 2:
        return None, None
    tail = (1 - confidence) / 2 * 100
    method = "inverted_cdf" if np.isinf(estimates).any() else "linear"  # no interpolation towards infinity
    low, high = np.percentile(estimates, [tail, 100 - tail], method=method)
    return _round(low), _round(high)


def _round(value: float | None) -> float | None:
    if value is None or not np.isfinite(value):
        return None
    return round(float(value), 4) + 0.0  # + 0.0: no "-0.0" in files


def compare(runs: list[Runs], resamples: int = BOOTSTRAP, confidence: float = CONFIDENCE) -> Comparison:
    """Every metric for every scenario, with intervals and differences to the first scenario."""
    if len({len(r) for r in runs}) != 1:
        raise ValueError("every scenario needs the same number of replications")
    rows, differences = [], []
    for metric in metrics(runs):
        values = [metric.values(r) for r in runs]
        points = [statistic(metric.kind, v) for v in values]
        estimates = resample_statistics(values, metric.kind, resamples)
        cells = []
        for i, (point, series) in enumerate(zip(points, estimates)):
            low, high = _interval(series, confidence)
            date = date_of(runs[i].scenario.start_date, point) if metric.kind == "day" and np.isfinite(point) else None
            if i == 0:
                cells.append(Cell(_round(point), low, high, date=date))
                continue
            with np.errstate(invalid="ignore"):  # both never reached: no difference to speak of
                difference, paired = point - points[0], series - estimates[0]
            d_low, d_high = _interval(paired, confidence) if np.isfinite(difference) else (None, None)
            cells.append(Cell(_round(point), low, high, _round(difference), d_low, d_high, date))
            if d_low is not None and d_high is not None:
                differences.append((len(rows), i, paired))
        rows.append(Row(metric, tuple(cells)))
    comparison = Comparison(tuple(runs), tuple(rows), resamples, confidence, len(differences))
    for r, i, paired in differences:  # each difference at the confidence that covers all of them
        low, high = _interval(paired, comparison.confidence_for_all)
        cells = list(rows[r].cells)
        cells[i] = replace(cells[i], holds_for_all=low is not None and high is not None and not low <= 0.0 <= high)
        rows[r] = Row(rows[r].metric, tuple(cells))
    return replace(comparison, rows=tuple(rows))


# -- files -------------------------------------------------------------------------

CSV_COLUMNS = ("metric", "label", "unit", "scenario", "file", "value", "ci_low", "ci_high", "date",
               "difference_to_first", "difference_ci_low", "difference_ci_high", "within_noise",
               "holds_for_all_figures")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.4f}".rstrip("0")
    return str(value)


def provenance(comparison: Comparison) -> dict:
    first = comparison.runs[0]
    return {
        "version": __version__,
        "seed": first.seed,
        "runs": len(first),
        "common_random_numbers": True,
        "interval": {"method": "bootstrap over replications, paired across scenarios",
                     "resamples": comparison.resamples, "confidence": comparison.confidence,
                     "generator_seed": BOOTSTRAP_SEED},
        "multiple_comparisons": {"differences_tested": comparison.tested,
                                 "confidence_for_all": round(comparison.confidence_for_all, 6),
                                 "method": "Bonferroni: each difference's interval at the confidence that "
                                           "covers every difference tested together",
                                 "note": multiple_comparisons_note(comparison)},
        "scenarios": [{"name": r.name, "file": r.loaded.file, "sha256": r.loaded.sha256} for r in comparison.runs],
    }


def to_json(comparison: Comparison) -> str:
    rows = []
    for row in comparison.rows:
        metric = row.metric
        cells = []
        for runs, cell in zip(comparison.runs, row.cells):
            entry = {"scenario": runs.name, "value": cell.value, "ci": [cell.low, cell.high]}
            if metric.kind == "day":
                entry["date"] = cell.date
            if cell is not row.cells[0]:
                entry["difference_to_first"] = {"value": cell.difference,
                                                 "ci": [cell.difference_low, cell.difference_high],
                                                 "within_noise": cell.within_noise,
                                                 "holds_for_all_figures": cell.holds_for_all}
            cells.append(entry)
        rows.append({"metric": metric.key, "label": metric.label, "unit": UNITS[metric.kind], "scenarios": cells})
    return json.dumps({**provenance(comparison), "rows": rows}, indent=2, ensure_ascii=False) + "\n"


def to_csv(comparison: Comparison) -> str:
    """One line a metric and scenario (a tidy table: filter or pivot it in a spreadsheet)."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in comparison.rows:
        metric = row.metric
        for i, (runs, cell) in enumerate(zip(comparison.runs, row.cells)):
            difference = (cell.difference, cell.difference_low, cell.difference_high, cell.within_noise,
                          cell.holds_for_all) if i else ("",) * 5
            writer.writerow([metric.key, metric.label, UNITS[metric.kind], runs.name, runs.loaded.file,
                             *map(_text, (cell.value, cell.low, cell.high, cell.date, *difference))])
    return buffer.getvalue()


# -- words for tables --------------------------------------------------------------

def shown(kind: str, value: float | None, signed: bool = False, unit: bool = True) -> str:
    """A value as people read it: shares in per cent (differences in points), days and means to 0.1."""
    if value is None:
        return "–"
    sign = "+" if signed else ""
    if kind == "share":
        return f"{value * 100:{sign},.1f}" + ((" pp" if signed else "%") if unit else "")
    return f"{value:{sign},.1f}"


def shown_interval(kind: str, low: float | None, high: float | None, signed: bool = False) -> str:
    if low is not None and high is None and kind == "day" and not signed:  # the high end is never reached
        return f"[{shown(kind, low, unit=False)}, later]"
    if low is None or high is None:
        return ""
    return f"[{shown(kind, low, signed, unit=False)}, {shown(kind, high, signed, unit=False)}]"

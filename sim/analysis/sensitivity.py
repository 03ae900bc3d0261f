"""Which uncertain inputs drive the outcome, with the precision each finding has.

The inputs are the scenario's `uncertain:` block (plus ``--vary``): each a key and a range.
Methods:

- ``oat`` (one at a time): each input at the low, then the high end of its range, everything else
  as in the scenario; two variants an input, plus the scenario itself.
- ``morris`` (elementary effects, SALib): screening of every input; ``mu_star`` with its interval.
- ``sobol`` (variance shares, SALib): first-order (S1) and total (ST) indices with their intervals.
  The number of base samples doubles (re-using every point already run) until the widest interval
  of ST on the headline measure is within the target, or the budget is spent (then a warning says
  what was reached).
- ``auto``: Morris over all inputs, then Sobol on those that matter for the headline measure.

Each design point is a variant run for ``runs`` replications with the same seeds as every other
point (common random numbers), and its outcome is the mean over them. What is left of run-to-run
chance is measured, not hidden: the variance of each point's mean from chance is estimated from
the runs themselves, and its share of the variance between points is reported (``noise_share``).
The methods work on any function of points in the unit cube (:data:`Evaluate`), so they are tested
on functions whose indices are known.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..escape import csv_writer
from ..scenario import LoadedScenario, Scenario
from .outcomes import NAMES, Outcomes
from .variants import Input, variant

METHODS = ("auto", "oat", "morris", "sobol")
DEFAULT_RUNS = {"auto": 200, "oat": 1000, "morris": 200, "sobol": 200}
DEFAULT_TRAJECTORIES = 10
FIRST_SAMPLES = 32  # Sobol base samples of the first round (a power of 2)
DEFAULT_MAX_SAMPLES = 512
DEFAULT_PRECISION = 0.05  # target half-width of the 95% interval of each total index on the headline
HEADLINE = "collapse_by_day_42"
MATTERS = 0.1  # Morris: an input matters when its mu_star is at least this share of the largest one
MORRIS_LEVELS = 4
RESAMPLES = 1000  # bootstrap resamples behind every interval
CONFIDENCE = 0.95
Z95 = 1.959963984540054  # half-width of a 95% interval, in standard errors


class NeedsSALib(Exception):
    pass


def salib():
    try:
        import SALib  # noqa: F401
    except ImportError:
        raise NeedsSALib("--method morris, sobol and auto need SALib: "
                         "pip install 'ceasefire-sim[sensitivity]'") from None


@dataclass(frozen=True)
class Evaluated:
    """Outcomes at design points: means (points x measures) and the variance of each mean that is
    run-to-run chance (0 for a function without chance)."""

    means: np.ndarray
    noise: np.ndarray


Evaluate = Callable[[np.ndarray], Evaluated]  # points in the unit cube (one row each) -> outcomes


def _problem(count: int) -> dict:
    return {"num_vars": count, "names": [f"x{k}" for k in range(count)], "bounds": [[0.0, 1.0]] * count}


def noise_share(evaluated: Evaluated) -> np.ndarray:
    """For each measure, the share of the variance between design points that run-to-run chance
    accounts for (0: none; near 1: the indices say little)."""
    spread = evaluated.means.var(axis=0)
    chance = evaluated.noise.mean(axis=0)
    return np.where(spread > 0, np.minimum(chance / np.where(spread > 0, spread, 1), 1.0), 0.0)


# -- Morris screening -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Screening:
    """Elementary effects of each input (rows) on each measure (columns), in the unit of the measure
    per whole range of the input."""

    mu_star: np.ndarray
    mu_star_conf: np.ndarray
    sigma: np.ndarray
    noise_floor: np.ndarray  # per measure: the effect chance alone would show
    noise_share: np.ndarray
    points: int

    def matters(self, measure: int, share: float = MATTERS) -> list[int]:
        """Inputs whose effect on the measure is at least ``share`` of the largest one and above
        what chance alone would show, largest first."""
        effects = self.mu_star[:, measure]
        cut = max(share * effects.max(initial=0.0), self.noise_floor[measure])
        return [int(k) for k in np.argsort(-effects, kind="stable") if effects[k] > cut]


def screen(count: int, evaluate: Evaluate, trajectories: int, seed: int) -> Screening:
    """Morris screening of ``count`` inputs over ``trajectories`` paths of count+1 points each."""
    from SALib.analyze import morris as analyse
    from SALib.sample import morris as sample

    problem = _problem(count)
    points = sample.sample(problem, trajectories, num_levels=MORRIS_LEVELS, seed=seed % 2**32)
    evaluated = evaluate(points)
    step = MORRIS_LEVELS / (2 * (MORRIS_LEVELS - 1))
    columns = []
    for m in range(evaluated.means.shape[1]):
        found = analyse.analyze(problem, points, evaluated.means[:, m], num_levels=MORRIS_LEVELS,
                                num_resamples=RESAMPLES, conf_level=CONFIDENCE, seed=seed % 2**32)
        columns.append([np.nan_to_num(np.asarray(found[key], dtype=float)) for key in ("mu_star", "mu_star_conf", "sigma")])
    mu_star, conf, sigma = (np.column_stack([c[i] for c in columns]) for i in range(3))
    # One effect is a difference of two means over `step` of the range; chance moves it by about this:
    floor = np.sqrt(2 * evaluated.noise.mean(axis=0)) / step
    return Screening(mu_star, conf, sigma, floor, noise_share(evaluated), len(points))


# -- Sobol indices to a stated precision ------------------------------------------------------------

@dataclass(frozen=True)
class Indices:
    """Sobol indices of each input (rows) for each measure (columns), with the half-widths of
    their 95% intervals, and what precision was reached on the headline measure."""

    S1: np.ndarray
    S1_conf: np.ndarray
    ST: np.ndarray
    ST_conf: np.ndarray
    noise_share: np.ndarray
    samples: int  # base samples
    points: int
    reached: float  # the widest ST half-width on the headline measure
    target: float
    warnings: list[str] = field(default_factory=list)

    @property
    def precise(self) -> bool:
        return self.reached <= self.target


def sobol_indices(count: int, evaluate: Evaluate, headline: int, target: float = DEFAULT_PRECISION,
                  first: int = FIRST_SAMPLES, most: int = DEFAULT_MAX_SAMPLES, seed: int = 0) -> Indices:
    """Sobol indices of ``count`` inputs, doubling the base samples from ``first`` (re-using the
    points already evaluated: the Sobol sequence's first points stay the same) until every total
    index of measure ``headline`` is known to within ``target`` or ``most`` base samples were used."""
    from SALib.analyze import sobol as analyse
    from SALib.sample import sobol as sample

    problem = _problem(count)
    samples, means, noise = first, np.empty((0, 0)), np.empty((0, 0))
    while True:
        points = sample.sample(problem, samples, calc_second_order=False, seed=seed % 2**32)
        new = evaluate(points[len(means):])
        means = new.means if not len(means) else np.vstack([means, new.means])
        noise = new.noise if not len(noise) else np.vstack([noise, new.noise])
        found = [analyse.analyze(problem, means[:, m], calc_second_order=False, num_resamples=RESAMPLES,
                                 conf_level=CONFIDENCE, seed=seed % 2**32) for m in range(means.shape[1])]
        table = {key: np.column_stack([np.nan_to_num(np.asarray(f[key], dtype=float)) for f in found])
                 for key in ("S1", "S1_conf", "ST", "ST_conf")}
        reached = float(table["ST_conf"][:, headline].max(initial=0.0))
        if reached <= target or samples * 2 > most:
            break
        samples *= 2
    evaluated = Evaluated(means, noise)
    indices = Indices(**table, noise_share=noise_share(evaluated), samples=samples, points=len(means),
                      reached=reached, target=target)
    indices.warnings.extend(_consistency(indices, headline))
    return indices


def _consistency(indices: Indices, headline: int) -> list[str]:
    """Plain warnings where the estimates contradict what indices must satisfy, beyond their intervals."""
    out = []
    if not indices.precise:
        out.append(f"the total indices are known to within ±{indices.reached:.2f} (the target was "
                   f"±{indices.target:.2f}) after {indices.samples} base samples; read small differences "
                   "between inputs as unresolved, or allow more samples")
    s1, st = indices.S1[:, headline], indices.ST[:, headline]
    margin = np.hypot(indices.S1_conf[:, headline], indices.ST_conf[:, headline])
    if np.any(s1 - st > margin):
        out.append("some first-order index exceeds its total index by more than the intervals allow: "
                   "the estimates are not yet reliable")
    if s1.sum() > 1 + math.hypot(*indices.S1_conf[:, headline]):
        out.append(f"the first-order indices sum to {s1.sum():.2f}, above 1 by more than their intervals "
                   "allow: the estimates are not yet reliable")
    share = float(indices.noise_share[headline])
    if share > 0.2:
        out.append(f"run-to-run chance accounts for {share:.0%} of the variance between design points; "
                   "more runs a point would sharpen the indices")
    return out


# -- the scenario's variants ------------------------------------------------------------------------

def scenarios_at(loaded: LoadedScenario, inputs: list[Input], points: np.ndarray) -> list[Scenario]:
    """A variant at each point of the unit cube over ``inputs`` (columns in order); every other
    uncertain input keeps the scenario's own value."""
    return [variant(loaded, {item.path: item.setting(item.value(float(share))) for item, share in zip(inputs, row)})
            for row in points]


def oat_scenarios(loaded: LoadedScenario, inputs: list[Input]) -> list[Scenario]:
    """The scenario itself, then each input at the low and at the high end of its range."""
    return [loaded.scenario, *(variant(loaded, {item.path: item.setting(value)})
                               for item in inputs for value in (item.low, item.high))]


def oat_rows(inputs: list[Input], outcomes: list[Outcomes]) -> list[dict]:
    """One row an input: each measure as the scenario is, at the input's low and at its high end, the
    swing, and the half-width of the 95% band that chance alone puts around the change from the scenario
    (runs paired with the scenario's own: the outcomes must keep their runs)."""
    base = outcomes[0]
    out = []
    for k, item in enumerate(inputs):
        low, high = outcomes[1 + 2 * k], outcomes[2 + 2 * k]
        bands = [o.paired_noise(base) for o in (low, high)]
        row = {"input": item.name, "label": item.label, "low": item.low, "high": item.high, "own": item.own}
        for name in NAMES:
            at_low, at_high = low.values()[name], high.values()[name]
            row.update({f"{name}_base": base.values()[name], f"{name}_at_low": at_low, f"{name}_at_high": at_high,
                        f"{name}_swing": abs(at_high - at_low),
                        f"{name}_noise": Z95 * math.sqrt(max(band[name] for band in bands))})
        out.append(row)
    return out


def extent(row: dict, name: str) -> float:
    """How far the input moves the measure, counting the scenario's own value: the length of its bar."""
    values = (row[f"{name}_base"], row[f"{name}_at_low"], row[f"{name}_at_high"])
    return max(values) - min(values)


def screening_rows(inputs: list[Input], screening: Screening) -> list[dict]:
    return [{"input": item.name, "label": item.label, "measure": name, "low": item.low, "high": item.high,
             "mu_star": float(screening.mu_star[k, m]), "mu_star_conf": float(screening.mu_star_conf[k, m]),
             "sigma": float(screening.sigma[k, m]), "noise_floor": float(screening.noise_floor[m])}
            for m, name in enumerate(NAMES) for k, item in enumerate(inputs)]


def sobol_rows(inputs: list[Input], indices: Indices) -> list[dict]:
    return [{"input": item.name, "label": item.label, "measure": name, "low": item.low, "high": item.high,
             **{key: float(getattr(indices, key)[k, m]) for key in ("S1", "S1_conf", "ST", "ST_conf")},
             "noise_share": float(indices.noise_share[m])}
            for m, name in enumerate(NAMES) for k, item in enumerate(inputs)]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value else "0"
    return str(value)


def sensitivity_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(rows[0].keys())
    for row in rows:
        writer.writerow([_cell(v) for v in row.values()])
    return buffer.getvalue()

"""Which uncertain inputs drive the outcome, with the precision each finding has, chance included.

The inputs are the scenario's `uncertain:` block (plus ``--vary``): each a key and a range.
Methods:

- ``oat`` (one at a time): each input at the low, then the high end of its range, everything else
  as in the scenario; two variants an input, plus the scenario itself.
- ``morris`` (elementary effects, SALib): screening of every input; ``mu_star`` with its interval.
- ``sobol`` (variance shares): first-order (S1) and total (ST) indices with their intervals.
- ``auto``: Morris over all inputs at few runs a point, then Sobol on those that matter for the
  headline measure, with the runs a point and the number of blocks chosen for the target precision.

**Chance.** A simulated outcome is the model's value at a point plus luck. Luck common to every
design point would be an error shared by all of them, which more points cannot shrink and no
bootstrap can see; so each *block* of the design draws fresh luck: a Morris trajectory, or a
Saltelli block (the base points A and B and the k points between them). Inside a block every point
runs the same seeds (common random numbers), so the differences the estimators take are sharp.
What chance still adds to those differences is estimated from the runs themselves and subtracted
(the paired-difference correction): the squared difference of Jansen's total-index estimator loses
the variance of the runs' paired differences over their number, the product of Saltelli's
first-order estimator loses their covariance, and the total variance loses each point's own chance.
The blocks are dealt to 32 independent scrambled Sobol sequences (randomised quasi-Monte Carlo:
more even than random points, so fewer blocks reach a precision); the estimates pool every block,
and their intervals come from leaving out one replicate at a time (the jackknife, with Student's
t): each replicate had its own luck, so the intervals include chance.

The methods work on any function of points in the unit cube and seeds (:data:`Evaluate`), so they
are tested on functions whose indices are known, with and without noise.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..escape import csv_writer
from ..scenario import LoadedScenario, Scenario
from .measures import Measure
from .outcomes import Outcomes
from .variants import Input, variant

METHODS = ("auto", "oat", "morris", "sobol")
OAT_RUNS = 1000
MORRIS_RUNS = 20  # runs a point when screening: enough to see which inputs matter, not how much
PILOT_RUNS = 5  # runs a point in Sobol's first round, before the runs a point are chosen for the target
FIRST_BLOCKS = 128  # Sobol blocks of the first round
GROWTH = 7  # a round adds at most this many times the blocks run so far: a rough first guess cannot overshoot far
REPLICATES = 32  # independent scrambled Sobol sequences the blocks are dealt to: the intervals come from them
DEFAULT_MAX_BLOCKS = 4096
DEFAULT_PRECISION = 0.05  # target half-width of the 95% interval of each total index on the headline
MOST_RUNS = 100  # the runs a point the rule may choose, at most
POINT_COST = 3.0  # building and sending one design point costs about this many replications of work
MATTERS = 0.1  # Morris: an input matters when its mu_star is at least this share of the largest one
MORRIS_LEVELS = 4
RESAMPLES = 1000  # Morris: bootstrap resamples (of whole paths) behind its intervals
CONFIDENCE = 0.95
Z95 = 1.959963984540054  # half-width of a 95% interval, in standard errors
MORRIS_STAGE, SOBOL_STAGE = 1, 2


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
    """Each run's outcome at each design point: an array of points x runs x measures (one run for a
    function without chance)."""

    values: np.ndarray

    @property
    def means(self) -> np.ndarray:
        return self.values.mean(axis=1)

    @property
    def runs(self) -> int:
        return self.values.shape[1]

    @property
    def noise(self) -> np.ndarray:
        """The variance of each point's mean that is run-to-run chance (points x measures)."""
        if self.runs < 2:
            return np.zeros(self.means.shape)
        return self.values.var(axis=1, ddof=1) / self.runs


# points in the unit cube (one row each), a seed for each point's runs, and the runs a point -> outcomes
Evaluate = Callable[[np.ndarray, list[int], int], Evaluated]


def block_seed(seed: int, stage: int, block: int) -> int:
    """The root seed of one block's runs: fresh luck for each block, the same for a seed."""
    return int(np.random.SeedSequence([seed % 2**63, stage, block]).generate_state(1, np.uint64)[0])


def _problem(count: int) -> dict:
    return {"num_vars": count, "names": [f"x{k}" for k in range(count)], "bounds": [[0.0, 1.0]] * count}


def noise_share(means: np.ndarray, noise: np.ndarray) -> np.ndarray:
    """For each measure, the share of the variance between design points that run-to-run chance
    accounts for (0: none; near 1: the points differ by luck alone)."""
    spread = means.var(axis=0)
    chance = noise.mean(axis=0)
    return np.where(spread > 0, np.minimum(chance / np.where(spread > 0, spread, 1), 1.0), 0.0)


def _paired(values: np.ndarray, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The variance that chance puts into mean(second) - mean(first), runs paired: rows of ``values``
    (points x runs x measures) by index."""
    runs = values.shape[1]
    if runs < 2:
        return np.zeros((len(first), values.shape[2]))
    return (values[second] - values[first]).var(axis=1, ddof=1) / runs


# -- Morris screening -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Screening:
    """Elementary effects of each input (rows) on each measure (columns), in the unit of the measure
    per whole range of the input; each trajectory had its own luck, so the intervals include chance."""

    mu_star: np.ndarray
    mu_star_conf: np.ndarray
    sigma: np.ndarray
    noise_floor: np.ndarray  # per measure: the mean absolute effect chance alone would show
    noise_share: np.ndarray
    points: int
    runs: int

    def matters(self, measure: int, share: float = MATTERS) -> list[int]:
        """Inputs whose effect on the measure is at least ``share`` of the largest one and, all its
        interval, above what chance alone would show, largest first."""
        effects, conf = self.mu_star[:, measure], self.mu_star_conf[:, measure]
        cut = share * effects.max(initial=0.0)
        return [int(k) for k in np.argsort(-effects, kind="stable")
                if effects[k] > cut and effects[k] - conf[k] > self.noise_floor[measure]]


def screen(count: int, evaluate: Evaluate, trajectories: int, seed: int, runs: int = 1) -> Screening:
    """Morris screening of ``count`` inputs over ``trajectories`` paths of count+1 points each, each
    path with its own luck (``runs`` a point, the same seeds along a path)."""
    from SALib.analyze import morris as analyse
    from SALib.sample import morris as sample

    problem = _problem(count)
    points = sample.sample(problem, trajectories, num_levels=MORRIS_LEVELS, seed=seed % 2**32)
    seeds = [block_seed(seed, MORRIS_STAGE, j) for j in range(trajectories) for _ in range(count + 1)]
    evaluated = evaluate(points, seeds, runs)
    means = evaluated.means
    step = MORRIS_LEVELS / (2 * (MORRIS_LEVELS - 1))
    columns = []
    for m in range(means.shape[1]):
        found = analyse.analyze(problem, points, means[:, m], num_levels=MORRIS_LEVELS,
                                num_resamples=RESAMPLES, conf_level=CONFIDENCE, seed=seed % 2**32)
        columns.append([np.nan_to_num(np.asarray(found[key], dtype=float)) for key in ("mu_star", "mu_star_conf", "sigma")])
    mu_star, conf, sigma = (np.column_stack([c[i] for c in columns]) for i in range(3))
    # One effect is the difference of two neighbours on a path over `step` of the range, runs paired; chance
    # alone gives it a spread s and a mean absolute value s * sqrt(2 / pi).
    later = np.array([i for i in range(len(points)) if i % (count + 1)])
    spread = np.sqrt(_paired(evaluated.values, later - 1, later).mean(axis=0)) / step
    return Screening(mu_star, conf, sigma, spread * math.sqrt(2 / math.pi),
                     noise_share(means, evaluated.noise), len(points), evaluated.runs)


# -- Sobol indices to a stated precision ------------------------------------------------------------

@dataclass(frozen=True)
class Indices:
    """Sobol indices of each input (rows) for each measure (columns), with the half-widths of
    their 95% intervals (chance included), and what precision was reached on the headline measure."""

    S1: np.ndarray
    S1_conf: np.ndarray
    ST: np.ndarray
    ST_conf: np.ndarray
    noise_share: np.ndarray
    samples: int  # blocks (base samples)
    points: int
    replications: int
    runs: tuple[int, ...]  # the runs a point of each round
    reached: float  # the widest ST half-width on the headline measure
    target: float
    warnings: list[str] = field(default_factory=list)

    @property
    def precise(self) -> bool:
        return self.reached <= self.target


@dataclass
class _Blocks:
    """Per-block terms of the estimators (blocks x inputs x measures, or blocks x measures)."""

    total: list[np.ndarray] = field(default_factory=list)  # Jansen: (f(A) - f(AB_i))^2 / 2, corrected
    first: list[np.ndarray] = field(default_factory=list)  # Saltelli: f(B) (f(AB_i) - f(A)), corrected
    steps: list[np.ndarray] = field(default_factory=list)  # f(AB_i) - f(A): to centre f(B) on the mean
    ends: list[np.ndarray] = field(default_factory=list)  # f(A) and f(B) (blocks x 2 x measures)
    ends_noise: list[np.ndarray] = field(default_factory=list)  # their chance (blocks x 2 x measures)
    spread: list[np.ndarray] = field(default_factory=list)  # per-run variance of f(A) - f(AB_i), runs paired
    rounds: list[int] = field(default_factory=list)  # blocks in each round
    runs: list[int] = field(default_factory=list)  # runs a point in each round
    means: list[np.ndarray] = field(default_factory=list)
    noise: list[np.ndarray] = field(default_factory=list)

    def add(self, evaluated: Evaluated, count: int) -> None:
        values, size = evaluated.values, count + 2
        blocks = len(values) // size
        a = np.arange(blocks) * size
        b = a + size - 1
        means = evaluated.means
        total, first, spread, steps = [], [], [], []
        for i in range(count):
            ab = a + 1 + i
            paired = _paired(values, a, ab)
            total.append(0.5 * (means[a] - means[ab]) ** 2 - 0.5 * paired)
            first.append(means[b] * (means[ab] - means[a]) - _covariance(values, b, a, ab))
            spread.append(paired * evaluated.runs)
            steps.append(means[ab] - means[a])
        self.total.append(np.stack(total, axis=1))
        self.spread.append(np.stack(spread, axis=1))
        self.steps.append(np.stack(steps, axis=1))
        self.runs.append(evaluated.runs)
        self.first.append(np.stack(first, axis=1))
        self.ends.append(np.stack([means[a], means[b]], axis=1))
        noise = evaluated.noise
        self.ends_noise.append(np.stack([noise[a], noise[b]], axis=1))
        self.rounds.append(blocks)
        self.means.append(means)
        self.noise.append(noise)

    def estimates(self, weights: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(S1, ST) as inputs x measures, or with ``weights`` (resamples x blocks: how often each
        block is drawn) one pair a resample (resamples x inputs x measures)."""
        total, first = np.concatenate(self.total), np.concatenate(self.first)
        ends, ends_noise = np.concatenate(self.ends), np.concatenate(self.ends_noise)
        single = weights is None
        w = np.ones((1, len(total))) if single else weights
        w = w / w.sum(axis=1, keepdims=True)

        def mean(terms: np.ndarray) -> np.ndarray:
            return (w @ terms.reshape(len(terms), -1)).reshape(len(w), *terms.shape[1:])

        both = mean(ends).mean(axis=1)  # mean over A and B
        variance = mean(ends ** 2).mean(axis=1) - both ** 2 - mean(ends_noise).mean(axis=1)
        variance = np.where(variance > 0, variance, np.nan)[:, None, :]
        # f(B) centred on the mean, as SALib does: the same expectation, a smaller spread
        centred = mean(first) - both[:, None, :] * mean(np.concatenate(self.steps))
        s1, st = centred / variance, mean(total) / variance
        return (s1[0], st[0]) if single else (s1, st)


def _covariance(values: np.ndarray, b: np.ndarray, a: np.ndarray, ab: np.ndarray) -> np.ndarray:
    """What chance adds to mean(B) * (mean(AB) - mean(A)) when the runs are paired: the covariance of
    the runs' values at B with their paired differences, over the number of runs."""
    runs = values.shape[1]
    if runs < 2:
        return np.zeros((len(b), values.shape[2]))
    x, d = values[b], values[ab] - values[a]
    return ((x - x.mean(axis=1, keepdims=True)) * (d - d.mean(axis=1, keepdims=True))).sum(axis=1) / (runs - 1) / runs


def saltelli_points(count: int, seed: int, start: int, stop: int, replicates: int = REPLICATES) -> np.ndarray:
    """Blocks ``start`` to ``stop`` of the design, each A, A with B's value of each input in turn, then
    B (count+2 rows). Block j belongs to replicate j % ``replicates`` and is point j // replicates of
    that replicate's own scrambled Sobol sequence (2 x count dimensions: A, then B), so the blocks are
    the same for a seed whatever the rounds, and the replicates are independent."""
    from scipy.stats import qmc

    if stop <= start:
        return np.empty((0, count))
    wanted: dict[int, list[int]] = {}
    for j in range(start, stop):
        wanted.setdefault(j % replicates, []).append(j // replicates)
    draws = {}
    for r, positions in wanted.items():
        sequence = qmc.Sobol(2 * count, scramble=True, seed=np.random.default_rng([seed % 2**63, SOBOL_STAGE, r]))
        drawn = sequence.random_base2(max(max(positions), 0).bit_length()) if max(positions) else sequence.random(1)
        draws[r] = drawn
    rows = []
    for j in range(start, stop):
        a, b = np.split(draws[j % replicates][j // replicates], 2)
        rows.append(a)
        for i in range(count):
            ab = a.copy()
            ab[i] = b[i]
            rows.append(ab)
        rows.append(b)
    return np.array(rows).reshape(-1, count)


def whole(blocks: int) -> int:
    """Blocks rounded up to a whole number for each replicate (at least one each)."""
    return max(REPLICATES, -(-blocks // REPLICATES) * REPLICATES)


def left_out(blocks: int, replicates: int = REPLICATES) -> np.ndarray:
    """Jackknife weights (replicates x blocks): row r keeps every block but replicate r's."""
    return (np.arange(blocks)[None, :] % replicates != np.arange(replicates)[:, None]).astype(float)


def jackknife_half_width(estimate_without: np.ndarray) -> np.ndarray:
    """The half-width of a 95% interval from the estimates with each replicate left out (first axis):
    the jackknife's standard error times Student's t with replicates - 1 degrees of freedom."""
    from scipy.stats import t

    count = len(estimate_without)
    spread = np.nan_to_num(np.nanvar(estimate_without, axis=0, ddof=0)) * (count - 1)
    return float(t.ppf(0.5 + CONFIDENCE / 2, count - 1)) * np.sqrt(spread)


def runs_for_target(blocks: "_Blocks", headline: int, target: float, count: int,
                    most_runs: int = MOST_RUNS) -> tuple[int, int]:
    """The runs a point and the number of blocks that reach ``target`` on every total index of the
    headline measure at the least cost, read off the blocks run so far (at one number of runs n0).

    A block's term of Jansen's estimator, (f(A) - f(AB))^2 / 2, varies from block to block with the
    model (m) and with chance: for a paired per-run variance s2 and n runs a point, chance adds about
    2 E[term] s2 / n + s2^2 / (2 n^2). The blocks needed are Z^2 (m + chance) / (target V)^2, and
    each costs (count + 2) (n + POINT_COST) replications of work; the cheapest n is chosen, never below
    n0 (below it the formula would extrapolate chance's part from where it was not seen; for outcomes that
    are 0 or 1 a run it then falls short), with a margin of a fifth on the blocks."""
    n0 = blocks.runs[0]
    total = np.concatenate(blocks.total)[:, :, headline]  # blocks x inputs
    s2 = np.concatenate(blocks.spread)[:, :, headline].mean(axis=0)  # per input
    signal = np.maximum(2 * total.mean(axis=0), 0.0)
    model = np.maximum(total.var(axis=0, ddof=1) - signal * s2 / n0 - s2 ** 2 / (2 * n0 ** 2), 0.0)
    ends = np.concatenate(blocks.ends)[:, :, headline]
    variance = max(float(ends.var() - np.concatenate(blocks.ends_noise)[:, :, headline].mean()), 1e-12)

    def needed(n: int) -> int:
        spread = model + signal * s2 / n + s2 ** 2 / (2 * n * n)
        return math.ceil(1.2 * float(Z95 ** 2 * spread.max(initial=0.0) / (target * variance) ** 2))

    best = min(range(n0, max(most_runs, n0) + 1), key=lambda n: (needed(n) * (n + POINT_COST), n))
    return best, needed(best)


def sobol_indices(count: int, evaluate: Evaluate, headline: int, target: float = DEFAULT_PRECISION,
                  first: int = FIRST_BLOCKS, most: int = DEFAULT_MAX_BLOCKS, seed: int = 0,
                  runs: int | None = None, planned: Callable[[int, int], None] | None = None) -> Indices:
    """Sobol indices of ``count`` inputs on blocks of fresh luck, the paired differences corrected for
    chance; intervals from resampling blocks. A first round of ``first`` blocks; then, until every
    total index of measure ``headline`` is known to within ``target`` or ``most`` blocks were used, as
    many more blocks as the precision reached says are needed. ``runs``: the runs a point (default:
    PILOT_RUNS in the first round, then the number the target needs at the least cost);
    ``planned(blocks, runs)`` hears each further round before it runs."""
    blocks = _Blocks()
    done, runs_used, replications, points = 0, [], 0, 0
    most = whole(most)
    size, n = min(whole(first), most), runs or PILOT_RUNS
    while True:
        design = saltelli_points(count, seed, done, done + size)
        seeds = [block_seed(seed, SOBOL_STAGE, j) for j in range(done, done + size) for _ in range(count + 2)]
        evaluated = evaluate(design, seeds, n)
        blocks.add(evaluated, count)
        done, points, replications = done + size, points + len(design), replications + len(design) * n
        runs_used.append(n)
        s1, st = (np.nan_to_num(e) for e in blocks.estimates())
        s1_without, st_without = blocks.estimates(left_out(done))
        s1_conf, st_conf = jackknife_half_width(s1_without), jackknife_half_width(st_without)
        reached = float(st_conf[:, headline].max(initial=0.0))
        if reached <= target or done >= most:
            break
        if target <= 0:
            needed = 2 * done
        elif runs is None and len(runs_used) == 1:
            n, needed = runs_for_target(blocks, headline, target, count)
        else:
            needed = math.ceil(done * (reached / target) ** 2 * 1.1)
        size = min(whole(min(max(needed - done, done // 4, 1), GROWTH * done)), most - done)
        if planned:
            planned(size, n)
    means, noise = np.concatenate(blocks.means), np.concatenate(blocks.noise)
    indices = Indices(s1, s1_conf, st, st_conf, noise_share(means, noise), done, points, replications,
                      tuple(runs_used), reached, target)
    indices.warnings.extend(_consistency(indices, headline))
    return indices


def _consistency(indices: Indices, headline: int) -> list[str]:
    """Plain warnings where the estimates contradict what indices must satisfy, beyond their intervals."""
    out = []
    if not indices.precise:
        out.append(f"the total indices are known to within ±{indices.reached:.2f} (the target was "
                   f"±{indices.target:.2f}) after {indices.samples:,} blocks; read small differences "
                   "between inputs as unresolved, or allow more blocks (--max-samples)")
    s1, st = indices.S1[:, headline], indices.ST[:, headline]
    margin = np.hypot(indices.S1_conf[:, headline], indices.ST_conf[:, headline])
    if np.any(s1 - st > margin):
        out.append("some first-order index exceeds its total index by more than the intervals allow: "
                   "the estimates are not yet reliable")
    if s1.sum() > 1 + math.hypot(*indices.S1_conf[:, headline]):
        out.append(f"the first-order indices sum to {s1.sum():.2f}, above 1 by more than their intervals "
                   "allow: the estimates are not yet reliable")
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


def oat_rows(inputs: list[Input], outcomes: list[Outcomes], shown: tuple[Measure, ...]) -> list[dict]:
    """One row an input: each measure as the scenario is, at the input's low and at its high end, the
    swing, and the half-width of the 95% band that chance alone puts around the change from the scenario
    (runs paired with the scenario's own: the outcomes must keep their runs)."""
    base = outcomes[0]
    out = []
    for k, item in enumerate(inputs):
        low, high = outcomes[1 + 2 * k], outcomes[2 + 2 * k]
        bands = [o.paired_noise(base) for o in (low, high)]
        row = {"input": item.name, "label": item.label, "low": item.low, "high": item.high, "own": item.own}
        for name in (m.name for m in shown):
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


def screening_rows(inputs: list[Input], screening: Screening, shown: tuple[Measure, ...]) -> list[dict]:
    return [{"input": item.name, "label": item.label, "measure": name, "low": item.low, "high": item.high,
             "mu_star": float(screening.mu_star[k, m]), "mu_star_conf": float(screening.mu_star_conf[k, m]),
             "sigma": float(screening.sigma[k, m]), "noise_floor": float(screening.noise_floor[m])}
            for m, name in enumerate(x.name for x in shown) for k, item in enumerate(inputs)]


def sobol_rows(inputs: list[Input], indices: Indices, shown: tuple[Measure, ...]) -> list[dict]:
    return [{"input": item.name, "label": item.label, "measure": name, "low": item.low, "high": item.high,
             **{key: float(getattr(indices, key)[k, m]) for key in ("S1", "S1_conf", "ST", "ST_conf")},
             "noise_share": float(indices.noise_share[m])}
            for m, name in enumerate(x.name for x in shown) for k, item in enumerate(inputs)]


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

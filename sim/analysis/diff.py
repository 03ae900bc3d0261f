"""What differs between two scenarios, and how much of the outcome's difference each change accounts for.

The changes are the keys whose values differ once both files are read with every default filled
in (names, descriptions, sources, seeds and `uncertain:` blocks are not changes to the world).
A list whose length differs, or a mapping whose names differ (hostage categories), is one change.

Every combination of changes is applied to the first scenario and run on the same random numbers
(common random numbers: run k of each faces the same luck). With few changes (at most
MAX_SHAPLEY), each change's share is its Shapley value: its effect averaged over every order in
which the changes could be made, so the shares add up exactly to the whole difference and no
change is credited with an interaction it merely completes. With more, the Shapley value is
estimated over sampled orders (in pairs, each order with its reverse, which cancels most of the
error of sampling) and the interval adds that error to chance's; the shares still add up exactly,
and no change gains from where the file puts it. Changes of the same kind (the same key in several
items of a list, e.g. each mediator's guarantee) can be grouped into one (:func:`grouped`).
A change that makes no valid scenario on its own (a hostage category used before it exists)
goes together with the next. Every share has a 95% interval.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from pydantic import BaseModel

from ..escape import csv_writer
from ..scenario import LoadedScenario, Scenario
from ..scenario.distributions import Distribution
from ..scenario.labels import key_label, plain
from ..scenario.problems import Path, dotted
from .variants import VariantError, variant

IGNORED = {"version", "name", "description", "sources", "seed", "uncertain"}
MAX_SHAPLEY = 6  # 2^6 = 64 variants; past it, sampled orders
ORDERS = 16  # sampled orders past MAX_SHAPLEY changes (8 pairs of an order and its reverse)
Z95 = 1.959963984540054


def dumped(loaded: LoadedScenario, defaults: bool = True) -> dict:
    """The scenario as plain data, with every default filled in (to compare) or only the keys the
    files set (to change: some checks tell a key written from a default); distributions stay as
    objects (pydantic's own dump would turn them into mappings it cannot read back)."""
    return {key: value for key, value in _plain(loaded.scenario, defaults).items() if key != "uncertain"}


def _plain(value: Any, defaults: bool) -> Any:
    if isinstance(value, BaseModel):
        names = type(value).model_fields if defaults else value.model_fields_set
        return {name: _plain(getattr(value, name), defaults) for name in type(value).model_fields if name in names}
    if isinstance(value, list):
        return [_plain(v, defaults) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v, defaults) for k, v in value.items()}
    return value


def value_words(value: Any) -> str:
    """A value as a reader reads it."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return f"{value:,.4g}"
    if isinstance(value, dt.date):
        return value.strftime("%-d %b %Y")
    if isinstance(value, Distribution):
        (kind, body), = value.as_yaml().items()
        if kind == "lognormal":
            return f"about {body['median']:g} (spread {body['sigma']:g})"
        if kind == "normal":
            return f"about {body['mean']:g} (give or take {body['sd']:g})"
        if kind == "choice":
            return "one of " + ", ".join(f"{v:g}" for v in body)
        if kind == "triangular":
            return f"{body[0]:g} to {body[2]:g}, most likely {body[1]:g}"
        return f"{body[0]:g} to {body[1]:g}"
    if isinstance(value, list):
        return f"{len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict):
        return ", ".join(f"{plain(str(k))} {value_words(v)}" for k, v in value.items()) or "none"
    return str(value)


@dataclass(frozen=True)
class Change:
    paths: tuple[Path, ...]  # one path, or several that only make sense together
    before: tuple[Any, ...]
    after: tuple[Any, ...]
    labels: tuple[str, ...]

    def words(self) -> str:
        return "; ".join(f"{label}: {value_words(a)} instead of {value_words(b)}"
                         for label, b, a in zip(self.labels, self.before, self.after))

    @property
    def name(self) -> str:
        """What changed, in a few words: its keys, or for changes of one kind the first and how many more."""
        if len(self.paths) > 1 and len({kind(p) for p in self.paths}) == 1:
            return f"{self.labels[0]} (and {len(self.paths) - 1} more of the same kind)"
        return " and ".join(self.labels)

    def joined(self, other: "Change") -> "Change":
        return Change(self.paths + other.paths, self.before + other.before, self.after + other.after,
                      self.labels + other.labels)


def _differences(a: Any, b: Any, path: Path) -> list[tuple[Path, Any, Any]]:
    if isinstance(a, dict) and isinstance(b, dict) and set(a) == set(b):
        return [d for key in a for d in _differences(a[key], b[key], path + (key,))]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in _differences(x, y, path + (i,))]
    return [] if a == b else [(path, a, b)]


def changes(first: LoadedScenario, second: LoadedScenario) -> list[Change]:
    """The keys whose values differ, in the order of the format, each in plain words."""
    a, b = dumped(first), dumped(second)
    found = []
    for key in a:
        if key in IGNORED:
            continue
        for path, before, after in _differences(a[key], b[key], (key,)):
            found.append(Change((path,), (before,), (after,), (key_label(path, second.data),)))
    return found


def _base(first: LoadedScenario) -> LoadedScenario:
    return replace(first, data=dumped(first, defaults=False))


def scenario_with(first: LoadedScenario, chosen: list[Change]) -> Scenario:
    """The first scenario with the chosen changes made (VariantError if that is no valid scenario)."""
    return variant(_base(first), {p: v for c in chosen for p, v in zip(c.paths, c.after)})


def workable(first: LoadedScenario, found: list[Change]) -> list[Change]:
    """The changes, each joined with the next while on its own it makes no valid scenario."""
    out: list[Change] = []
    pending: Change | None = None
    for change in found:
        pending = change if pending is None else pending.joined(change)
        try:
            scenario_with(first, [pending])
        except VariantError:
            continue
        out.append(pending)
        pending = None
    if pending is not None:
        if not out:
            raise VariantError("the changes make no valid scenario when made on the first scenario")
        out[-1] = out[-1].joined(pending)
    return out


def kind(path: Path) -> tuple:
    """The kind of a change: its key with the items of lists left out (mediators[*].guarantee)."""
    return tuple("*" if isinstance(part, int) else part for part in path)


def grouped(found: list[Change]) -> list[Change]:
    """The changes with those of the same kind (every path of one the same key in items of a list) made one,
    in the order each kind first appears."""
    groups: dict[tuple, Change] = {}
    for change in found:
        key = tuple(sorted({kind(p) for p in change.paths}, key=str))
        groups[key] = groups[key].joined(change) if key in groups else change
    return list(groups.values())


def orders(count: int, seed: int, sampled: int = ORDERS) -> list[tuple[int, ...]]:
    """The orders in which the changes are made: ``sampled`` orders past MAX_SHAPLEY changes, in pairs of
    an order and its reverse (the same for a seed); none for few changes (every subset is run)."""
    if count <= MAX_SHAPLEY:
        return []
    rng = np.random.default_rng([seed % 2**63, count])
    out = []
    for _ in range(max(sampled // 2, 1)):
        order = tuple(int(k) for k in rng.permutation(count))
        out.extend([order, order[::-1]])
    return out


def plan(count: int, sampled_orders: list[tuple[int, ...]] | None = None) -> list[tuple[int, ...]]:
    """The combinations of changes to run (each a sorted tuple): every subset (Shapley) for few changes,
    else every first part of each sampled order. The empty one (the first scenario) comes first and the
    full one (the second) last."""
    if count <= MAX_SHAPLEY:
        return [s for size in range(count + 1) for s in itertools.combinations(range(count), size)]
    found = {tuple(sorted(order[:k])) for order in sampled_orders or [] for k in range(count + 1)}
    return sorted(found, key=lambda s: (len(s), s))


def attribution(count: int, subsets: list[tuple[int, ...]], per_run: np.ndarray,
                sampled_orders: list[tuple[int, ...]] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Each change's share of the difference (mean over runs) and the half-width of its 95% interval;
    ``per_run`` holds the measure of each run (columns) in each subset (rows). With every subset run,
    exact Shapley values (the interval: chance); with sampled orders, their mean step (the interval:
    chance and the sampling of orders)."""
    index = {s: i for i, s in enumerate(subsets)}
    runs = per_run.shape[1]
    if len(subsets) == 2 ** count:  # Shapley: each change's effect over every order, weighted
        shares = np.zeros((count, runs))
        for s, i in index.items():
            weight = math.factorial(len(s)) * math.factorial(count - len(s) - 1) / math.factorial(count) \
                if len(s) < count else 0.0
            for k in range(count):
                if k not in s:
                    shares[k] += weight * (per_run[index[tuple(sorted(s + (k,)))]] - per_run[i])
        half = Z95 * shares.std(axis=1, ddof=1) / math.sqrt(runs) if runs > 1 else np.zeros(count)
        return shares.mean(axis=1), half
    steps = np.zeros((len(sampled_orders), count, runs))  # each order's step for each change, run by run
    for o, order in enumerate(sampled_orders):
        for position, k in enumerate(order):
            before, after = tuple(sorted(order[:position])), tuple(sorted(order[:position + 1]))
            steps[o, k] = per_run[index[after]] - per_run[index[before]]
    shares = steps.mean(axis=0)  # count x runs
    pairs = steps.reshape(len(sampled_orders) // 2, 2, count, runs).mean(axis=1).mean(axis=2)  # per pair of orders
    sampling = pairs.var(axis=0, ddof=1) / len(pairs) if len(pairs) > 1 else np.zeros(count)
    chance = shares.var(axis=1, ddof=1) / runs if runs > 1 else np.zeros(count)
    return shares.mean(axis=1), Z95 * np.sqrt(sampling + chance)


def diff_csv(found: list[Change], shares: np.ndarray, half: np.ndarray, total: float) -> str:
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(["change", "keys", "share_of_difference", "ci_low", "ci_high", "share_of_total"])
    for change, share, h in zip(found, shares, half):
        writer.writerow([change.words(), " ".join(map(dotted, change.paths)), f"{share:.4f}", f"{share - h:.4f}",
                         f"{share + h:.4f}", f"{share / total:.4f}" if total else ""])
    return buffer.getvalue()


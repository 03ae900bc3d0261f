"""What differs between two scenarios, and how much of the outcome's difference each change accounts for.

The changes are the keys whose values differ once both files are read with every default filled
in (names, descriptions, sources, seeds and `uncertain:` blocks are not changes to the world).
A list whose length differs, or a mapping whose names differ (hostage categories), is one change.

Every combination of changes is applied to the first scenario and run on the same random numbers
(common random numbers: run k of each faces the same luck). With few changes (at most
MAX_SHAPLEY), each change's share is its Shapley value: its effect averaged over every order in
which the changes could be made, so the shares add up exactly to the whole difference and no
change is credited with an interaction it merely completes. With more, the changes are made one
after another in file order and each is credited with the step it makes. A change that makes no
valid scenario on its own (a hostage category used before it exists) goes together with the next.
Every share has a 95% interval from the spread of its run-by-run value.
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
MAX_SHAPLEY = 6  # 2^6 = 64 variants; past it, one step per change
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


def plan(count: int) -> list[tuple[int, ...]]:
    """The combinations of changes to run: every subset (Shapley) for few changes, else the first
    k changes for k = 0..count (one step each). The empty one (the first scenario) comes first and the
    full one (the second) last."""
    if count <= MAX_SHAPLEY:
        subsets = [s for size in range(count + 1) for s in itertools.combinations(range(count), size)]
        return subsets
    return [tuple(range(k)) for k in range(count + 1)]


def attribution(count: int, subsets: list[tuple[int, ...]], per_run: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each change's share of the difference (mean over runs) and the half-width of its 95% interval;
    ``per_run`` holds the measure of each run (columns) in each subset (rows)."""
    index = {s: i for i, s in enumerate(subsets)}
    shares = np.zeros((count, per_run.shape[1]))
    if len(subsets) == 2 ** count:  # Shapley: each change's effect over every order, weighted
        for s, i in index.items():
            weight = math.factorial(len(s)) * math.factorial(count - len(s) - 1) / math.factorial(count) \
                if len(s) < count else 0.0
            for k in range(count):
                if k not in s:
                    shares[k] += weight * (per_run[index[tuple(sorted(s + (k,)))]] - per_run[i])
    else:  # one step each, in order
        for k in range(count):
            shares[k] = per_run[index[tuple(range(k + 1))]] - per_run[index[tuple(range(k))]]
    runs = per_run.shape[1]
    half = Z95 * shares.std(axis=1, ddof=1) / math.sqrt(runs) if runs > 1 else np.zeros(count)
    return shares.mean(axis=1), half


def diff_csv(found: list[Change], shares: np.ndarray, half: np.ndarray, total: float) -> str:
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(["change", "keys", "share_of_difference", "ci_low", "ci_high", "share_of_total"])
    for change, share, h in zip(found, shares, half):
        writer.writerow([change.words(), " ".join(map(dotted, change.paths)), f"{share:.4f}", f"{share - h:.4f}",
                         f"{share + h:.4f}", f"{share / total:.4f}" if total else ""])
    return buffer.getvalue()


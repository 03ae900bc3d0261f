"""Variants of a scenario built in code: a value set at a dotted path of the scenario's data, checked
against the schema as a file would be; and the scenario's uncertain inputs (its `uncertain:` block).

A path is written as in error messages: ``talks.duration_days``, ``acceptance.parties[1].accepts``,
``talks.duration_days.lognormal.median`` (inside a distribution).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ..scenario import LoadedScenario, Scenario
from ..scenario.checks import Target, cross_check, explored_key, range_problem, setting
from ..scenario.distributions import Distribution, parse_range
from ..scenario.labels import key_label
from ..scenario.loader import _message
from ..scenario.paths import VariantError, parse_path, value_at, with_values
from ..scenario.problems import Path, dotted

__all__ = ["Input", "VariantError", "parse_path", "parse_vary", "uncertain_inputs", "variant", "with_values"]


def variant(loaded: LoadedScenario, changes: dict[Path, Any]) -> Scenario:
    """The scenario with these values, validated and cross-checked, or :class:`VariantError`."""
    data = with_values(loaded.data, changes)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        raise VariantError("; ".join(f"{dotted(tuple(e['loc'])) or 'the scenario'}: {_message(e)}"
                                     for e in error.errors(include_url=False))) from None
    problems = list(cross_check(scenario))
    if problems:
        raise VariantError("; ".join(f"{dotted(issue.path)}: {issue.message}" for issue in problems))
    return scenario


# -- uncertain inputs ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Input:
    """One uncertain input: a key of the scenario and the range its value is explored over."""

    path: Path
    shape: Distribution  # how values spread over the range (quantile 0 is the low end, 1 the high)
    target: Target  # what the scenario itself gives the key
    written: Any  # the key's value as the file writes it (a distribution is pinned, not replaced)
    label: str  # plain words for readers

    @property
    def name(self) -> str:
        return dotted(self.path)

    @property
    def low(self) -> float:
        return self.shape.quantile(0.0)

    @property
    def high(self) -> float:
        return self.shape.quantile(1.0)

    @property
    def own(self) -> float | None:
        """The scenario's own value, when it gives one number (None for a distribution or no value)."""
        value = self.target.value
        return float(value) if isinstance(value, (int, float)) else None

    def value(self, share: float) -> float:
        """The value at quantile ``share`` (0 to 1) of the range, rounded for whole-number keys."""
        value = self.shape.quantile(min(max(share, 0.0), 1.0))
        return float(round(value)) if self.target.whole else value

    def setting(self, value: float) -> Any:
        """What a variant writes at the key so that it takes ``value``."""
        return setting(self.target, self.written, value)


def parse_vary(spec: str) -> tuple[str, Distribution]:
    """``PATH=LOW:HIGH`` -> (path, range), or VariantError saying what is wrong."""
    path_text, sep, ends = spec.partition("=")
    parts = ends.split(":")
    if not sep or len(parts) != 2:
        raise VariantError(f"--vary {spec}: write PATH=LOW:HIGH, e.g. talks.breakdown_hazard_per_day=0.005:0.02")
    try:
        low, high = (float(p) for p in parts)
        shape = parse_range([low, high])
        parse_path(path_text.strip())
    except ValueError as error:
        message = error.message() if hasattr(error, "message") else str(error)
        raise VariantError(f"--vary {spec}: {message}") from None
    return path_text.strip(), shape


def uncertain_inputs(loaded: LoadedScenario, vary: list[str] | tuple[str, ...] = ()) -> list[Input]:
    """The inputs to explore: the scenario's `uncertain:` block in file order, then each ``--vary
    PATH=LOW:HIGH`` (which replaces an entry for the same path); VariantError for a bad one."""
    ranges = {parse_path(text): shape for text, shape in loaded.scenario.uncertain.items() if shape is not None}
    for spec in vary:
        text, shape = parse_vary(spec)
        path = parse_path(text)
        problem = range_problem(loaded.scenario, loaded.data, path, shape)
        if problem:
            raise VariantError(f"--vary {spec}: {problem.message}")
        ranges[path] = shape
    return [Input(path, shape, explored_key(loaded.scenario, path), value_at(loaded.data, path),
                  key_label(path, loaded.data)) for path, shape in ranges.items()]

"""Uncertain numbers: a fixed value, or a distribution that each replication samples.

A scenario key that takes a number also takes a one-key mapping naming a
distribution, for example ``{lognormal: {median: 30, sigma: 0.4}}``. Parsing
happens once, when the scenario is validated; the engine then calls
:func:`draw` with the replication's own random generator, so a fixed value
costs nothing and consumes no random numbers (which keeps common random
numbers aligned between a scenario and its variants).
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError, core_schema

if TYPE_CHECKING:  # numpy is for the engine's draws; validating a file never needs it
    import numpy as np

# How to write each distribution, for error messages and the docs.
EXAMPLES = {
    "lognormal": "{lognormal: {median: 30, sigma: 0.4}}",
    "uniform": "{uniform: [0.05, 0.2]}",
    "triangular": "{triangular: [10, 20, 45]}",
    "normal": "{normal: {mean: 5, sd: 1}}",
    "choice": "{choice: [20, 30, 40]}",
    "exponential": "{exponential: {mean: 12}}",
}


@dataclass(frozen=True)
class Distribution:
    """Base of the distributions; ``lo`` and ``hi`` clip draws to the key's range."""

    lo: float
    hi: float

    def sample(self, rng: np.random.Generator) -> float:
        return min(max(self._raw(rng), self.lo), self.hi)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> core_schema.CoreSchema:
        # Only the keys' own validators (parse_quantity, parse_range) make distributions; without
        # this, pydantic would build a schema of every distribution's fields for every such key,
        # never to use it (about a sixth of the time the scenario schema took to build).
        return core_schema.any_schema()

    def _raw(self, rng: np.random.Generator) -> float:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass(frozen=True)
class Lognormal(Distribution):
    median: float
    sigma: float

    def _raw(self, rng):
        return rng.lognormal(math.log(self.median), self.sigma)

    def as_yaml(self):
        return {"lognormal": {"median": self.median, "sigma": self.sigma}}


@dataclass(frozen=True)
class Uniform(Distribution):
    low: float
    high: float

    def _raw(self, rng):
        return rng.uniform(self.low, self.high)

    def as_yaml(self):
        return {"uniform": [self.low, self.high]}

    def quantile(self, share: float) -> float:
        return self.low + share * (self.high - self.low)


@dataclass(frozen=True)
class Triangular(Distribution):
    left: float
    mode: float
    right: float

    def _raw(self, rng):
        return rng.triangular(self.left, self.mode, self.right)

    def as_yaml(self):
        return {"triangular": [self.left, self.mode, self.right]}

    def quantile(self, share: float) -> float:
        width = self.right - self.left
        if share * width < self.mode - self.left:
            return self.left + math.sqrt(share * width * (self.mode - self.left))
        return self.right - math.sqrt((1 - share) * width * (self.right - self.mode))


@dataclass(frozen=True)
class Normal(Distribution):
    mean: float
    sd: float

    def _raw(self, rng):
        return rng.normal(self.mean, self.sd)

    def as_yaml(self):
        return {"normal": {"mean": self.mean, "sd": self.sd}}


@dataclass(frozen=True)
class Choice(Distribution):
    values: tuple[float, ...]

    def _raw(self, rng):
        return self.values[int(rng.integers(len(self.values)))]

    def as_yaml(self):
        return {"choice": list(self.values)}

    def quantile(self, share: float) -> float:
        ordered = sorted(self.values)
        return ordered[min(int(share * len(ordered)), len(ordered) - 1)]


@dataclass(frozen=True)
class Exponential(Distribution):
    """Memoryless waits: each body's recovery time, a time to an event with a constant chance."""

    mean: float

    def _raw(self, rng):
        return rng.exponential(self.mean)

    def as_yaml(self):
        return {"exponential": {"mean": self.mean}}


Quantity = float | Distribution


def draw(quantity: Quantity, rng: np.random.Generator) -> float:
    """The value of ``quantity`` in this replication."""
    if quantity.__class__ is float:
        return quantity
    return quantity.sample(rng)


def draw_count(quantity: Quantity, rng: np.random.Generator) -> int:
    """A whole number: counts of people are rounded to the nearest one."""
    return int(round(draw(quantity, rng)))


def _fail(message: str) -> PydanticCustomError:
    # The text goes in as context: pydantic would otherwise read its braces as placeholders.
    return PydanticCustomError("quantity", "{message}", {"message": message})


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _fail(f"{what} must be a finite number, not {value!r}")
    return float(value)


def _numbers(value: Any, count: int, kind: str) -> list[float]:
    if not isinstance(value, list) or len(value) != count:
        raise _fail(f"{kind} takes a list of {count} numbers, as in {EXAMPLES[kind]}")
    return [_number(v, f"each number of {kind}") for v in value]


def _fields(value: Any, kind: str, names: tuple[str, ...]) -> list[float]:
    if not isinstance(value, dict) or set(value) != set(names):
        raise _fail(f"{kind} takes the keys {', '.join(names)}, as in {EXAMPLES[kind]}")
    return [_number(value[n], f"{kind}.{n}") for n in names]


def _shown(value: float) -> str:
    """A bound or value as people write it: 1,000,000 rather than 1e+06."""
    return f"{value:,.0f}" if float(value).is_integer() and abs(value) < 1e15 else f"{value:g}"


def _in_range(value: float, lo: float, hi: float, what: str) -> None:
    if not lo <= value <= hi:
        if hi == math.inf:
            raise _fail(f"{what} must be at least {_shown(lo)}, not {_shown(value)}")
        raise _fail(f"{what} must be between {_shown(lo)} and {_shown(hi)}, not {_shown(value)}")


def parse_quantity(value: Any, lo: float = -math.inf, hi: float = math.inf) -> Quantity:
    """A fixed number or a distribution, checked against the key's range [lo, hi].

    Distributions with a bounded support (uniform, triangular, choice) must lie
    inside the range; unbounded ones (normal, lognormal) are clipped to it.
    """
    if isinstance(value, Distribution):
        return value  # already parsed (a model built in code, or re-validated)
    if not isinstance(value, dict):
        number = _number(value, "the value")
        _in_range(number, lo, hi, "the value")
        return number
    if len(value) != 1:
        raise _fail(f"a distribution is a mapping with one key: one of {', '.join(EXAMPLES)}")
    (kind, body), = value.items()
    if kind not in EXAMPLES:
        close = difflib.get_close_matches(str(kind), EXAMPLES, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise _fail(f"unknown distribution '{kind}': {hint}write one of {'; '.join(EXAMPLES.values())}")
    if kind == "lognormal":
        median, sigma = _fields(body, kind, ("median", "sigma"))
        if median <= 0 or sigma < 0:
            raise _fail("lognormal needs median > 0 and sigma >= 0")
        _in_range(median, lo, hi, "lognormal.median")
        return Lognormal(lo, hi, median, sigma)
    if kind == "exponential":
        (mean,) = _fields(body, kind, ("mean",))
        if mean <= 0:
            raise _fail("exponential needs mean > 0")
        _in_range(mean, lo, hi, "exponential.mean")
        return Exponential(lo, hi, mean)
    if kind == "normal":
        mean, sd = _fields(body, kind, ("mean", "sd"))
        if sd < 0:
            raise _fail("normal.sd must be at least 0")
        _in_range(mean, lo, hi, "normal.mean")
        return Normal(lo, hi, mean, sd)
    if kind == "uniform":
        low, high = _numbers(body, 2, kind)
        if low > high:
            raise _fail("uniform's first number (low) must not exceed its second (high)")
        _in_range(low, lo, hi, "uniform's low end")
        _in_range(high, lo, hi, "uniform's high end")
        return Uniform(lo, hi, low, high)
    if kind == "triangular":
        left, mode, right = _numbers(body, 3, kind)
        if not left <= mode <= right:
            raise _fail("triangular takes [low, most likely, high] in that order")
        _in_range(left, lo, hi, "triangular's low end")
        _in_range(right, lo, hi, "triangular's high end")
        return Triangular(lo, hi, left, mode, right)
    if not isinstance(body, list) or not body:
        raise _fail(f"choice takes a non-empty list of numbers, as in {EXAMPLES['choice']}")
    values = tuple(_number(v, "each value of choice") for v in body)
    for v in values:
        _in_range(v, lo, hi, "each value of choice")
    return Choice(lo, hi, values)


def pinned(written: dict, value: float) -> dict:
    """A distribution that always gives ``value`` yet draws the same random numbers as ``written``,
    so that pinning one input leaves every later draw of the replication as it was (common random
    numbers between the scenario and its variants)."""
    (kind, body), = written.items()
    if kind in ("uniform", "triangular"):  # one uniform number each (numpy refuses a triangular of width 0)
        return {"uniform": [value, value]}
    if kind == "lognormal":
        return {"lognormal": {"median": value, "sigma": 0}}
    if kind == "normal":
        return {"normal": {"mean": value, "sd": 0}}
    return {"choice": [value] * len(body)}


BOUNDED = (Uniform, Triangular, Choice)  # the shapes an `uncertain:` range may take


def parse_range(value: Any) -> Distribution:
    """A range to explore: ``[LOW, HIGH]`` (every value between equally likely), or a bounded
    distribution (uniform, triangular, choice) whose ``quantile`` spreads samples over it."""
    if isinstance(value, Distribution):
        return value
    if isinstance(value, list):
        if len(value) != 2:
            raise _fail("a range is [LOW, HIGH], e.g. [0.5, 0.9], or a distribution such as {triangular: [10, 20, 45]}")
        low, high = (_number(v, "each end of the range") for v in value)
        shape: Distribution = Uniform(-math.inf, math.inf, low, high)
    else:
        shape = parse_quantity(value)
        if not isinstance(shape, BOUNDED):
            raise _fail("explore a bounded range: [LOW, HIGH], {triangular: [LOW, MOST_LIKELY, HIGH]} "
                        "or {choice: [A, B, C]}")
    ends = (shape.quantile(0.0), shape.quantile(1.0))
    if ends[0] >= ends[1]:
        raise _fail(f"the range must go from a lower to a higher value, not {ends[0]:g} to {ends[1]:g}")
    return shape


def json_schema(lo: float, hi: float) -> dict:
    number: dict[str, Any] = {"type": "number"}
    if lo > -math.inf:
        number["minimum"] = lo
    if hi < math.inf:
        number["maximum"] = hi
    pair = {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}
    triple = {"type": "array", "items": {"type": "number"}, "minItems": 3, "maxItems": 3}

    def one(kind: str, body: dict) -> dict:
        return {"type": "object", "properties": {kind: body}, "required": [kind],
                "additionalProperties": False}

    def fields(*names: str) -> dict:
        return {"type": "object", "properties": {n: {"type": "number"} for n in names},
                "required": list(names), "additionalProperties": False}

    return {"anyOf": [
        number,
        one("lognormal", fields("median", "sigma")),
        one("uniform", pair),
        one("triangular", triple),
        one("normal", fields("mean", "sd")),
        one("choice", {"type": "array", "items": {"type": "number"}, "minItems": 1}),
        one("exponential", fields("mean")),
    ], "description": "A number, or a distribution sampled once per replication: " + "; ".join(EXAMPLES.values())}


def range_schema() -> dict:
    """The JSON Schema of an `uncertain:` range: [LOW, HIGH] or a bounded distribution."""
    pair = {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}
    bounded = [s for s in json_schema(-math.inf, math.inf)["anyOf"]
               if s.get("required", [None])[0] in ("uniform", "triangular", "choice")]
    return {"anyOf": [pair, *bounded],
            "description": "A range to explore: [LOW, HIGH], or {triangular: [LOW, MOST_LIKELY, HIGH]}, or {choice: [...]}"}


def quantity(lo: float = -math.inf, hi: float = math.inf) -> Any:
    """The annotated type of a key that takes a number or a distribution in [lo, hi]."""
    return Annotated[Quantity, PlainValidator(partial(parse_quantity, lo=lo, hi=hi)),
                     WithJsonSchema(json_schema(lo, hi))]

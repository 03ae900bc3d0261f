"""Figures as a reader should see them: rounded to what their interval supports, with ranges and dates.

A figure is rounded to a step a tenth to a hundredth of the width of its interval
(at least 0.1), so that "26,856.1 (25,104–28,894)" reads "26,900 (25,100–28,900)":
the digits shown are the digits the runs support.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

DASH = "–"  # en dash, for ranges


def step(low: float | None, high: float | None, smallest: float = 0.1) -> float:
    """The rounding step for a figure whose interval is low..high: a power of ten below a quarter of its width."""
    if low is None or high is None or high - low <= 0:
        return 1.0
    return max(smallest, 10.0 ** math.floor(math.log10((high - low) / 4)))


def rounded(value: float, by: float) -> str:
    """``value`` to the step ``by``, with thousands separators and no "-0"."""
    decimals = max(0, -math.floor(math.log10(by))) if by < 1 else 0
    number = round(value / by) * by
    return f"{number + 0.0:,.{decimals}f}".replace("-0.0", "0.0") if decimals else f"{round(number) + 0:,d}"


def about(value: float) -> str:
    """A figure without an interval, to two significant digits: 70,550 -> "71,000"; 24.6 -> "25"."""
    if value == 0 or (float(value).is_integer() and abs(value) < 100):
        return f"{value:,.0f}"
    return rounded(value, 10.0 ** (math.floor(math.log10(abs(value))) - 1))


def percent(share: float, by: float = 1.0) -> str:
    """A share (0..1) in per cent at the step ``by`` (in points): "28%"."""
    return rounded(share * 100, by) + "%"


def share_step(low: float | None, high: float | None) -> float:
    """Whole per cents unless the interval is narrower than four points (then tenths)."""
    return 1.0 if low is None or high is None else min(1.0, step(low * 100, high * 100))


def share_range(value: float, low: float | None, high: float | None, by: float | None = None) -> str:
    """"28% (25–31%)"; ``by``: the step in points (default: what the interval supports)."""
    by = by or share_step(low, high)
    if low is None or high is None:
        return percent(value, by)
    return f"{percent(value, by)} ({rounded(low * 100, by)}{DASH}{percent(high, by)})"


def amount_range(value: float, low: float | None, high: float | None, by: float | None = None) -> str:
    """"680 (640–730)": a mean or a count, rounded to what the interval supports (or to ``by``)."""
    by = by or step(low, high)
    if low is None or high is None:
        return rounded(value, by)
    return f"{rounded(value, by)} ({rounded(low, by)}{DASH}{rounded(high, by)})"


def points(difference: float, low: float, high: float, more: str = "higher", less: str = "lower") -> str:
    """A difference of shares in percentage points: "21 points lower (18–24)"."""
    by = share_step(low, high)
    word = more if difference > 0 else less
    ends = sorted((abs(low), abs(high)))
    return (f"{rounded(abs(difference) * 100, by)} points {word} "
            f"({rounded(ends[0] * 100, by)}{DASH}{rounded(ends[1] * 100, by)})")


def change(difference: float, low: float, high: float, unit: str = "", more: str = "more", less: str = "fewer") -> str:
    """A difference of amounts: "210 fewer (190–230)"; ``unit`` between number and word ("days")."""
    by = step(low, high)
    word = more if difference > 0 else less
    ends = sorted((abs(low), abs(high)))
    unit = f" {unit}" if unit else ""
    return f"{rounded(abs(difference), by)}{unit} {word} ({rounded(ends[0], by)}{DASH}{rounded(ends[1], by)})"


def clear(low: float | None, high: float | None) -> bool:
    """Whether an interval of a difference excludes zero: only then is a difference claimed."""
    return low is not None and high is not None and (low > 0 or high < 0)


def calendar(start: dt.date, day: float) -> str:
    """The date of a simulated day (day 0 is ``start``), as "31 Jul 2024"."""
    date = start + dt.timedelta(days=int(math.floor(day)))
    return f"{date.day} {date:%b %Y}"


def typical(quantity) -> float:
    """A fixed value as it is; a distribution by the median of many draws (fixed seed)."""
    from ..scenario import Distribution

    if not isinstance(quantity, Distribution):
        return float(quantity)
    rng = np.random.default_rng(0)
    return float(np.median([quantity.sample(rng) for _ in range(2001)]))

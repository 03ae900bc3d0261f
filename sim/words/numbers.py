"""Figures as a reader should see them: one rounding rule for sentences, tables and charts.

The rule: a figure is rounded to a power of ten below a quarter of the width of its interval,
and never finer than a whole unit: whole per cents, whole points, whole people, trucks and
days. So "26,856.1 (25,104–28,894)" reads "26,900 (25,100–28,900)" and "6.5% (5.1–8.1%)"
reads "6% (5–8%)": the digits shown are the digits the runs support. A range whose ends
round to the same figure is not written ("0%", never "0% (0–0%)"); a share above nothing
but below half a per cent is "under 1%", never "0%".
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

DASH = "–"  # en dash, for ranges
WHOLE = 1.0  # the finest step of any figure a reader sees: whole per cents, points, people, trucks, days


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


def percent(share: float, by: float = WHOLE) -> str:
    """A share (0..1) in per cent at the step ``by`` (in points): "28%"; "under 1%" and "over 99%" for a
    share that rounds to none or all but is not."""
    if 0 < share * 100 < by / 2:
        return f"under {rounded(by, by)}%"
    if 100 - by / 2 < share * 100 < 100:
        return f"over {rounded(100 - by, by)}%"
    return rounded(share * 100, by) + "%"


def share_step(low: float | None, high: float | None) -> float:
    """The step of a share in points: whole per cents, coarser where the interval is very wide."""
    return WHOLE if low is None or high is None else max(WHOLE, step(low * 100, high * 100))


def amount_step(low: float | None, high: float | None) -> float:
    """The step of an amount (people, trucks, days): what its interval supports, at least a whole one."""
    return max(WHOLE, step(low, high))


def bracket(low: str, high: str, unit: str = "") -> str:
    """" (25–31%)", or nothing where both ends read the same (no "(0–0%)")."""
    return "" if low == high else f" ({low}{DASH}{high}{unit})"


def span(low: str, high: str, unit: str = "") -> str:
    """"25–31%", or "25%" where both ends read the same."""
    return f"{low}{unit}" if low == high else f"{low}{DASH}{high}{unit}"


def share_range(value: float, low: float | None, high: float | None, by: float | None = None) -> str:
    """"28% (25–31%)"; ``by``: the step in points (default: what the interval supports)."""
    by = by or share_step(low, high)
    if low is None or high is None:
        return percent(value, by)
    said = percent(value, by)
    return said + bracket(rounded(low * 100, by), rounded(high * 100, by), "%")


def amount_range(value: float, low: float | None, high: float | None, by: float | None = None) -> str:
    """"680 (640–730)": a mean or a count, rounded to what the interval supports (or to ``by``)."""
    by = by or amount_step(low, high)
    if low is None or high is None:
        return rounded(value, by)
    return rounded(value, by) + bracket(rounded(low, by), rounded(high, by))


def _size(value: float, by: float, unit: str) -> str:
    """A difference's size at the step, "under 1 point" where it rounds to nothing."""
    said = rounded(value, by)
    return f"under {rounded(by, by)}{unit}" if said == "0" else f"{said}{unit}"


def points(difference: float, low: float, high: float, more: str = "higher", less: str = "lower") -> str:
    """A difference of shares in percentage points: "21 points lower (18–24)"."""
    by = share_step(low, high)
    word = more if difference > 0 else less
    ends = sorted((abs(low), abs(high)))
    size = _size(abs(difference) * 100, by, " points")
    size = "under 1 point" if size.startswith("under") else "1 point" if size == "1 points" else size
    return f"{size} {word}" + bracket(rounded(ends[0] * 100, by), rounded(ends[1] * 100, by))


def change(difference: float, low: float, high: float, unit: str = "", more: str = "more", less: str = "fewer") -> str:
    """A difference of amounts: "210 fewer (190–230)"; ``unit`` between number and word ("days")."""
    by = amount_step(low, high)
    word = more if difference > 0 else less
    ends = sorted((abs(low), abs(high)))
    unit = f" {unit}" if unit else ""
    return f"{_size(abs(difference), by, unit)} {word}" + bracket(rounded(ends[0], by), rounded(ends[1], by))


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

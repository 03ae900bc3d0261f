"""What drives the headline outcome, in words: each input's swing with its range, noise said as noise."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..analysis.drivers import Swing
from ..analysis.measures import DEFAULT, Measure, measure
from ..analysis.runs import Runs
from ..scenario.labels import key_label
from .assumptions import number
from .numbers import DASH, about, clear, percent, points, rounded, share_step

MOST = 4  # drivers named in sentences
SHOWN = 8  # drivers drawn in the chart: more rows would be too small to read


@dataclass(frozen=True)
class Drivers:
    """The swings of the first scenario's uncertain inputs and the words for them."""

    runs: Runs  # the scenario whose inputs were swung
    swings: tuple[Swing, ...]  # largest first
    count: int  # runs at each value
    measure: Measure = field(default_factory=lambda: measure(DEFAULT))  # what the swings move: a share of runs

    @property
    def what(self) -> str:
        """The measure in words, e.g. "the share of runs that complete every phase"."""
        return f"the {self.measure.label}"

    def label(self, swing: Swing) -> str:
        words = key_label(swing.input.path, self.runs.loaded.data)
        return words[0].upper() + words[1:]

    def values(self, swing: Swing) -> tuple[str, str]:
        share = key_label(swing.input.path).startswith(("chance", "share", "daily chance"))
        if share:
            return number(swing.input.low, share), number(swing.input.high, share)
        return about(swing.input.low), about(swing.input.high)

    @property
    def clear(self) -> list[Swing]:
        return [s for s in self.swings if clear(s.low, s.high)]

    def sentences(self) -> list[str]:
        if not self.swings:
            return [f"{self.runs.name} has no uncertain figure (no range or distribution) to vary: within its "
                    "assumptions, only chance moves the result."]
        out = []
        for swing in self.clear[:MOST]:
            low, high = self.values(swing)
            moved = points(swing.difference, swing.low, swing.high, "higher", "lower")
            out.append(f"{self.label(swing)}: from {low} to {high}, {self.what} goes from "
                       f"{percent(swing.at_low)} to {percent(swing.at_high)}, {moved}.")
        out.append(self.rest())
        return out

    @property
    def shown(self) -> list[Swing]:
        """The swings the chart draws: the largest whose interval excludes zero."""
        return self.clear[:SHOWN]

    def rest(self) -> str:
        """One sentence on all the figures tried: how many move the result beyond noise, how many do not."""
        tried, moving = len(self.swings), len(self.clear)
        noise = f"by less than {self.count:,} runs at each value can tell apart, or not at all"
        if not moving:
            return f"None of the {tried} uncertain figures tried moves it beyond noise: each moves it {noise}."
        said = f"Of the {tried} uncertain figures tried, {moving} move{'s' if moving == 1 else ''} it beyond noise"
        if moving > MOST or len(self.shown) < moving:
            said += f" (the chart shows the {len(self.shown)} that move it most)"
        if tried > moving:
            said += f"; the other {tried - moving} move it {noise}"
        screened = [s.runs for s in self.swings if 0 < s.runs < self.count]
        if screened:
            said += (f". {len(screened)} of the {tried}, which moved it least in a first pass of {min(screened):,} "
                     "runs at each value, were not run further")
        return said + "."

    def _tied(self) -> list[Swing]:
        """The clear swings that may be the largest: the top one and every other whose interval reaches it."""
        sizes = [s.size for s in self.clear]
        halves = [(s.high - s.low) / 2 for s in self.clear]
        return [self.clear[k] for k in leaders(sizes, halves)]

    def headline(self) -> str | None:
        """The one driver for the bottom line: the input that moves the measure most, when
        its interval supports it (clear of zero and of every other input's)."""
        if not self.clear or len(self._tied()) > 1:
            return None
        top = self.clear[0]
        low, high = self.values(top)
        by = share_step(top.low, top.high)
        ends = sorted((abs(top.low), abs(top.high)))
        named = key_label(top.input.path, self.runs.loaded.data)
        named = named if named.startswith("the ") else f"the {named}"
        return (f"Of the uncertain figures, the one that matters most is {named}: "
                f"set from {low} to {high}, {self.what} {'rises' if top.difference > 0 else 'falls'} "
                f"from {percent(top.at_low)} to {percent(top.at_high)}, by {rounded(abs(top.difference) * 100, by)} "
                f"points ({rounded(ends[0] * 100, by)}{DASH}{rounded(ends[1] * 100, by)}).")

    def title(self) -> str:
        if not self.clear:
            return f"No single uncertain input moves {self.what} beyond noise"
        tied = self._tied()
        if len(tied) > 1:
            return order_title([self.label(s) for s in tied], [s.size for s in tied],
                               [(s.high - s.low) / 2 for s in tied], "move", self.what)
        top = self.clear[0]
        label = self.label(top) + ("," if "," in self.label(top) else "")  # "X, high end of its range, moves"
        return (f"{label} moves {self.what} most: from {percent(top.at_low)} to "
                f"{percent(top.at_high)} across its range")

    def method(self) -> str:
        """How the swings were made, in a sentence for the page."""
        return (f"Each uncertain figure of {self.runs.name} was set to its low and then to its high value "
                f"(a range's ends, or the values 1 run in 10 falls below and above), everything else as in the "
                f"scenario, {self.count:,} runs each with the same luck; the change is {self.what} "
                "at the high value minus that at the low, with its 95% interval.")


# -- the order of the drivers, claimed only as far as the intervals support it ------------------------

def leaders(estimates: list[float], half_widths: list[float]) -> list[int]:
    """The inputs that may be the largest: the top estimate and every other whose 95% interval reaches
    the top one's (largest first). One index when the intervals single out a largest, else several."""
    if not estimates:
        return []
    order = sorted(range(len(estimates)), key=lambda k: -estimates[k])
    floor = estimates[order[0]] - half_widths[order[0]]
    return [k for k in order if k == order[0] or estimates[k] + half_widths[k] >= floor]


def joined(words: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def order_title(labels: list[str], estimates: list[float], half_widths: list[float], verb: str, what: str) -> str:
    """A title that names the input that moves ``what`` most only when its interval is clear of the others';
    else the few that may be the largest, saying that their intervals overlap."""
    what = what if what.startswith(("the ", "it")) else f"the {what}"
    if not labels or max(estimates, default=0.0) <= 0:
        return f"No input {verb}s {what} beyond chance"
    top = leaders(estimates, half_widths)
    if len(top) == 1:
        return f"{capital(labels[top[0]])} {verb}s {what} most"
    if len(top) > 3:
        return f"{len(top)} inputs {verb} {what} about equally: their intervals overlap"
    return f"{capital(joined([labels[k] for k in top]))} {verb} {what} most; their intervals overlap"


def idle_line(labels: list[str], what: str) -> str:
    """One line for every input that does not move the measure beyond chance."""
    if not labels:
        return ""
    what = what if what.startswith(("the ", "it")) else f"the {what}"
    count = len(labels)
    names = joined(labels) if count <= 3 else f"{', '.join(labels[:3])} and {count - 3} more"
    return f"{count} other input{'s' if count != 1 else ''} do{'es' if count == 1 else ''} not move {what} beyond chance ({names})."

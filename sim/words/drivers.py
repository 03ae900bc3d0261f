"""What drives the headline outcome, in words: each input's swing with its range, noise said as noise."""

from __future__ import annotations

from dataclasses import dataclass

from ..analysis.drivers import Swing
from ..analysis.runs import Runs
from ..scenario.labels import key_label
from .assumptions import number
from .numbers import DASH, about, clear, percent, points, rounded, share_step

MOST = 4  # drivers named in sentences


@dataclass(frozen=True)
class Drivers:
    """The swings of the first scenario's uncertain inputs and the words for them."""

    runs: Runs  # the scenario whose inputs were swung
    swings: tuple[Swing, ...]  # largest first
    count: int  # runs at each value

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
            out.append(f"{self.label(swing)}: from {low} to {high}, the share of runs that complete all three "
                       f"phases goes from {percent(swing.at_low)} to {percent(swing.at_high)}, {moved}.")
        unclear = [s for s in self.swings if not clear(s.low, s.high)]
        inert = [key_label(s.input.path, self.runs.loaded.data) for s in unclear if s.low == s.high == 0]
        noise = [key_label(s.input.path, self.runs.loaded.data) for s in unclear if not s.low == s.high == 0]
        if inert:
            out.append("No effect at all on whether runs complete, in any run: " + "; ".join(inert) + ".")
        if noise:
            out.append(f"Within noise ({self.count:,} runs at each value): " + "; ".join(noise) + ". Over their "
                       "ranges these change the share that completes by less than the runs can tell apart.")
        return out

    def headline(self) -> str | None:
        """The one driver for the bottom line: the input that moves the share that completes most, when
        its interval supports it."""
        if not self.clear:
            return None
        top = self.clear[0]
        low, high = self.values(top)
        by = share_step(top.low, top.high)
        ends = sorted((abs(top.low), abs(top.high)))
        named = key_label(top.input.path, self.runs.loaded.data)
        named = named if named.startswith("the ") else f"the {named}"
        return (f"Of the uncertain figures, the one that matters most is {named}: "
                f"set from {low} to {high}, the share that completes {'rises' if top.difference > 0 else 'falls'} "
                f"from {percent(top.at_low)} to {percent(top.at_high)}, by {rounded(abs(top.difference) * 100, by)} "
                f"points ({rounded(ends[0] * 100, by)}{DASH}{rounded(ends[1] * 100, by)}).")

    def title(self) -> str:
        if not self.clear:
            return "No single uncertain input moves the share that completes beyond noise"
        top = self.clear[0]
        return (f"{self.label(top)} moves the share that completes most: from {percent(top.at_low)} to "
                f"{percent(top.at_high)} across its range")

    def method(self) -> str:
        """How the swings were made, in a sentence for the page."""
        return (f"Each uncertain figure of {self.runs.name} was set to its low and then to its high value "
                f"(a range's ends, or the values 1 run in 10 falls below and above), everything else as in the "
                f"scenario, {self.count:,} runs each with the same luck; the change is the share that completes "
                "at the high value minus that at the low, with its 95% interval.")

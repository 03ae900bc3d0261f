"""The deal's own words for its people: one object that every page, chart, table and chronology asks.

A scenario names, in its `words:` block, the people held, the people freed in return, the
bodies of each side and its categories (:class:`sim.scenario.model.Words`); a file that names
none gets neutral words (captives, detainees), never those of one deal. :func:`deal_words`
also says what the deal exchanges at all, so that a deal that holds nobody, or frees no one in
return, prints no such figure (a finding, column, series or chart line about it is left out
rather than shown as zeros).

Imports no pydantic at module level: it reads a validated scenario's attributes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .distributions import Distribution


@dataclass(frozen=True)
class Noun:
    """A word for one and for several: "hostage", "hostages"."""

    one: str
    many: str

    def count(self, n: float) -> str:
        """"1 hostage", "3 hostages" (a whole number with thousands separators)."""
        return f"{n:,.0f} {self.one if n == 1 else self.many}"


@dataclass(frozen=True)
class DealWords:
    """The words of one deal and what it exchanges; built by :func:`deal_words`."""

    held: Noun = Noun("captive", "captives")
    freed: Noun = Noun("detainee", "detainees")
    remains: Noun = Noun("body of a captive", "bodies of captives")
    other_remains: Noun = Noun("body of the other side", "bodies of the other side")
    categories: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    holds: bool = True  # anyone (alive) is held on day 0
    holds_remains: bool = True  # any body is held on day 0
    frees: bool = True  # anyone is freed in return
    returns_other: bool = True  # the other side's bodies are returned for bodies (bodies_per_remains)

    @property
    def living(self) -> str:
        """The living people held, in the plural: "living hostages"."""
        return f"living {self.held.many}"

    def category(self, key: str) -> str:
        """A category of the people held in words: its label in the file, else its key in words."""
        return self.categories.get(key) or key.replace("_", " ")

    def shows(self, total: str) -> bool:
        """Whether a per-run total (a column of runs.csv, e.g. ``prisoners_released``) means anything for this
        deal: a figure about people it never holds or never frees is left out of every page."""
        return {"hostages_released": self.holds, "hostages_still_held": self.holds,
                "remains_returned": self.holds_remains, "prisoners_released": self.frees,
                "bodies_returned": self.returns_other}.get(total, True)


NEUTRAL = DealWords()


def _some(value: Any) -> bool:
    """Whether a count may be above zero (a distribution may be)."""
    return isinstance(value, Distribution) or value == "all" or (isinstance(value, (int, float)) and value > 0)


def _exchanges(scenario: Any):
    for phase in scenario.phases.values():
        if phase.exchanges is not None:
            yield phase.exchanges


def deal_words(scenario: Any) -> DealWords:
    """The words of ``scenario``'s deal (its `words:` block, neutral where it names none) and what it exchanges."""
    words = scenario.words
    held = getattr(scenario, "hostages", None)
    holds = held is not None and any(_some(v) for v in held.living.values())
    holds_remains = held is not None and _some(held.remains)
    events = [e for e in scenario.events if e.kind == "release"]
    frees = any(  # a rate frees someone only when someone is held to be exchanged for
        (holds and any(_some(v) for v in x.prisoners_per_hostage.values()))
        or (holds_remains and _some(x.prisoners_per_remains))
        or any(_some(b.prisoners) for b in x.schedule or ())
        for x in _exchanges(scenario)) or any(_some(e.prisoners) for e in events)
    returns_other = holds_remains and any(_some(x.bodies_per_remains) for x in _exchanges(scenario))
    held_noun = Noun(words.held.one, words.held.many)
    remains = (Noun(words.remains.one, words.remains.many) if words.remains is not None
               else Noun(f"body of {_article(held_noun.one)}", f"bodies of {held_noun.many}"))
    return DealWords(held_noun, Noun(words.freed.one, words.freed.many), remains,
                     Noun(words.other_remains.one, words.other_remains.many), dict(words.categories),
                     holds, holds_remains, frees, returns_other)


def _article(word: str) -> str:
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"

"""The outcome measures that sweeps, sensitivity analyses, discovery and diffs report, by one set of names.

A measure is a number each run gives, averaged over the runs of a scenario. It is defined through
the machine's states and a run's record, never through the length of a phase, so it follows the
scenario:

- ``collapsed_in_first_phase`` (the default): the share of runs that collapse during the first
  phase (the phase that acceptance opens, or its agreed extension), whatever that phase's length.
- ``collapsed``: the share of runs that collapse at any time.
- ``completed``: the share of runs that complete every phase.
- ``reached:STATE``: the share of runs that reach a named state, e.g. ``reached:phase_two``.
- ``collapsed_within:DAYS``: the share of runs that collapse within DAYS days of the start of the
  first phase (``collapse_by_day_42`` is the old name of ``collapsed_within:42``).
- ``hostages_still_held``: the mean number of living people held still held at the horizon (said in
  the deal's words: "living hostages", "living detainees"; not reported by default for a deal that
  holds nobody).

Every output says which measure it shows (:attr:`Measure.label`), in the words of the scenario's deal
when the caller gives its machine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..engine import Record
from ..machine import FRAME_LABELS, INITIAL, Machine
from ..scenario.wording import NEUTRAL

DEFAULT = "collapsed_in_first_phase"
STANDARD = ("collapsed_in_first_phase", "collapsed", "completed", "hostages_still_held")
ALIASES = {"collapse_by_day_42": "collapsed_within:42", "phase_two": "reached:phase_two"}
CHOICES = ("collapsed_in_first_phase, collapsed, completed, hostages_still_held, reached:STATE "
           "(e.g. reached:phase_two) or collapsed_within:DAYS (e.g. collapsed_within:42)")


class MeasureError(ValueError):
    """A measure name that is not one of the choices; the message says which are."""


@dataclass(frozen=True)
class Measure:
    name: str  # as the user types it and files store it
    label: str  # what it is, in words, for titles, captions and sentences
    short: str  # a column header
    share: bool  # a share of runs (shown in per cent) rather than a mean count
    of: Callable[[Record], float]  # its value in one run

    def formatted(self, value: float) -> str:
        """A value as a table shows it: shares in per cent, counts with one decimal."""
        return f"{value:.1%}" if self.share else f"{value:,.1f}"

    @property
    def scale(self) -> int:
        """100 for a share (shown in percentage points), else 1."""
        return 100 if self.share else 1

    @property
    def unit(self) -> str:
        """The unit of a difference in this measure, with its leading space (" pp" or "")."""
        return " pp" if self.share else ""


def first_phase(record: Record) -> str | None:
    """The phase that acceptance opened in this run (the first state entered after the start), or None
    when the run never left its first state for a phase (rejected)."""
    for _, source, dest, _, _ in record.transitions:
        return None if dest in ("rejected", "collapsed", "completed") else dest
    return None


def collapsed_in_first_phase(record: Record) -> bool:
    """Did the run collapse while in its first phase or in that phase's agreed extension (a state named
    after it, e.g. ``phase_one_extended``)?"""
    first = first_phase(record)
    if first is None or record.final_state != "collapsed" or not record.transitions:
        return False
    source = record.transitions[-1][1]
    return source == first or source.startswith(first + "_")


def _collapsed_within(days: float) -> Callable[[Record], float]:
    def collapsed_within(record: Record) -> bool:
        first = first_phase(record)
        collapsed, began = record.entered.get("collapsed"), record.entered.get(first) if first else None
        return collapsed is not None and began is not None and collapsed - began <= days

    return collapsed_within


def _reached(state: str) -> Callable[[Record], float]:
    def reached(record: Record) -> bool:
        return state in record.entered

    return reached


def measure(name: str, machine: Machine | None = None) -> Measure:
    """The measure of this name (or old alias), or MeasureError saying which names there are; a state named
    by ``reached:`` is checked against ``machine`` (the scenario's deal) when given."""
    name = ALIASES.get(name.strip(), name.strip())
    kind, _, argument = name.partition(":")
    if name == "collapsed_in_first_phase":  # said from the deal's first phase when its machine is given
        opening = machine.opening if machine is not None else "the first phase"
        return Measure(name, f"share of runs that collapse during {opening}", f"collapse in {opening}", True,
                       collapsed_in_first_phase)
    if name == "collapsed":
        return Measure(name, "share of runs that collapse (at any time)", "collapse", True,
                       lambda r: r.final_state == "collapsed")
    if name == "completed":  # said from the deal's phases when its machine is given ("all three phases")
        course = machine.course if machine is not None else "every phase"
        return Measure(name, f"share of runs that complete {course}", "complete", True,
                       lambda r: r.final_state == "completed")
    if name == "hostages_still_held":
        words = machine.words if machine is not None else NEUTRAL
        return Measure(name, f"{words.living} still held at the horizon (mean)", f"{words.held.many} held", False,
                       lambda r: r.hostages_still_held)
    if kind == "reached" and argument:
        names = machine.state_names if machine is not None else None
        if argument == INITIAL or (names is not None and argument not in names) or not argument.isidentifier():
            states = ", ".join(s for s in (names or ()) if s != INITIAL) or "a state of the scenario's deal"
            raise MeasureError(f"{name}: the scenario has no state '{argument}'; name one of {states}")
        label = ((machine.labels if machine is not None else {}).get(argument) or FRAME_LABELS.get(argument)
                 or argument.replace("_", " ")).lower()
        return Measure(name, f"share of runs that reach {label}", f"reach {label}", True, _reached(argument))
    if kind == "collapsed_within" and argument:
        try:
            days = float(argument)
        except ValueError:
            days = -1.0
        if not days > 0:
            raise MeasureError(f"{name}: DAYS must be a number of days above 0, e.g. collapsed_within:42")
        return Measure(f"collapsed_within:{days:g}", f"share of runs that collapse within {days:g} days of the "
                       "start of the first phase", f"collapse by day {days:g}", True, _collapsed_within(days))
    raise MeasureError(f"{name}: choose one of {CHOICES}")


def measures(names: tuple[str, ...] | list[str] = STANDARD, machine: Machine | None = None) -> tuple[Measure, ...]:
    """The measures of these names, each once, in order (in the words of ``machine``'s deal, when given)."""
    out: dict[str, Measure] = {}
    for name in names:
        found = measure(name, machine)
        out.setdefault(found.name, found)
    return tuple(out.values())


def with_headline(headline: str, machine: Machine | None = None) -> tuple[Measure, ...]:
    """The headline measure first, then the standard ones (each once): what an analysis reports. Given the
    scenario's ``machine``, in its deal's words and without the people still held when the deal holds nobody."""
    standard = [name for name in STANDARD if name != "hostages_still_held"
                or machine is None or machine.words.shows(name)]
    return measures((headline, *standard), machine)


def caption(shown: tuple[Measure, ...]) -> str:
    """One line naming every measure a table shows: "collapse in first phase: share of runs that ..."."""
    return "; ".join(f"{m.short}: {m.label}" for m in shown)

"""What the runs found, in words: the bottom line, the key-figure table, key dates and chart titles.

Every figure comes with its 95% interval (:mod:`sim.analysis.compare`: a bootstrap over
runs, paired run by run between scenarios), and a sentence claims that two scenarios
differ only when the interval of their difference excludes zero. Scenario names are
used as they are written, as plain text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..analysis.compare import CONFIDENCE, Cell, Comparison, compare, ending_of, resample_statistics, statistic
from ..analysis.runs import Runs
from ..analysis.survival import ceasefire_durations, kaplan_meier
from ..results.summary import totals_of
from ..machine import FRAME_LABELS, INITIAL, TERMINAL_STATES, Machine, in_text
from .numbers import (DASH, about, amount_range, calendar, change, clear, percent, points, rounded,
                      share_range, share_step, step, typical)

HEADLINE = "ended:completed"
ENDING_CLAUSES = {"completed": "where all three phases complete", "collapsed": "where the ceasefire collapses"}  # the outcome the pack leads with: the deal runs its course
MOST_SENTENCES = 6


@dataclass(frozen=True)
class KeyFigure:
    """A row of the key-figure table: which compare metric, in what words, how a difference is said."""

    key: str
    label: str
    more: str = "higher"
    less: str = "lower"
    unit: str = ""


KEY_FIGURES = (
    KeyFigure("ended:completed", "Complete all three phases"),
    KeyFigure("ended:collapsed", "Ceasefire collapses"),
    KeyFigure("ended:rejected", "Proposal rejected"),
    KeyFigure("reached:phase_two", "Reach phase two"),
    KeyFigure("total:hostages_still_held", "Living hostages still held at the end (average)", "more", "fewer"),
    KeyFigure("total:prisoners_released", "Prisoners released (average)", "more", "fewer"),
    KeyFigure("total:aid_trucks", "Aid trucks entered (average)", "more", "fewer"),
    KeyFigure("day:collapsed", "Date by which half the runs have collapsed", "later", "earlier", "days"),
)
NO_CLEAR_DIFFERENCE = "no clear difference"
NEVER_HALF = "half or more never do"  # a median day over all runs that is not reached


@dataclass(frozen=True)
class Table:
    """A table for a page: a header, then rows of (label, cells); a cell is (figure, difference or "")."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    note: str


@dataclass(frozen=True)
class KeyDate:
    milestone: str
    reached: str  # share of runs that reach it
    median: str  # median date with its interval
    spread: str  # where 8 runs in 10 of those that reach it fall


class Findings:
    """The words of one set of runs (scenarios run with the same seeds); the comparison is computed
    once, when first needed, and shared by every page and chart."""

    def __init__(self, runs: list[Runs], comparison: Comparison | None = None):
        self.runs = runs
        if comparison is not None:
            self.__dict__["comparison"] = comparison

    @cached_property
    def comparison(self) -> Comparison:
        return compare(self.runs)

    @property
    def first(self) -> Runs:
        return self.runs[0]

    def cell(self, key: str, index: int = 0) -> Cell:
        return self.comparison.row(key).cells[index]

    # -- one figure --------------------------------------------------------------------------

    def figure(self, key: str, index: int = 0, by: float | None = None) -> str:
        """A scenario's figure with its interval, as the table and the sentences write it (``by``: the
        rounding step, default what its own interval supports)."""
        cell, kind = self.cell(key, index), key.partition(":")[0]
        if cell.value is None:
            return NEVER_HALF if kind == "day" else "no run"
        if kind in ("reached", "ended"):
            return share_range(cell.value, cell.low, cell.high, by)
        if kind == "day":
            return date_range(self.runs[index].scenario.start_date, cell.value, cell.low, cell.high)
        return amount_range(cell.value, cell.low, cell.high, by)

    def row_step(self, key: str) -> float:
        """One rounding step for a row of the table: the coarsest its scenarios' intervals support."""
        cells = [c for c in self.comparison.row(key).cells if c.value is not None]
        if key.partition(":")[0] in ("reached", "ended"):
            return max((share_step(c.low, c.high) for c in cells), default=1.0)
        return max((step(c.low, c.high) for c in cells), default=1.0)

    def difference(self, figure: KeyFigure, index: int) -> str:
        """The difference of scenario ``index`` from the first, or "no clear difference"."""
        cell = self.cell(figure.key, index)
        if cell.difference is None or cell.difference_low is None:
            return DASH
        if not clear(cell.difference_low, cell.difference_high):
            return NO_CLEAR_DIFFERENCE
        if figure.key.partition(":")[0] in ("reached", "ended"):
            return points(cell.difference, cell.difference_low, cell.difference_high, figure.more, figure.less)
        more, less = figure.more, figure.less
        if figure.unit == "days" and self.runs[index].scenario.start_date != self.first.scenario.start_date:
            more, less = "later after its start", "sooner after its start"  # the calendar dates differ more
        return change(cell.difference, cell.difference_low, cell.difference_high, figure.unit, more, less)

    # -- the bottom line ---------------------------------------------------------------------

    def bottom_line(self, driver: str | None = None) -> list[str]:
        """Three to six sentences, findings first, each with its range (``driver``: a sentence on what
        moves the result most, from :class:`sim.words.drivers.Drivers`)."""
        first = self.first.name
        sentences = [self._outcome_sentence()]
        others = list(enumerate(self.runs))[1:]
        for index, r in others[:3]:
            sentences.append(self._versus_sentence(index))
        if len(others) > 3:
            sentences.append(f"The table below compares all {len(self.runs)} scenarios.")
        collapsed = self.cell("ended:collapsed")
        if len(sentences) < MOST_SENTENCES:
            if self.cell("day:collapsed").value is not None:
                sentences.append(f"Under {first}, half the runs have collapsed by {self.figure('day:collapsed')}.")
            elif collapsed.value and collapsed.value >= 0.05:
                days = np.array([r.entered.get("collapsed", np.nan) for r in self.first.records])
                sentences.append(f"Where the ceasefire collapses under {first}, half of those collapses have come "
                                 f"by {date_range(self.first.scenario.start_date, *median_day(days[~np.isnan(days)]))}.")
        if driver and len(sentences) < MOST_SENTENCES:
            sentences.append(driver)
        if len(sentences) < MOST_SENTENCES:
            sentences.append(f"On average {self.figure('total:hostages_still_held')} living hostages are "
                             f"still held at the end of the runs under {first}.")
        return sentences[:MOST_SENTENCES]

    def _outcome_sentence(self) -> str:
        done, lost = self.cell("ended:completed"), self.cell("ended:collapsed")
        text = (f"Under {self.first.name}, {self.figure('ended:completed')} of runs complete all three phases "
                f"and {self.figure('ended:collapsed')} end in collapse")
        rejected = self.cell("ended:rejected")
        if rejected.value:
            text += f"; in {self.figure('ended:rejected')} the proposal is never accepted"
        going = 1 - (done.value or 0) - (lost.value or 0) - (rejected.value or 0)
        if going >= 0.005:
            text += (f"; {percent(going)} are still under way after the "
                     f"{self.first.scenario.horizon_days:,} days simulated")
        return text + "."

    def _versus_sentence(self, index: int) -> str:
        name, first = self.runs[index].name, self.first.name
        figure = KEY_FIGURES[0]
        said = self.difference(figure, index)
        if said == NO_CLEAR_DIFFERENCE:
            cell = self.cell(figure.key, index)
            by = share_step(cell.difference_low, cell.difference_high)
            low, high = (rounded(end * 100, by) for end in (cell.difference_low, cell.difference_high))
            return (f"Under {name}, {self.figure(figure.key, index)} complete: no clear difference from {first} "
                    f"(the difference lies between {low} and {high} points).")
        return f"Under {name}, {self.figure(figure.key, index)} complete, {said} than under {first}."

    # -- the key-figure table ----------------------------------------------------------------

    def table(self) -> Table:
        rows = []
        for figure in KEY_FIGURES:
            cells = [self.cell(figure.key, i) for i in range(len(self.runs))]
            if figure.key == "ended:rejected" and not any(c.value for c in cells):
                continue  # no scenario rejected: a row of zeros says nothing
            by = self.row_step(figure.key)
            row = tuple((self.figure(figure.key, i, by), self.difference(figure, i) if i else "")
                        for i in range(len(self.runs)))
            rows.append((figure.label, row))
        runs = len(self.first)
        note = (f"Each figure: the estimate over {runs:,} runs of each scenario, with its {CONFIDENCE:.0%} interval "
                f"in brackets. Below it, in the other columns: the difference from {self.first.name}, paired run "
                f"by run (every scenario faced the same luck), with its interval; \u201c{NO_CLEAR_DIFFERENCE}\u201d "
                "where that interval includes zero. The date of collapse is a median over all runs, a run that never "
                f"collapses counted as later than any date, so every scenario's date is over the same runs; "
                f"\u201c{NEVER_HALF}\u201d where half the runs or more never collapse.")
        return Table(("", *(r.name for r in self.runs)), tuple(rows), note)

    # -- key dates ---------------------------------------------------------------------------

    def key_dates(self) -> list[KeyDate]:
        """The first scenario's milestones as dates: each state's beginning (its median date and interval as
        in the key-figure table) and the days the deal names (counted from each run's start of phase one)."""
        runs = self.first
        start = runs.scenario.start_date
        out = []
        machine = runs.machine
        first_phase = machine.ceasefire_states[0]
        for state in machine.state_names:
            if state == INITIAL:
                continue
            days = np.array([r.entered.get(state, np.nan) for r in runs.records])
            out.append(self._key_date(milestone(state, machine), days, start))
            if state == first_phase:
                out += [self._key_date(words, days + offset, start) for words, offset in self._named_days()]
        return [d for d in out if d is not None]

    def _named_days(self) -> list[tuple[str, float]]:
        scenario, machine = self.first.scenario, self.first.machine
        first = machine.phases[0]
        named = []
        talks = machine.talks_phase
        if talks is not None and talks.name == first.name and scenario.talks.start_day is not None:
            day = typical(scenario.talks.start_day)
            named.append((f"Talks due to begin (day {day:.0f} of {in_text(first.label)})", day))
        length = typical(scenario.phases[first.name].duration_days)
        named.append((f"{first.label} due to end (day {length:.0f} of {in_text(first.label)})", length))
        return named

    def _key_date(self, words: str, days: np.ndarray, start) -> KeyDate | None:
        """A milestone's row: the median over all runs as in the key-figure table (a run that never gets there
        counted as later), and where the runs that get there fall."""
        reached = ~np.isnan(days)
        if not reached.any():
            return None
        ten, ninety = np.percentile(days[reached], [10, 90])
        value, low, high = median_day(days)
        return KeyDate(words, percent(reached.mean(), share_step(None, None)),
                       NEVER_HALF if value is None else date_range(start, value, low, high),
                       f"{calendar(start, ten)} to {calendar(start, ninety)}")

    # -- chart titles ------------------------------------------------------------------------

    def title(self, kind: str) -> str:
        """The finding a chart of this kind shows, as its title."""
        return getattr(self, f"_title_{kind}")()

    def _biggest_clear_change(self, key: str) -> int | None:
        """The scenario whose difference from the first is largest among those the intervals support."""
        supported = [(abs(c.difference), i) for i, c in enumerate(self.comparison.row(key).cells)
                     if i and clear(c.difference_low, c.difference_high)]
        return max(supported)[1] if supported else None

    def _title_outcomes(self) -> str:
        done = self.cell(HEADLINE)
        if len(self.runs) == 1:
            return (f"{percent(done.value)} of runs complete all three phases; "
                    f"{percent(self.cell('ended:collapsed').value)} collapse")
        index = self._biggest_clear_change(HEADLINE)
        if index is None:
            values = [c.value for c in self.comparison.row(HEADLINE).cells]
            return (f"The share that completes all three phases is about the same in every scenario "
                    f"({percent(min(values))} to {percent(max(values))})")
        other = self.cell(HEADLINE, index)
        verb = "raises" if other.difference > 0 else "lowers"
        return (f"{self.runs[index].name} {verb} the share that completes all three phases from "
                f"{percent(done.value)} to {percent(other.value)}")

    def _title_states(self) -> str:
        end = calendar(self.first.scenario.start_date, self.first.scenario.horizon_days)
        return (f"By {end}, {percent(self.cell(HEADLINE).value)} of runs under {self.first.name} have completed "
                f"all three phases and {percent(self.cell('ended:collapsed').value)} have collapsed")

    def holding(self, index: int, day: float) -> float | None:
        """Share of ceasefires still holding ``day`` days after they began (Kaplan-Meier), or None."""
        durations, observed = ceasefire_durations(self.runs[index])
        return kaplan_meier(durations, observed).at(day) if len(durations) else None

    def _title_survival(self) -> str:
        day = min(180, min(r.scenario.horizon_days for r in self.runs))
        shares = [s for s in (self.holding(i, day) for i in range(len(self.runs))) if s is not None]
        first = self.holding(0, day)
        if first is None:
            return "The ceasefire began in no run of the first scenario"
        said = f"{day} days after it began, the ceasefire still holds in {percent(first)} of runs under {self.first.name}"
        if len(shares) > 1:
            said += f"; from {percent(min(shares))} to {percent(max(shares))} across the scenarios"
        return said

    def by_ending(self, total: str, index: int = 0) -> dict[str, float]:
        """The mean of a per-run total (:data:`sim.results.summary.TOTALS`) among the runs of each ending."""
        groups: dict[str, list[float]] = {}
        for record in self.runs[index].records:
            groups.setdefault(ending_of(record.final_state), []).append(totals_of(record)[total])
        return {ending: float(np.mean(values)) for ending, values in groups.items()}

    def _contrast(self, total: str, what: str) -> str:
        """"where all three phases complete, N <what>; where the ceasefire collapses, M" (the endings seen)."""
        means = self.by_ending(total)
        said = [f"{ENDING_CLAUSES[e]}, {about(means[e])} {what}" for e in ENDING_CLAUSES if e in means]
        return "; ".join(said) if said else f"no run ended, so no {what}"

    def _title_fan(self) -> str:
        return f"Under {self.first.name}, on average: " + self._contrast("hostages_still_held",
                                                                          "living hostages still held at the end")

    def _title_aid(self) -> str:
        return f"Under {self.first.name}, on average: " + self._contrast("aid_trucks", "aid trucks entered")

    def _title_timeline(self) -> str:
        return "One run, told date by date: an illustration, not a typical run"

    def _title_diagram(self) -> str:
        return "How often the runs took each step of the deal"


_NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}


def milestone(state: str, machine: Machine) -> str:
    """A state of the deal's ``machine`` beginning, as a milestone in words."""
    if state == machine.ceasefire_states[0]:
        return f"Both parties accept; {in_text(machine.labels[state])} begins"
    if state in machine.ceasefire_states:
        return f"{machine.labels[state]} begins"
    if state in TERMINAL_STATES:
        phases = [s for s in machine.phases if s.extends is None]
        done = f"All {_NUMBER_WORDS.get(len(phases), len(phases))} phases completed" if len(phases) > 1 else (
            f"{phases[0].label} completed")
        return {"completed": done, "collapsed": "Ceasefire collapses",
                "rejected": "Proposal rejected"}.get(state, FRAME_LABELS[state])
    return machine.labels[state]


def median_day(days: np.ndarray) -> tuple[float | None, float | None, float | None]:
    """The median of days (NaN: never got there, counted as later than any day) with its bootstrap interval,
    as :func:`sim.analysis.compare.compare` computes a day figure; None where half or more never get there."""
    if not len(days):
        return None, None, None
    point = statistic("day", days)
    estimates = resample_statistics([days], "day")[0]
    tail = (1 - CONFIDENCE) / 2 * 100
    low, high = np.percentile(estimates, [tail, 100 - tail], method="inverted_cdf")
    return tuple(float(v) if np.isfinite(v) else None for v in (point, low, high))


def date_range(start, value: float, low: float | None, high: float | None) -> str:
    """"12 Aug 2024 (9–16 Aug)": a median day as a date, with its interval as dates ("20 Jul or later" when
    the interval's high end is never reached)."""
    date = calendar(start, value)
    if low is not None and high is None:
        return f"{date} ({calendar(start, low)} or later)"
    if low is None or high is None:
        return date
    first, last = calendar(start, low), calendar(start, high)
    if first == last:
        return date
    if first[-8:] == last[-8:]:  # same month and year: "9–16 Aug"
        return f"{date} ({first.split()[0]}{DASH}{last[:-5]})"
    if first[-4:] == last[-4:] == date[-4:]:  # same year: "28 Jul–3 Aug"
        return f"{date} ({first[:-5]}{DASH}{last[:-5]})"
    return f"{date} ({first}{DASH}{last})"

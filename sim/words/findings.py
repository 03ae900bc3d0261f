"""What the runs found, in words: the bottom line, the key-figure table, key dates and chart titles.

Every figure comes with two ranges, said apart: its 95% interval, the simulation's precision
(:mod:`sim.analysis.compare`: a bootstrap over runs, paired run by run between scenarios),
and, where the scenario marks figures uncertain, the range over those assumptions
(:mod:`sim.analysis.spread`), which more runs do not narrow. A sentence claims that two
scenarios differ only when the interval of their difference excludes zero, and the largest
such differences are said first. A scenario that replays the historical record is named as
the record and never compared as an option. Scenario names are used as written, as plain text.
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
from .numbers import (DASH, about, amount_range, amount_step, calendar, change, clear, percent, points, rounded,
                      share_range, share_step, span, typical)

HEADLINE = "ended:completed"  # the outcome the pack leads with: the deal runs its course
ENDINGS = ("completed", "collapsed")  # the endings a chart's title contrasts
FULL_COMPARISONS = 3  # options compared in a sentence each; the rest in one sentence


@dataclass(frozen=True)
class KeyFigure:
    """A row of the key-figure table: which compare metric, in what words, how a difference is said."""

    key: str
    label: str
    more: str = "higher"
    less: str = "lower"
    unit: str = ""




def key_figures(machine: Machine) -> tuple[KeyFigure, ...]:
    """The rows of the key-figure table for the deal of ``machine``, in its own words: completing it, its
    collapse, its rejection, reaching its second phase (when it has one), the people still held and those
    freed in return (when the deal holds or frees anyone), aid, and the date of collapse."""
    words = machine.words
    main = [s for s in machine.phases if s.extends is None]
    return (
        KeyFigure("ended:completed", f"Complete {machine.course}"),
        KeyFigure("ended:collapsed", "Ceasefire collapses"),
        KeyFigure("ended:rejected", "Proposal rejected"),
        *((KeyFigure(f"reached:{main[1].name}", f"Reach {in_text(main[1].label)}"),) if len(main) > 1 else ()),
        *((KeyFigure("total:hostages_still_held", f"{words.living.capitalize()} still held at the end (average)",
                     "more", "fewer"),) if words.shows("hostages_still_held") else ()),
        *((KeyFigure("total:prisoners_released", f"{words.freed.many.capitalize()} released (average)", "more",
                     "fewer"),) if words.shows("prisoners_released") else ()),
        KeyFigure("total:aid_trucks", "Aid trucks entered (average)", "more", "fewer"),
        KeyFigure("day:collapsed", "Date by which half the runs have collapsed", "later", "earlier", "days"),
    )


NO_CLEAR_DIFFERENCE = "no clear difference"
NEVER_HALF = "half or more never do"  # a median day over all runs that is not reached


@dataclass(frozen=True)
class Table:
    """A table for a page: a header, then rows of (label, cells); a cell is its figure, then the lines
    under it (the range over the assumptions, the difference from the first scenario), "" where none."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]
    note: str


@dataclass(frozen=True)
class KeyDate:
    milestone: str
    reached: str  # share of all runs that reach it
    median: str  # the date half of the runs that reach it have reached it, with its interval
    spread: str  # where 8 in 10 of the runs that reach it fall


def replays_record(runs) -> bool:
    """Whether a scenario replays the historical record rather than an option: it scripts its own end
    (hostilities resume on a date) and every run ends the same way on the same day."""
    scripted = any(event.kind == "resume_hostilities" for event in getattr(runs.scenario, "events", ()))
    if not scripted or not getattr(runs, "records", None):
        return False
    return len({(r.final_state, int(r.entered.get(r.final_state, -1))) for r in runs.records}) == 1


class Findings:
    """The words of one set of runs (scenarios run with the same seeds); the comparison is computed
    once, when first needed, and shared by every page and chart."""

    def __init__(self, runs: list[Runs], comparison: Comparison | None = None, spreads: list | None = None):
        self.runs = runs
        self.spreads = list(spreads) if spreads is not None else [None] * len(runs)  # sim.analysis.spread.Spread
        if comparison is not None:
            self.__dict__["comparison"] = comparison

    @cached_property
    def records(self) -> list[bool]:
        """For each scenario, whether it replays the historical record (:func:`replays_record`)."""
        return [replays_record(r) for r in self.runs]

    def name(self, index: int) -> str:
        """A scenario's name as the pages say it: the record named as such."""
        name = self.runs[index].name
        return f"{name} (the historical record)" if self.records[index] else name

    @cached_property
    def comparison(self) -> Comparison:
        return compare(self.runs)

    @property
    def first(self) -> Runs:
        return self.runs[0]

    @cached_property
    def key_figures(self) -> tuple[KeyFigure, ...]:
        """The key-figure rows of the first scenario's deal (:func:`key_figures`)."""
        return key_figures(self.first.machine)

    @property
    def course(self) -> str:
        """What completing the first scenario's deal means: "all three phases", "the pause and any extensions"."""
        return self.first.machine.course

    def cell(self, key: str, index: int = 0) -> Cell:
        return self.comparison.row(key).cells[index]

    # -- one figure --------------------------------------------------------------------------

    def figure(self, key: str, index: int = 0, by: float | None = None) -> str:
        """A scenario's figure with its interval, as the table and the sentences write it (``by``: the
        rounding step, default the row's, so that a figure reads the same in a sentence and the table)."""
        cell, kind = self.cell(key, index), key.partition(":")[0]
        by = by or self.row_step(key)
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
        return max((amount_step(c.low, c.high) for c in cells), default=1.0)

    def assumed(self, key: str, index: int = 0) -> str | None:
        """Where the figure falls over the scenario's uncertain assumptions ("30–60%", "12 Mar–30 Apr 2025"),
        at the row's rounding; None where the scenario marks nothing uncertain."""
        spread = self.spreads[index]
        found = spread.range(key) if spread is not None else None
        if found is None:
            return None
        low, high = found
        kind, by = key.partition(":")[0], self.row_step(key)
        if kind in ("reached", "ended"):
            return span(percent(low, by)[:-1], percent(high, by)[:-1], "%") if low < high else percent(low, by)
        if kind == "day":
            start = self.runs[index].scenario.start_date
            if not np.isfinite(high):
                return f"{calendar(start, low)} or later"
            return span(calendar(start, low), calendar(start, high))
        return span(rounded(low, by), rounded(high, by))

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
        """The findings in sentences, each with its ranges: how the first scenario ends; the options that
        differ from it most clearly, largest first, the others together; the historical record as a record;
        what moves the result most (``driver``, from :class:`sim.words.drivers.Drivers`)."""
        sentences = [self._outcome_sentence()]
        key = HEADLINE
        options = [i for i in range(1, len(self.runs)) if not self.records[i]]
        cells = {i: self.cell(key, i) for i in options}
        differing = sorted((i for i in options if clear(cells[i].difference_low, cells[i].difference_high)),
                           key=lambda i: -abs(cells[i].difference))
        sentences += [self._versus_sentence(i) for i in differing[:FULL_COMPARISONS]]
        if differing[FULL_COMPARISONS:]:
            said = "; ".join(f"{self.name(i)}, {self.difference(self.key_figures[0], i)}" for i in differing[FULL_COMPARISONS:])
            sentences.append(f"Also clearly different from {self.first.name} in the share that completes: {said}.")
        alike = [i for i in options if i not in differing]
        if alike:
            sentences.append(self._alike_sentence(alike))
        sentences += [self._record_sentence(i) for i in range(1, len(self.runs)) if self.records[i]]
        if len(sentences) < 4:
            sentences.append(self._collapse_sentence())
        if driver:
            sentences.append(driver)
        return [s for s in sentences if s]

    def terms(self, index: int = 0) -> list[str]:
        """The sentences on a scenario's own terms (obligations, incidents by side, a separate track), from
        the summary of its runs, as `run` says them."""
        from ..results import Aggregate
        from .terms import terms_sentences

        runs = self.runs[index]
        aggregate = Aggregate()
        for record in runs.records:
            aggregate.add(record)
        return terms_sentences(runs.scenario, aggregate.summary(runs.loaded, runs.seed))

    def ranges_note(self) -> str:
        """One sentence on which range is which, for page one."""
        spread = next((s for s in self.spreads if s is not None and s.inputs), None)
        precision = (f"A range in brackets is the simulation's precision: the 95% interval over {len(self.first):,} "
                     "runs, which more runs would narrow.")
        if spread is None:
            return precision + " No scenario marks a figure uncertain, so no range over assumptions is given."
        return (f"Two kinds of range: in brackets, the simulation's precision (the 95% interval over "
                f"{len(self.first):,} runs, which more runs would narrow); \u201cover its assumptions\u201d, where the "
                "figure falls as the figures the scenario file marks uncertain move across their ranges (the middle "
                f"8 of 10 of {spread.points} settings), which more runs would not narrow: the spread to weigh.")

    def _over_assumptions(self, key: str, index: int) -> str:
        said = self.assumed(key, index)
        return f"; {said} over its assumptions" if said else ""

    def _outcome_sentence(self) -> str:
        done, lost = self.cell("ended:completed"), self.cell("ended:collapsed")
        text = (f"Under {self.name(0)}, {self.figure('ended:completed')} of runs complete {self.course}"
                f"{self._in_brackets('ended:completed', 0)} and {self.figure('ended:collapsed')} end in collapse"
                f"{self._in_brackets('ended:collapsed', 0)}")
        rejected = self.cell("ended:rejected")
        if rejected.value:
            text += f"; in {self.figure('ended:rejected')} the proposal is never accepted"
        going = 1 - (done.value or 0) - (lost.value or 0) - (rejected.value or 0)
        if going >= 0.005:
            text += (f"; {percent(going)} are still under way after the "
                     f"{self.first.scenario.horizon_days:,} days simulated")
        return text + "."

    def _in_brackets(self, key: str, index: int) -> str:
        """" (30–60% over its assumptions)" after a figure, or nothing."""
        said = self.assumed(key, index)
        return f" ({said} over its assumptions)" if said else ""

    def _versus_sentence(self, index: int) -> str:
        figure = self.key_figures[0]
        return (f"Under {self.name(index)}, {self.figure(figure.key, index)} complete"
                f"{self._in_brackets(figure.key, index)}, {self.difference(figure, index)} than under "
                f"{self.first.name}.")

    def _alike_sentence(self, indices: list[int]) -> str:
        """The options whose share that completes does not differ clearly from the first's, in one sentence."""
        widest = max(max(abs(self.cell(HEADLINE, i).difference_low), abs(self.cell(HEADLINE, i).difference_high))
                     for i in indices)
        def listed(items: list[str]) -> str:
            return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" and {items[-1]}"

        names = listed([self.name(i) for i in indices])
        figures = listed([self.figure(HEADLINE, i) for i in indices])
        each = "the difference lies" if len(indices) == 1 else "each difference lies"
        return (f"Under {names}, {figures} complete: {NO_CLEAR_DIFFERENCE} from {self.first.name} ({each} within "
                f"{rounded(widest * 100, 1.0)} points either way).")

    def _record_sentence(self, index: int) -> str:
        """The historical record, said as what happened and never as an option."""
        runs = self.runs[index]
        record = runs.records[0]
        ended = record.final_state
        when = record.entered.get(ended)
        how = {"collapsed": "the ceasefire collapsed", "completed": "every phase of the deal was completed",
               "rejected": "the proposal was rejected"}.get(
                   ended, f"the deal was {runs.machine.labels.get(ended, ended).lower()}")
        date = f" on {calendar(runs.scenario.start_date, when)}" if when is not None else ""
        return (f"The historical record, not an option and not compared: under {runs.name}, {how}{date}; "
                "given what happened, the model reproduces it in every run.")

    def _collapse_sentence(self) -> str | None:
        """When the first scenario's collapses come, among the runs that collapse."""
        collapsed = self.cell("ended:collapsed")
        if not collapsed.value or collapsed.value < 0.05:
            return None
        days = np.array([r.entered.get("collapsed", np.nan) for r in self.first.records])
        days = days[~np.isnan(days)]
        if not len(days):
            return None
        return (f"Where the ceasefire collapses under {self.first.name} ({percent(collapsed.value)} of runs), half "
                f"of those collapses have come by {date_range(self.first.scenario.start_date, *median_day(days))}.")

    # -- the key-figure table ----------------------------------------------------------------

    def table(self) -> Table:
        rows = []
        known = {row.metric.key for row in self.comparison.rows}
        for figure in self.key_figures:
            if figure.key not in known:
                continue  # a state these deals do not have (a deal of one phase has no phase two)
            cells = [self.cell(figure.key, i) for i in range(len(self.runs))]
            if figure.key.partition(":")[0] in ("ended", "total") and figure.key != "ended:collapsed" \
                    and not any(c.value for c in cells):
                continue  # none in any scenario (none rejected; no one held, no aid promised): zeros say nothing
            row = []
            for i in range(len(self.runs)):
                assumed = self.assumed(figure.key, i)
                compared = self.difference(figure, i) if i and not self.records[i] else ""
                row.append((self.figure(figure.key, i), f"{assumed} over assumptions" if assumed else "", compared))
            rows.append((figure.label, tuple(row)))
        runs = len(self.first)
        spread = next((s for s in self.spreads if s is not None and s.inputs), None)
        assumed = (f" The grey line \u201cover assumptions\u201d: the middle 8 of 10 of {spread.points} settings of the "
                   "figures the scenario file marks uncertain, each run "
                   f"{spread.runs_per_point:,} times (the runs' own noise taken out); more runs would not narrow it."
                   if spread else "")
        record = [self.runs[i].name for i in range(1, len(self.runs)) if self.records[i]]
        note = (f"Each figure: the estimate over {runs:,} runs of each scenario, with its {CONFIDENCE:.0%} interval "
                f"(the simulation's precision) in brackets.{assumed} Last, in the other columns: the difference from "
                f"{self.first.name}, paired run by run (every scenario faced the same luck), with its interval; "
                f"\u201c{NO_CLEAR_DIFFERENCE}\u201d where that interval includes zero"
                + (f" ({record[0]} is the historical record, not compared)" if record else "")
                + ". The date of collapse is a median over all runs, a run that never collapses counted as later "
                f"than any date; \u201c{NEVER_HALF}\u201d where half the runs or more never collapse.")
        return Table(("", *(self.name(i) for i in range(len(self.runs)))), tuple(rows), note)

    # -- key dates ---------------------------------------------------------------------------

    def key_dates(self) -> list[KeyDate]:
        """The first scenario's milestones as dates: each state's beginning, and the days the deal names,
        numbered as the deal numbers them (its first day is day 1). A milestone's share is of all runs; its
        dates are among the runs that reach it (a named day is reached by a run whose ceasefire still holds
        on it)."""
        runs = self.first
        start = runs.scenario.start_date
        ended = np.array([min((r.entered[s] for s in TERMINAL_STATES if s in r.entered), default=np.nan)
                          for r in runs.records])
        out = []
        machine = runs.machine
        first_phase = machine.ceasefire_states[0]
        for state in machine.state_names:
            if state == INITIAL:
                continue
            days = np.array([r.entered.get(state, np.nan) for r in runs.records])
            out.append(self._key_date(milestone(state, machine), days, start))
            if state == first_phase:
                for words, offset in self._named_days():
                    due = days + offset
                    holding = ~np.isnan(due) & ~(ended <= due)  # a comparison with NaN (never ended) is False
                    out.append(self._key_date(words, np.where(holding, due, np.nan), start))
        return [d for d in out if d is not None]

    def _named_days(self) -> list[tuple[str, float]]:
        """(words, days after the first phase begins) of the days the deal names: its day N is N - 1 days in."""
        scenario, machine = self.first.scenario, self.first.machine
        first = machine.phases[0]
        named = []
        talks = machine.talks_phase
        if talks is not None and talks.name == first.name and scenario.talks.start_day is not None:
            day = typical(scenario.talks.start_day)
            fixed = isinstance(scenario.talks.start_day, (int, float))
            named.append((f"Talks due to begin (day {day + 1:.0f} of {in_text(first.label)})" if fixed else
                          f"Talks typically begin (day {day + 1:.0f} of {in_text(first.label)})", day))
        length = typical(scenario.phases[first.name].duration_days)
        named.append((f"Last day of {in_text(first.label)} (its day {length:.0f}), still holding", length - 1))
        return named

    def _key_date(self, words: str, days: np.ndarray, start) -> KeyDate | None:
        """A milestone's row: the share of all runs that reach it; among those, the date half of them have
        (its 95% interval) and where 8 in 10 of them fall, so that the date lies within its own range."""
        reached = ~np.isnan(days)
        if not reached.any():
            return None
        among = days[reached]
        ten, ninety = np.percentile(among, [10, 90], method="inverted_cdf")
        value, low, high = median_day(among)
        return KeyDate(words, percent(reached.mean()), date_range(start, value, low, high),
                       span(calendar(start, ten), calendar(start, ninety)).replace(DASH, " to "))

    # -- chart titles ------------------------------------------------------------------------

    def title(self, kind: str) -> str:
        """The finding a chart of this kind shows, as its title."""
        return getattr(self, f"_title_{kind}")()

    def _biggest_clear_change(self, key: str) -> int | None:
        """The scenario whose difference from the first is largest among those the intervals support."""
        supported = [(abs(c.difference), i) for i, c in enumerate(self.comparison.row(key).cells)
                     if i and not self.records[i] and clear(c.difference_low, c.difference_high)]
        return max(supported)[1] if supported else None

    def _title_outcomes(self) -> str:
        done = self.cell(HEADLINE)
        if len(self.runs) == 1:
            return (f"{percent(done.value)} of runs complete {self.course}; "
                    f"{percent(self.cell('ended:collapsed').value)} collapse")
        index = self._biggest_clear_change(HEADLINE)
        if index is None:
            values = [c.value for i, c in enumerate(self.comparison.row(HEADLINE).cells) if not self.records[i]]
            return (f"The share that completes {self.course} is about the same in every option "
                    f"({percent(min(values))} to {percent(max(values))})")
        other = self.cell(HEADLINE, index)
        verb = "raises" if other.difference > 0 else "lowers"
        return (f"{self.runs[index].name} {verb} the share that completes {self.course} from "
                f"{percent(done.value)} to {percent(other.value)}")

    def _title_states(self) -> str:
        end = calendar(self.first.scenario.start_date, self.first.scenario.horizon_days)
        return (f"By {end}, {percent(self.cell(HEADLINE).value)} of runs under {self.first.name} have completed "
                f"{self.course} and {percent(self.cell('ended:collapsed').value)} have collapsed")

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
        """The median of a per-run total (:data:`sim.results.summary.TOTALS`) among the runs of each ending:
        where the charts' lines (medians of those runs) end."""
        groups: dict[str, list[float]] = {}
        for record in self.runs[index].records:
            groups.setdefault(ending_of(record.final_state), []).append(totals_of(record)[total])
        return {ending: float(np.median(values)) for ending, values in groups.items()}

    def _contrast(self, total: str, what: str) -> str:
        """"where runs complete all three phases, N <what>; where the ceasefire collapses, M" (the endings seen)."""
        medians = self.by_ending(total)
        clauses = {"completed": f"where runs complete {self.course}",
                   "collapsed": "where the ceasefire collapses"}
        said = [f"{clauses[e]}, {about(round(medians[e]))} {what}" for e in ENDINGS if e in medians]
        return "; ".join(said) if said else f"no run ended, so no {what}"

    def _title_fan(self) -> str:
        return f"Under {self.first.name}, the median run: " + self._contrast(
            "hostages_still_held", f"{self.first.machine.words.living} still held at the end")

    def _title_aid(self) -> str:
        return f"Under {self.first.name}, the median run: " + self._contrast("aid_trucks", "aid trucks entered")

    def _title_timeline(self) -> str:
        return "One run, told date by date: an illustration, not a typical run"

    def _title_diagram(self) -> str:
        return "How often the runs took each step of the deal"


def milestone(state: str, machine: Machine) -> str:
    """A state of the deal's ``machine`` beginning, as a milestone in words."""
    if state == machine.ceasefire_states[0]:
        return f"Both parties accept; {in_text(machine.labels[state])} begins"
    if state in machine.ceasefire_states:
        return f"{machine.labels[state]} begins"
    if state in TERMINAL_STATES:
        done = f"{machine.course[:1].upper()}{machine.course[1:]} completed"
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

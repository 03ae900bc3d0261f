"""The record format: what really happened, one dated row an event, in a CSV file.

A record is set beside a scenario's ensemble by ``ceasefire-sim replay``. Its
columns (``date``, ``event`` and ``source`` are required; the others may be left
out of the header when no row uses them):

========== ==================================================================
date       YYYY-MM-DD; rows in date order
event      one of :data:`EVENTS`
hostages   living hostages released (``release`` rows; ``total`` rows: in all by that date)
remains    bodies returned (likewise)
prisoners  prisoners released (likewise)
bodies     the other side's bodies returned (likewise)
aid_trucks aid trucks that entered that day (``aid`` and ``aid_resumed`` rows)
state      the state entered (``phase`` rows): a state of the phase machine
incidents  serious incidents a source counts that day (``incidents`` rows)
reliability how far the source is trusted, from 0 to 1 (any weighed row; empty: the forecast's default)
note       what happened, in words
source     where it was reported: required on every row
========== ==================================================================

Every kind of row but ``suspension`` and ``milestone`` is a *typed fact*: the forecast weighs
each run by whether and how closely it did the same (:mod:`sim.replay.facts`). ``suspension``
and ``milestone`` keep what has no typed form, in words, and weigh nothing.

A bad row is reported as ``FILE:LINE:COLUMN: column: message``, the same
located form as scenario problems, and nothing else is done.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import hashlib
import io
import math
import re
from dataclasses import dataclass

from ..machine import RESERVED, TERMINAL_STATES, machine_of
from ..scenario.model import PHASE_NAME
from ..scenario.yaml_source import control_character
from ..scenario.problems import Mark, Problem, ScenarioError
from ..scenario.yaml_source import read_capped

MAX_RECORD_BYTES = 1 << 20
MAX_RECORD_COUNT = 1_000_000  # the most any count of a row may be, as for a scenario's counts

# event -> (what it means, columns it needs, columns it may have)
EVENTS: dict[str, tuple[str, frozenset[str], frozenset[str]]] = {
    "release": ("hostages, remains and/or prisoners released that day (at least one count above 0)",
                frozenset(), frozenset({"hostages", "remains", "prisoners", "bodies"})),
    "total": ("the counts released in all, since the record's first date, by that date (a source that gives "
              "only a running total); a count left empty is not known", frozenset(),
              frozenset({"hostages", "remains", "prisoners", "bodies"})),
    "aid": ("aid trucks that entered that day", frozenset({"aid_trucks"}), frozenset()),
    "talks_begun": ("talks on the next phase began that day", frozenset(), frozenset()),
    "talks_broken_down": ("talks on the next phase broke down that day", frozenset(), frozenset()),
    "talks_not_begun": ("by that day, talks on the next phase had not begun (a date they were due, or a "
                        "source saying they had not started)", frozenset(), frozenset()),
    "release_postponed": ("a party announced that a release due within the week is postponed",
                          frozenset(), frozenset()),
    "held_back": ("one side held back its half of that day's exchange: fill the count of the half held back "
                  "(`prisoners` or `hostages`); that half's `release` row comes on the day it was freed",
                  frozenset(), frozenset({"hostages", "prisoners"})),
    "incidents": ("serious incidents that day, as a source counts them", frozenset({"incidents"}), frozenset()),
    "phase": ("the ceasefire entered `state` that day", frozenset({"state"}), frozenset()),
    "hostilities_resumed": ("hostilities resumed: the ceasefire collapsed", frozenset(), frozenset({"state"})),
    "aid_halted": ("all aid stopped from that day (0 trucks a day until `aid_resumed`)", frozenset(), frozenset()),
    "aid_resumed": ("aid entered again from that day (with `aid_trucks`, where known: the trucks that day)",
                    frozenset(), frozenset({"aid_trucks"})),
    "suspension": ("something else due was postponed (a withdrawal, a return), in words: not weighed",
                   frozenset(), frozenset()),
    "milestone": ("another milestone of the deal was met (a withdrawal, a return), in words: not weighed",
                  frozenset(), frozenset()),
}
UNWEIGHED = frozenset({"suspension", "milestone"})  # rows kept in words only
COUNTS = ("hostages", "remains", "prisoners", "bodies")
COLUMNS = ("date", "event", *COUNTS, "aid_trucks", "state", "incidents", "reliability", "note", "source")
REQUIRED = ("date", "event", "source")
_DETAILS = (*COUNTS, "aid_trucks", "state", "incidents")
_WHOLE = re.compile(r"[-+]?[0-9]+")  # digits only: no '1_0' read as 10, no other scripts' digits
_NUMBER = re.compile(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")




_STATE_NAME = re.compile(PHASE_NAME)


class RecordError(ScenarioError):
    """One or more located problems in a record file."""


@dataclass(frozen=True)
class Row:
    line: int
    date: dt.date
    event: str
    hostages: int = 0
    remains: int = 0
    prisoners: int = 0
    bodies: int = 0
    aid_trucks: float | None = None
    state: str | None = None
    incidents: int | None = None
    reliability: float | None = None  # how far the row's source is trusted (None: the forecast's default)
    note: str = ""
    source: str = ""
    given: frozenset[str] = frozenset()  # the count columns this row fills (an empty count is not known)
    marks: tuple[tuple[str, Mark], ...] = ()  # where each column of the row stands in the file

    def mark(self, column: str) -> Mark:
        return dict(self.marks)[column]


@dataclass(frozen=True)
class History:
    """A loaded record: its rows, in date order, and where it came from."""

    file: str
    sha256: str
    rows: tuple[Row, ...]

    @property
    def first_date(self) -> dt.date:
        return self.rows[0].date

    @property
    def last_date(self) -> dt.date:
        return self.rows[-1].date

    def releases(self) -> list[Row]:
        return [row for row in self.rows if row.event == "release"]

    def totals(self) -> list[Row]:
        return [row for row in self.rows if row.event == "total"]

    def state_changes(self) -> list[tuple[dt.date, str]]:
        """(date, state entered) for each phase row and resumption of hostilities."""
        return [(row.date, "collapsed" if row.event == "hostilities_resumed" else row.state)
                for row in self.rows if row.event in ("phase", "hostilities_resumed")]


def _field_columns(line: str) -> list[int]:
    """The 1-based character column where each field of a CSV line starts."""
    columns, quoted = [1], False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            columns.append(index + 2)
    return columns


def _count(text: str, whole: bool = True) -> float:
    """A count of 0 or more: a whole number, or (``whole`` false) any finite number."""
    convert, what, form = (int, "a whole number", _WHOLE) if whole else (float, "a number", _NUMBER)
    value = convert(text) if len(text) <= 40 and form.fullmatch(text) else None
    if value is None:
        raise ValueError(f"'{text[:40]}' is not {what}")
    if value < 0:
        raise ValueError(f"{value} is negative; counts are 0 or more")
    if not math.isfinite(value) or value > MAX_RECORD_COUNT:
        raise ValueError(f"'{text}' is not a count from 0 to {MAX_RECORD_COUNT:,}")
    return value


def _row(values: dict[str, str], mark, previous: dt.date | None) -> tuple[Row | None, list[Problem]]:
    problems: list[Problem] = []

    def problem(column: str, message: str) -> None:
        problems.append(Problem(mark(column), (column,), message))

    for column, value in values.items():
        if (char := control_character(value)) is not None:
            problem(column, f"the text holds the control character U+{ord(char):04X}; remove it")
    if problems:
        return None, problems
    try:
        date = dt.date.fromisoformat(values["date"])
    except ValueError:
        problem("date", f"'{values['date']}' is not a date; write YYYY-MM-DD, e.g. 2025-01-19")
        date = None
    if date is not None and previous is not None and date < previous:
        problem("date", f"rows must be in date order; this row is dated before the previous one ({previous})")
    event = values["event"]
    if event not in EVENTS:
        close = difflib.get_close_matches(event, EVENTS, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"one of {', '.join(EVENTS)}"
        problem("event", f"unknown event '{event}'; {hint}")
        return None, problems
    _, needs, may = EVENTS[event]
    given = {column for column in _DETAILS if values.get(column, "")}
    for column in _DETAILS:
        if column in given and column not in needs | may:
            problem(column, f"a '{event}' row leaves `{column}` empty")
        elif column in needs and column not in given:
            problem(column, f"a '{event}' row needs `{column}`")
    parsed: dict = {}
    for column in COUNTS:
        if column in given and column in needs | may:
            try:
                parsed[column] = _count(values[column])
            except ValueError as error:
                problem(column, str(error))
    if "incidents" in given and event == "incidents":
        try:
            parsed["incidents"] = _count(values["incidents"])
        except ValueError as error:
            problem("incidents", str(error))
    if values.get("reliability", ""):
        if event in UNWEIGHED:
            problem("reliability", f"a '{event}' row is not weighed; leave `reliability` empty")
        else:
            try:
                trust = float(values["reliability"]) if len(values["reliability"]) <= 40 else math.nan
            except ValueError:
                trust = math.nan
            if not 0 <= trust <= 1:  # NaN fails too
                problem("reliability", f"'{values['reliability'][:40]}' is not a share from 0 to 1 "
                        "(1: the source is trusted fully; 0.9: it is wrong one time in ten)")
            else:
                parsed["reliability"] = trust
    if "aid_trucks" in given and event in ("aid", "aid_resumed"):
        try:
            parsed["aid_trucks"] = _count(values["aid_trucks"], whole=False)
        except ValueError as error:
            problem("aid_trucks", str(error))
    state = values.get("state", "")
    if state and event in ("phase", "hostilities_resumed"):
        if not _STATE_NAME.match(state):
            problem("state", f"'{state}' is not a state's name; write one as the scenario does, e.g. "
                    f"phase_one or {', '.join(RESERVED[1:])}")
        elif event == "hostilities_resumed" and state != "collapsed":
            problem("state", "a 'hostilities_resumed' row enters 'collapsed'; leave `state` empty or write collapsed")
        parsed["state"] = state
    if event == "release" and not problems and not any(parsed.get(c) for c in COUNTS):
        problem("hostages", "a 'release' row needs a count above 0 in hostages, remains or prisoners")
    if event == "held_back" and not problems and not any(parsed.get(c) for c in ("hostages", "prisoners")):
        problem("prisoners", "a 'held_back' row needs the count of the half held back above 0: `prisoners` "
                "(prisoners held back) or `hostages` (hostages held back)")
    if event == "held_back" and not problems and all(parsed.get(c) for c in ("hostages", "prisoners")):
        problem("hostages", "a 'held_back' row names one half: fill `prisoners` or `hostages`, not both")
    if event == "total" and not problems and not any(c in parsed for c in COUNTS):
        problem("hostages", "a 'total' row needs at least one count: hostages, remains, prisoners or bodies")
    if not values["source"].strip():
        problem("source", "every row names its source (outlet, title, date or address)")
    if problems:
        return None, problems
    marks = tuple((column, mark(column)) for column in COLUMNS)
    given = frozenset(c for c in COUNTS if c in parsed)
    return Row(mark("date").line, date, event, note=values.get("note", ""), source=values["source"], given=given,
               marks=marks, **parsed), []


def _entered(row: Row) -> str:
    return "collapsed" if row.event == "hostilities_resumed" else row.state


def _against_earlier(row: Row, today: dt.date, totals: dict[str, Row], state: Row | None) -> list[Problem]:
    """What a row says that the rows before it (or the calendar) make impossible: a date not yet
    come, a running total that goes down, a state the phase machine cannot reach from the last one."""
    problems = []
    if row.date > today:
        problems.append(Problem(row.mark("date"), ("date",), f"{row.date} is in the future (today is {today}); "
                                "a record holds what has happened"))
    for column in row.given if row.event == "total" else ():
        earlier = totals.get(column)
        if earlier is not None and getattr(row, column) < getattr(earlier, column):
            problems.append(Problem(row.mark(column), (column,), f"{getattr(row, column)} is fewer than the "
                                    f"{getattr(earlier, column)} of the total on {earlier.date}; a running total "
                                    "never goes down"))
    if row.event in ("phase", "hostilities_resumed") and state is not None:
        before, after = _entered(state), _entered(row)
        if after != before and before in TERMINAL_STATES:  # which phases may follow which: check_against, per deal
            column = "state" if row.state else "event"
            problems.append(Problem(row.mark(column), (column,), f"'{after}' cannot follow '{before}' "
                                    f"(line {state.line}): the deal had ended"))
    return problems


def parse(text: str, file: str) -> History:
    """A record from the text of its file, or :class:`RecordError` with every problem."""
    lines = re.split(r"\r\n|\r|\n", text)  # the csv module's line ends (splitlines() knows more, e.g. \f)
    if not text.strip():
        raise RecordError([Problem(Mark(file, 1, 1), (), f"the record is empty; its first line names the "
                                   f"columns: {','.join(COLUMNS)}")])
    # A field may be as long as the file (a long note): the csv module's own cap is a tenth of that.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_RECORD_BYTES))
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip() for name in next(reader)]
    header_columns = _field_columns(lines[0])
    problems: list[Problem] = []
    for index, name in enumerate(header):
        if name not in COLUMNS or name in header[:index]:
            close = difflib.get_close_matches(name, COLUMNS, n=1)
            why = "this column is named twice" if name in COLUMNS else (
                f"unknown column; did you mean '{close[0]}'?" if close else
                f"unknown column; the columns are {', '.join(COLUMNS)}")
            problems.append(Problem(Mark(file, 1, header_columns[index]), (name,), why))
    for name in REQUIRED:
        if name not in header:
            problems.append(Problem(Mark(file, 1, 1), (name,), "this column is required; add it to the first line"))
    if problems:
        raise RecordError(problems)

    rows: list[Row] = []
    previous: dt.date | None = None
    today = dt.date.today()
    totals: dict[str, Row] = {}  # count column -> the last `total` row that gave it
    state: Row | None = None  # the last row that entered a state
    line = reader.line_num
    for fields in reader:
        first, line = line + 1, reader.line_num
        if not any(field.strip() for field in fields):
            continue
        columns = _field_columns(lines[first - 1])

        def mark(column: str, first=first, columns=columns) -> Mark:
            index = header.index(column) if column in header else 0
            return Mark(file, first, columns[index] if index < len(columns) else 1)

        if len(fields) != len(header):
            extra = len(fields) > len(header) and len(header) < len(columns)  # a quoted field may span lines
            where = Mark(file, first, columns[len(header)] if extra else 1)
            problems.append(Problem(where, (), f"this row has {len(fields)} fields and the first line names "
                                    f"{len(header)} columns; quote a note that holds a comma"))
            continue
        values = {name: field.strip() for name, field in zip(header, fields)}
        row, found = _row(values, mark, previous)
        problems.extend(found)
        if row is None:
            continue
        problems.extend(_against_earlier(row, today, totals, state))
        rows.append(row)
        previous = row.date
        totals.update({column: row for column in row.given if row.event == "total"})
        if row.event in ("phase", "hostilities_resumed"):
            state = row
    if not problems and not rows:
        problems.append(Problem(Mark(file, 1, 1), (), "the record has no rows under its first line"))
    if problems:
        raise RecordError(problems)
    return History(file, hashlib.sha256(text.encode()).hexdigest(), tuple(rows))


def load_record(file: str) -> History:
    """Read and check a record file; :class:`RecordError` with located problems when it is bad."""
    try:
        data = read_capped(file, MAX_RECORD_BYTES)
    except OSError as error:
        raise RecordError([Problem(Mark(file, 1, 1), (), f"cannot read the record: {error.strerror}")]) from None
    except ValueError as error:
        raise RecordError([Problem(Mark(file, 1, 1), (), f"cannot read the record: {error}")]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RecordError([Problem(Mark(file, 1, 1), (), f"the record is not UTF-8 text ({error.reason})")]) from None
    return parse(text, file)


def _most(quantity) -> float | None:
    """The largest value a scenario number can take, or None when its distribution is unbounded."""
    from ..scenario.distributions import Choice, Triangular, Uniform

    if isinstance(quantity, float):
        return quantity
    if isinstance(quantity, Uniform):
        return quantity.high
    if isinstance(quantity, Triangular):
        return quantity.right
    if isinstance(quantity, Choice):
        return max(quantity.values)
    return None


def check_against(history: History, scenario) -> list[Problem]:
    """What the record says that the scenario cannot: dates outside its days, more released than held.

    Run before any replication, so a mismatched pair stops at once with located lines.
    """
    problems: list[Problem] = []
    start, horizon = scenario.start_date, scenario.horizon_days
    last = start + dt.timedelta(days=horizon)
    held = {"hostages": sum(_most(q) if _most(q) is not None else math.inf for q in scenario.hostages.living.values()),
            "remains": _most(scenario.hostages.remains)}
    running = {"hostages": 0, "remains": 0}
    machine = machine_of(scenario)
    states, follows = machine.state_names, machine.reachable
    entered = None  # the last row that entered a state, and which
    for row in history.rows:
        if row.event in ("phase", "hostilities_resumed") and (row.state is None or row.state in states):
            after = _entered(row)
            if entered is not None and after != entered[1] and after not in follows.get(entered[1], set()):
                column = "state" if row.state else "event"
                problems.append(Problem(row.mark(column), (column,), f"'{after}' cannot follow '{entered[1]}' "
                                        f"(line {entered[0].line}): the deal's phases have no way from one to the other"))
            entered = (row, after)
        if row.state is not None and row.state not in states:
            close = difflib.get_close_matches(row.state, states, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"the deal's states are {', '.join(states)}"
            problems.append(Problem(row.mark("state"), ("state",), f"unknown state '{row.state}' for this "
                                    f"scenario's deal; {hint}"))
        if row.date < start:
            problems.append(Problem(row.mark("date"), ("date",), f"{row.date} is before the scenario's start_date "
                                    f"({start}); replay a scenario that starts on or before the record's first date"))
        elif row.date > last:
            problems.append(Problem(row.mark("date"), ("date",), f"{row.date} is past the scenario's horizon "
                                    f"({horizon} days from {start}, {last}); lengthen horizon_days"))
        for column in running:
            if column not in row.given or row.event not in ("release", "total"):
                continue
            running[column] = getattr(row, column) + (running[column] if row.event == "release" else 0)
            most = held[column]
            if most is not None and running[column] > most:
                what = "living hostages released" if column == "hostages" else "bodies returned"
                problems.append(Problem(row.mark(column), (column,), (
                    f"{running[column]:,} {what} by {row.date}, more than the scenario holds at most "
                    f"({most:,.0f})")))
    return problems

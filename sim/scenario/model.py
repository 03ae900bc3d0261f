"""The scenario format, version 1: the pydantic models behind the YAML files.

Each field's description is the reference documentation of its key (the docs
page and the JSON Schema are generated from these models), so it says what
the key means to an analyst, its unit and its default.

Day counts: ``day 0`` is ``start_date``. Keys inside a phase count days from
the first day of that phase; scripted events count from day 0.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator, StringConstraints,
                      WithJsonSchema)
from pydantic_core import PydanticCustomError

from .distributions import Distribution, Quantity, json_schema, parse_quantity, parse_range, quantity, range_schema
from .wording import NEUTRAL

FORMAT_VERSION = 1
MAX_HORIZON_DAYS = 3650  # ten years: past that the model's assumptions mean nothing
# Bounds that keep every replication finite and every output a finite number: at most
# MAX_INCIDENTS_PER_DAY * MAX_HORIZON_DAYS = 18,250 random incidents in a replication, and
# tension never above 18,250 * MAX_SEVERITY plus the scripted incidents' (about 1e13 at worst).
MAX_INCIDENTS_PER_DAY = 5.0
MAX_SEVERITY = 1e6
MAX_SEED = 2**63 - 1
FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2100, 12, 31)  # dates a scenario may name

Days = quantity(0, MAX_HORIZON_DAYS)
Probability = quantity(0, 1)
Share = quantity(0, 1)
MAX_COUNT = 1_000_000
Count = quantity(0, MAX_COUNT)
Severity = quantity(0, MAX_SEVERITY)
IncidentRate = quantity(0, MAX_INCIDENTS_PER_DAY)


def _in_years(date: dt.date) -> dt.date:
    if not FIRST_DATE <= date <= LAST_DATE:
        raise PydanticCustomError("date_range", "{message}", {
            "message": f"give a date from {FIRST_DATE.year} to {LAST_DATE.year}, not {date.isoformat()}"})
    return date


def _written_as_date(value: Any) -> Any:
    # pydantic reads a number as seconds since 1970 (0 is 1 January 1970): never what a scenario means.
    if not isinstance(value, (dt.date, str)):
        raise PydanticCustomError("date_type", "{message}", {
            "message": f"give a date as YYYY-MM-DD, e.g. 2025-01-19, not {str(value).lower()}"})
    return value


Date = Annotated[dt.date, BeforeValidator(_written_as_date), AfterValidator(_in_years)]
Whole = Annotated[int, Field(strict=True)]  # `true` is not a number: no booleans read as 1


def _not_boolean(value: Any) -> Any:
    if isinstance(value, bool):
        raise PydanticCustomError("boolean", "{message}", {"message": f"give the number 1, not {str(value).lower()}"})
    return value


ALL = "all"  # "everything still held when the phase begins"


def _count_or_all(value: Any) -> Quantity | str:
    if value == ALL:
        return ALL
    try:
        return parse_quantity(value, 0, MAX_COUNT)
    except PydanticCustomError as error:
        raise PydanticCustomError("quantity", "{message}", {"message": f"{error.message()}, or the word 'all'"}) from None


CountOrAll = Annotated[Quantity | str, PlainValidator(_count_or_all), WithJsonSchema(
    {"anyOf": [{"const": ALL}, *json_schema(0, MAX_COUNT)["anyOf"]],
     "description": "A number (or distribution), or 'all': everything still held when the phase begins."})]


Range = Annotated[Distribution, PlainValidator(parse_range), WithJsonSchema(range_schema())]


class Strict(BaseModel):
    """Unknown keys are errors, so a misspelt key never silently falls back to a default."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class Source(Strict):
    id: str = Field(description="Short name that figures in this file cite, e.g. `jns-2024-06-03`.")
    title: str = Field(description="What the source is: outlet, title, date.")
    where: str | None = Field(None, description="Address or file of the source.")


class Party(Strict):
    name: str = Field(description="Who must accept, e.g. `Israel`.")
    accepts: Probability = Field(1.0, description="Probability that this party accepts at all (0 to 1).")
    day: Days = Field(0.0, description="Day on which it accepts, counted from day 0, when it does.")


class Acceptance(Strict):
    deadline_days: Days = Field(description="Days from day 0 within which both parties must accept; "
                                "past it the proposal is rejected.")
    parties: list[Party] = Field(min_length=1, description="The parties whose acceptance starts phase one.")


class Hostages(Strict):
    living: dict[str, Count] = Field(default_factory=dict, description="Living hostages held on day 0, by category "
                                     "(names are yours, e.g. `women`, `elderly`, `wounded`, `civilian_men`, `soldiers`).")
    remains: Count = Field(0.0, description="Bodies of deceased hostages held on day 0.")


class Noun(Strict):
    one: str = Field(min_length=1, description="The word for one, e.g. `hostage`, `prisoner of war`.")
    many: str = Field(min_length=1, description="The word for several, e.g. `hostages`, `prisoners of war`.")


class Words(Strict):
    """What the deal's people are called on every page, chart, table and chronology (keys keep their names)."""

    held: Noun = Field(default_factory=lambda: Noun(one=NEUTRAL.held.one, many=NEUTRAL.held.many), description=(
        "The people held (the `hostages:` block), e.g. `{one: hostage, many: hostages}` or `{one: detainee, many: "
        "detainees}`; left out: `captive`/`captives`."))
    freed: Noun = Field(default_factory=lambda: Noun(one=NEUTRAL.freed.one, many=NEUTRAL.freed.many), description=(
        "The people freed in return (the `prisoners` keys), e.g. `{one: prisoner, many: prisoners}` or `{one: "
        "prisoner of war, many: prisoners of war}`; left out: `detainee`/`detainees`."))
    remains: Noun | None = Field(None, description=(
        "The bodies of people held that are returned (`remains` keys), e.g. `{one: body of a hostage, many: bodies "
        "of hostages}`; left out: the bodies of the `held` (`body of a captive`/`bodies of captives`)."))
    other_remains: Noun = Field(default_factory=lambda: Noun(one=NEUTRAL.other_remains.one,
                                                             many=NEUTRAL.other_remains.many), description=(
        "The other side's bodies returned for each body returned (`bodies_per_remains`), e.g. `{one: Palestinian "
        "body, many: Palestinian bodies}`; left out: `bodies of the other side`."))
    categories: dict[str, str] = Field(default_factory=dict, description=(
        "A category of `hostages.living` in words, by its key, e.g. `{women_children: women and children}`; a "
        "category left out is its key in words (`civilian_men`: civilian men)."))


class Dispute(Strict):
    probability: Probability = Field(0.0, description="Chance that a dispute delays a given batch (or milestone).")
    delay_days: Days = Field(0.0, description="How long a dispute delays it, in days; drawn per dispute.")


class Batch(Strict):
    day: Days = Field(description="Day of the phase on which this batch is due.")
    hostages: dict[str, CountOrAll] = Field(default_factory=dict, description="Living hostages released, by category.")
    remains: CountOrAll = Field(0.0, description="Bodies returned.")
    prisoners: Count | None = Field(None, description="Prisoners released with this batch; "
                                    "when left out, computed from the per-hostage rates.")


class RemainsRecovery(Strict):
    bodies: CountOrAll = Field(ALL, description="How many of the bodies held when the phase begins are "
                               "recovered in it; `all` (the default) for all of them.")
    first_day: Days = Field(0.0, description="Day of the phase of the first handover; bodies recovered "
                            "before it are handed over on it.")
    starts_day: Days | None = Field(None, description="Day of the phase from which recovery runs (0: from the "
                                    "phase's first day); left out, from `first_day`.")
    days: Days = Field(description="Each body's time to recovery from `starts_day`, drawn per body, e.g. "
                       "`{exponential: {mean: 20}}`: returns then come quickly at first and slow down by "
                       "themselves, as the easier cases are done.")
    handover_every_days: Days = Field(0.0, description="Recovered bodies are handed over every this many days "
                                      "from `first_day` (all those recovered since the last handover); 0: each "
                                      "as soon as it is recovered.")


class Shift(Strict):
    probability: Probability = Field(0.0, description="Chance that it happens to a given batch.")
    days: Days = Field(0.0, description="By how many days; drawn per batch.")


class Exchanges(Strict):
    batches: Whole = Field(1, ge=1, le=1000, description="Number of release batches on the regular schedule.")
    first_day: Days = Field(0.0, description="Day of the phase on which the first batch is due.")
    interval_days: Days = Field(7.0, description="Days between batches.")
    hostages_per_batch: dict[str, CountOrAll] = Field(
        default_factory=dict, description="Living hostages in each batch, by category; `all` spreads everyone "
        "of that category still held evenly over the batches.")
    remains_per_batch: CountOrAll = Field(0.0, description="Bodies returned in each batch, or `all`.")
    schedule: list[Batch] | None = Field(None, description="An explicit list of batches instead of the regular "
                                          "schedule (batches, first_day, interval_days, *_per_batch).")
    prisoners_per_hostage: dict[str, Count] = Field(
        default_factory=dict, description="Prisoners released for each living hostage, by category.")
    prisoners_per_remains: Count = Field(0.0, description="Prisoners released for each body returned.")
    bodies_per_remains: Count = Field(0.0, description="Bodies of the other side returned for each body of a "
                                      "hostage returned (15 in October 2025); counted as their own series, "
                                      "not as prisoners.")
    remains_recovery: RemainsRecovery | None = Field(
        None, description="Bodies returned as each is recovered, over weeks, beside any batches above.")
    dispute: Dispute = Field(default_factory=Dispute, description="Disputes that delay single batches.")
    dispute_called_off_chance: Probability = Field(0.0, description="Chance that a dispute over a batch is "
                                                   "settled before the batch is due: the postponement is "
                                                   "announced and called off, and the batch comes on its day "
                                                   "(Hamas postponed the release of 15 February 2025 on 10 "
                                                   "February and went ahead after the mediators intervened).")
    early: Shift = Field(default_factory=Shift, description="Batches that come early, by `days` (never before "
                         "the batch before them), e.g. a release brought forward off the weekly cycle.")
    merge_chance: Probability = Field(0.0, description="Chance that a batch is released together with the next "
                                      "one, on its own day (six came out together on 22 February 2025).")
    prisoners_held_back: Dispute = Field(default_factory=Dispute, description="Chance that the side freeing "
                                         "prisoners holds back its half of a batch once the hostages are out, "
                                         "and for how many days (Israel held back the prisoners of 22 February "
                                         "2025 until 27 February). The batch's releases are complete only "
                                         "when both halves are out.")


class Partly(Strict):
    probability: Probability = Field(0.0, description="Chance that the obligation is only partly met.")
    share: Share = Field(0.5, description="The share of it that is met when it is only partly met (0 to 1), e.g. "
                         "`{uniform: [0.3, 0.8]}`; drawn per run.")


class Obligation(Strict):
    side: str = Field(description="Who owes it, e.g. `Israel`, `Hezbollah`, `Lebanese army` (the names "
                      "readers see).")
    what: str = Field(min_length=1, description="What is owed, in words that follow the side's name, e.g. "
                      "`withdrawal from southern Lebanon`.")
    day: Days = Field(description="Day of the phase by which it is due.")
    late: Dispute = Field(default_factory=Dispute, description="Chance that it comes late (`probability`), and by "
                          "how many days (`delay_days`, drawn per run).")
    partly: Partly = Field(default_factory=Partly, description="Chance that it is only partly met, and the share "
                           "met then (it comes on its day, or late).")
    not_met: Probability = Field(0.0, description="Chance that it is not met at all in the run (with `partly."
                                 "probability`, at most 1).")
    gates: bool = Field(True, description="Whether the phase's end waits on it (the need `obligations_met`): "
                        "met or partly met lets the phase end; not met keeps it waiting, and the phase's "
                        "`then.otherwise` applies. `false`: it is only counted.")


class Withdrawal(Strict):
    what: str = Field(description="The milestone in words, e.g. `from all populated areas`.")
    day: Days = Field(description="Day of the phase by which it is complete.")
    dispute: Dispute = Field(default_factory=Dispute, description="Chance and length of a delay.")
    side: str | None = Field(None, description="Who owes it, e.g. `Israel`; left out: no side is named.")

    def as_obligation(self) -> Obligation:
        """The shorthand as the obligation it stands for: gating, late by a dispute, never partly or not met."""
        return Obligation.model_construct(side=self.side, what=self.what, day=self.day, late=self.dispute,
                                          partly=Partly(), not_met=0.0, gates=True)


# What a phase may need before the next one begins: the key's word -> the condition, in words.
NEEDS: dict[str, str] = {
    "releases_complete": "the phase's releases (and those of its agreed extension) are complete",
    "talks_concluded": "the talks (the `talks:` block) have concluded",
    "obligations_met": "every gating obligation (and withdrawal) due so far is met, or partly met",
    "withdrawal_complete": "the old name of `obligations_met`, read the same way",
    "all_living_released": "every living person held is released",
    "all_remains_returned": "every body held is returned",
}
Need = Literal[tuple(NEEDS)]
OLD_NEEDS = {"withdrawal_complete": "obligations_met"}  # old name -> the need it is read as
END = "end"  # `then.next: end`: the deal is completed when this phase ends
# The frame every deal shares (the machine's fixed states): no phase may take these names.
INITIAL = "proposed"
TERMINAL_STATES = ("completed", "collapsed", "rejected")  # how every deal can end (a run may also still go on)
EXTENSION, TRUCE = "extension", "truce"  # the ceasefire holds while talks go on / without them
RESERVED = (INITIAL, EXTENSION, TRUCE, *TERMINAL_STATES)
PHASE_NAME = r"^[a-z][a-z0-9_]*$"


class ExtraDays(Strict):
    days: Days = Field(1.0, description="Length of each further stretch, in days (1: one more day).")
    releases: dict[str, Count] = Field(min_length=1, description="Living people released in each stretch, by "
                                       "category (`{women_children: 10}`: ten more for each further day); freed for "
                                       "prisoners at the phase's `exchanges.prisoners_per_hostage`.")
    chance: Probability = Field(1.0, description="Chance that the parties agree to each further stretch, drawn at "
                                "the end of the phase and of each stretch.")
    cap_days: Days | None = Field(None, description="At most this many days of further stretches in all; left out: "
                                  "until the parties stop or no one of those categories is left.")


class PhaseEnd(Strict):
    extra_days: ExtraDays | None = Field(None, description=(
        "A repeatable extension (as the pause of November 2023: one more day for every ten more released): when "
        "the phase's length runs out the parties may agree a further stretch, in which more people are released, "
        "and again at the end of each stretch, up to the cap; the phase then ends as `needs` and `otherwise` say."))
    next: str | None = Field(None, description="The phase that follows, by its name under `phases:`, or `end`: "
                             "the deal is completed. Left out: the next phase in the list (an agreed extension "
                             "is skipped), or `end` after the last.")
    needs: list[Need] = Field(default_factory=lambda: ["releases_complete", "obligations_met"], description=(
        "What must hold for the next phase to begin, checked when the phase's length has run out (and again "
        "whenever one of them changes): " + "; ".join(f"`{k}`: {v}" for k, v in NEEDS.items()) + "."))
    otherwise: Literal["wait", "talks", "collapse"] = Field("wait", description=(
        "What happens when the phase's length runs out and `needs` do not all hold: `wait`: the phase goes on "
        "until they do; `collapse`: the ceasefire ends; `talks`: the phase's agreed extension (a phase with "
        "`extends:` this one) if the parties agree it, else the ceasefire holds while the talks go on (the "
        "extension, capped by `talks.max_extension_days`), else, when talks never began or broke down, the "
        "truce without talks if `truce.when_talks_are_not_alive` says so, else collapse. At most one phase "
        "may wait on talks: the scenario has one `talks:` block."))


class OutsideRelease(Strict):
    category: str = Field(description="The category of `hostages.living` released on this track.")
    count: CountOrAll = Field(ALL, description="How many are released; `all` (the default): everyone of the "
                              "category still held.")
    day: Days = Field(0.0, description="Day of the phase on which they are released, a number or a range such as "
                      "`{uniform: [0, 3]}`.")
    note: str | None = Field(None, description="What the track is, in words, shown in `explain`.")


class Phase(Strict):
    label: str | None = Field(None, description="The phase's name on charts and pages, e.g. `Phase one` or "
                              "`The pause`; left out: its key in words.")
    description: str | None = Field(None, description="What the phase is, in a sentence (the diagram, `explain` "
                                    "and the model's reference page show it).")
    duration_days: Days = Field(description="Length of the phase in days; the phase ends no earlier.")
    exchanges: Exchanges | None = Field(None, description="Releases during the phase.")
    withdrawal: Withdrawal | None = Field(None, description="Shorthand for one gating obligation of the phase "
                                          "(a withdrawal, late by `dispute`, never partly or not met); it comes "
                                          "first among the phase's obligations.")
    obligations: list[Obligation] = Field(default_factory=list, description=(
        "What each side owes in this phase, each a milestone of its own: due by a day of the phase, and able "
        "to come late, be partly met or not met at all; each may gate the phase's end (`gates`)."))
    released_outside: list[OutsideRelease] = Field(default_factory=list, description=(
        "Releases on a separate track, outside the exchange (the foreign nationals freed in November 2023): "
        "counted in the totals released, never in the exchange's ratio of prisoners to people released, "
        "and freeing no prisoners."))
    extends: str | None = Field(None, description="This phase is an agreed extension of the phase named here "
                                "(as the bridging proposals of March 2025): entered at that phase's end, when what "
                                "it needs does not hold and its `then.otherwise` is `talks`, with the chance "
                                "`chance`; it ends as that phase does.")
    chance: Probability | None = Field(None, description="With `extends`: the chance that the parties agree to "
                                       "the extension (drawn once per replication); 1 when left out.")
    then: PhaseEnd = Field(default_factory=PhaseEnd, description="What happens when the phase ends: the next "
                           "phase, what it needs first, and what happens otherwise. Not for an agreed extension "
                           "(it ends as the phase it extends).")

    @property
    def all_obligations(self) -> list[Obligation]:
        """The phase's obligations, its `withdrawal:` shorthand first: what the engine runs."""
        return ([self.withdrawal.as_obligation()] if self.withdrawal is not None else []) + list(self.obligations)


PhaseName = Annotated[str, StringConstraints(pattern=PHASE_NAME)]



class Talks(Strict):
    start_day: Days | None = Field(description="Day (from the first day of phase one) on which talks on phase "
                                   "two begin, a number or a range such as `{uniform: [15, 40]}`; `null`: they "
                                   "never begin. A start after phase one has ended is still a start (talks "
                                   "begin late, during the truce), never a resumption.")
    never_begin_chance: Probability = Field(0.0, description="Chance that talks on phase two never begin at all "
                                            "(drawn once per run; in 2025 they never really began).")
    duration_days: Days = Field(description="Days of talks needed to agree phase two, before mediators' effect.")
    breakdown_hazard_per_day: Probability = Field(0.0, description="Daily chance (0 to 1, not a rate) that talks "
                                                  "break down on any one day while under way, before mediators' "
                                                  "effect: 0.01 is one day in a hundred.")
    max_extension_days: Days | None = Field(None, description="If set, the ceasefire collapses when the "
                                            "extension (talks past phase one) lasts this long.")


class Truce(Strict):
    when_talks_are_not_alive: Literal["collapse", "truce"] = Field(
        "collapse", description="What the end of phase one does when talks never began or broke down: `collapse` "
        "at once, or `truce`: the ceasefire holds without talks (as in March 2025).")
    collapse_chance_per_day: Probability = Field(0.0, description="Daily chance that the truce without talks "
                                                 "collapses on its first day (a daily chance: 0.05 is one day "
                                                 "in twenty).")
    collapse_chance_rise_per_day: Probability = Field(0.0, description="How much the daily chance of collapse "
                                                      "rises with each whole day the truce has held (pressure "
                                                      "builds as it drags on); at most 1.")
    collapse_chance_added_by_aid_halt: Probability = Field(0.0, description="Daily chance of collapse added "
                                                           "while aid is halted (by the truce itself or a "
                                                           "scripted halt): an aid halt as a step towards "
                                                           "collapse, as in March 2025.")
    halts_aid: bool = Field(False, description="Whether aid stops while the truce without talks holds "
                            "(as from 2 March 2025).")
    talks_resume_chance_per_day: Probability = Field(0.0, description="Daily chance that talks on phase two "
                                                     "resume during the truce after breaking down; they then take "
                                                     "`talks.duration_days` and the ceasefire is in the extension "
                                                     "again. Talks that never began do not resume.")


class Mediator(Strict):
    name: str = Field(description="E.g. `United States`, `Egypt`, `Qatar`.")
    shortens_talks_by: Share = Field(0.0, description="Share by which this mediator shortens talks (0 to 1).")
    lowers_breakdown_by: Share = Field(0.0, description="Share by which it lowers the daily breakdown chance (0 to 1).")


_RATE = f"(0 to {MAX_INCIDENTS_PER_DAY:g}, which keeps a run's incidents to at most {MAX_INCIDENTS_PER_DAY * MAX_HORIZON_DAYS:,.0f})"


_RATE_BY_STATE = (f"Incidents per day {_RATE}, by state of the deal: a phase's name under `phases:`, `extension` "
                  "(the ceasefire holds while talks go on), `truce` (it holds without talks) or a phase's repeatable "
                  "extension (`NAME_extra`); a state left out has none.")


class IncidentKind(Strict):
    side: str = Field(description="Whose incidents these are, e.g. `Israel` or `Hezbollah` (the name readers see).")
    what: str = Field(description="What they are, in words that follow the side's name, e.g. `strikes` or "
                      "`rocket fire`.")
    rate_per_day: dict[str, IncidentRate] = Field(default_factory=dict, description=_RATE_BY_STATE)
    severity: Severity = Field(1.0, description=f"Tension each adds when it can end the ceasefire (0 to "
                               f"{MAX_SEVERITY:,.0f}); a distribution is drawn per incident.")
    ends_ceasefire: bool = Field(True, description="`true`: each adds tension toward the breaking point, so these "
                                 "can end the ceasefire; `false`: absorbed (strikes that go on under a ceasefire "
                                 "that holds): counted, by side, but adding no tension.")


class Incidents(Strict):
    rate_per_day: dict[str, IncidentRate] = Field(default_factory=dict, description=(
        _RATE_BY_STATE + " These incidents belong to no side and can end the ceasefire; `kinds` names sides."))
    severity: Severity = Field(1.0, description=f"Tension each incident adds (0 to {MAX_SEVERITY:,.0f}); "
                               "a distribution is drawn per incident.")
    kinds: dict[PhaseName, IncidentKind] = Field(default_factory=dict, description=(
        "Incidents by side and by weight, each kind by a name of yours (e.g. `israeli_strikes`): whose they are, "
        "their rate by state, their severity, and whether they can end the ceasefire or are absorbed. Each kind "
        "has its own random stream, so changing one kind moves no other kind's incidents."))
    tension_decay_per_day: Share = Field(0.1, description="Share of tension that fades each day.")
    breaking_point: quantity(1e-9, MAX_SEVERITY) = Field(description="Tension at which the ceasefire collapses "
                                                       f"(above 0, at most {MAX_SEVERITY:,.0f}).")


class Aid(Strict):
    target_trucks_per_day: Count = Field(600.0, description="Trucks a day that the deal promises.")
    fulfilment: quantity(0, 3) = Field(1.0, description="Share of the target that enters on a day without a halt.")


# Each event kind: (what it does, keys it needs, keys it may have). The docs and checks read this table.
EVENT_KINDS: dict[str, tuple[str, frozenset[str], frozenset[str]]] = {
    "delay_release": ("postpones the next release batch due on or after the day by `days`",
                      frozenset({"days"}), frozenset()),
    "halt_aid": ("stops aid entering, for `days` or until a `resume_aid`", frozenset(), frozenset({"days"})),
    "resume_aid": ("lets aid enter again", frozenset(), frozenset()),
    "pause_talks": ("stops the talks' clock for `days`", frozenset({"days"}), frozenset()),
    "break_off_talks": ("talks break down", frozenset(), frozenset()),
    "conclude_talks": ("talks conclude: phase two is agreed", frozenset(), frozenset()),
    "incident": ("a violation that adds `severity` to tension", frozenset({"severity"}), frozenset()),
    "resume_hostilities": ("hostilities resume: the ceasefire collapses", frozenset(), frozenset()),
    "release": ("a release outside the schedule", frozenset(),
                frozenset({"hostages", "remains", "prisoners"})),
    "withdraw": ("every obligation still pending that gates a phase's end (a withdrawal) is met now",
                 frozenset(), frozenset()),
}
EVENT_DETAILS = ("days", "severity", "hostages", "remains", "prisoners")

EventKind = Literal[tuple(EVENT_KINDS)]


class Event(Strict):
    kind: EventKind = Field(description="What happens; see the table of event kinds.")
    day: Days | None = Field(None, description="Day (from day 0) on which it happens; or give `date`.")
    date: Date | None = Field(None, description="Date on which it happens; or give `day`.")
    days: Days | None = Field(None, description="How long: for delay_release and pause_talks (required), "
                              "halt_aid (left out: until resume_aid).")
    severity: Severity | None = Field(None, description=f"Tension added, for `incident` (0 to {MAX_SEVERITY:,.0f}).")
    hostages: dict[str, Count] | None = Field(None, description="Living hostages released, for `release`.")
    remains: Count | None = Field(None, description="Bodies returned, for `release`.")
    prisoners: Count | None = Field(None, description="Prisoners released, for `release`.")
    note: str | None = Field(None, description="What this stands for, shown in `explain`.")


class Scenario(Strict):
    version: Annotated[Literal[1], BeforeValidator(_not_boolean)] = Field(description="Format version; this is version 1.")
    name: str = Field(min_length=1, description="Shown on tables and charts.")
    description: str = Field("", description="What the scenario assumes, in a few sentences.")
    sources: list[Source] = Field(default_factory=list, description="Where the figures come from.")
    start_date: Date = Field(description="The date of day 0: the first day of phase one when both parties "
                             f"accept at once (later acceptance moves phase one later); {FIRST_DATE.year} to {LAST_DATE.year}.")
    horizon_days: Whole = Field(ge=1, le=MAX_HORIZON_DAYS, description=f"Days simulated at most (1 to {MAX_HORIZON_DAYS}).")
    seed: Whole = Field(0, ge=0, le=MAX_SEED, description="Random seed used when the command line gives none.")
    hostages: Hostages = Field(default_factory=Hostages, description="Who is held on day 0; left out: no one "
                               "(a deal without hostages, such as a ceasefire in which each side owes only "
                               "`obligations`).")
    words: Words = Field(default_factory=Words, description=(
        "What the deal's people are called on pages, charts, tables and `explain`: those held, those freed in "
        "return, the bodies of each side and the categories. The keys keep their names (`hostages:`, "
        "`prisoners_per_hostage`) whatever the words; a file that names no words gets neutral ones "
        "(captives, detainees), never those of one deal."))
    acceptance: Acceptance = Field(description="Who must accept the proposal, when, and the deadline.")
    phases: dict[PhaseName, Phase] = Field(min_length=1, description=(
        "The deal's phases, in order, by name (e.g. `phase_one`, or `pause`): one or more. The first begins when "
        "both parties accept; each says under `then:` what follows it."))
    talks: Talks | None = Field(None, description="Talks on what follows a phase (in the three-phase proposals: "
                                "on phase two); needed when a phase's end waits on them.")
    truce: Truce = Field(default_factory=Truce, description="Whether, and how, the ceasefire holds without talks "
                         "after phase one.")
    mediators: list[Mediator] = Field(default_factory=list, description="Mediators and their effect on talks.")
    incidents: Incidents = Field(description="Violations and how they build tension.")
    aid: Aid = Field(default_factory=Aid, description="Humanitarian aid.")
    events: list[Event] = Field(default_factory=list, description="Scripted events: what happened, or what-if shocks.")
    uncertain: dict[str, Range | None] = Field(default_factory=dict, description=(
        "Assumptions to explore in `sensitivity` and `discover`: each key path, written as error messages write "
        "it (`talks.breakdown_hazard_per_day`, `acceptance.parties[1].accepts`, "
        "`talks.duration_days.lognormal.median`), with the range of values to try: `[LOW, HIGH]` (every value "
        "between equally likely), `{triangular: [LOW, MOST_LIKELY, HIGH]}` or `{choice: [A, B]}`. A run uses "
        "the value written at the key; this block only says how far that value is in doubt. Say why in a "
        "comment. `null` drops an entry inherited through `extends`. `--vary PATH=LOW:HIGH` adds or replaces one entry for a "
        "single command."))

    def obligations(self) -> list[tuple[str, int, Obligation]]:
        """Every obligation of every phase, as (phase, its place among the phase's obligations, obligation)."""
        return [(name, index, obligation) for name, phase in self.phases.items()
                for index, obligation in enumerate(phase.all_obligations)]

    def event_day(self, event: Event) -> Quantity:
        """An event's day from day 0, whether it was given as `day` or `date`."""
        if event.date is not None:
            return float((event.date - self.start_date).days)
        return event.day

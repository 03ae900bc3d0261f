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

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from .distributions import Distribution, Quantity, json_schema, parse_quantity, parse_range, quantity, range_schema

FORMAT_VERSION = 1
MAX_HORIZON_DAYS = 3650  # ten years: past that the model's assumptions mean nothing

Days = quantity(0, MAX_HORIZON_DAYS)
Probability = quantity(0, 1)
Share = quantity(0, 1)
MAX_COUNT = 1_000_000
Count = quantity(0, MAX_COUNT)
Positive = quantity(1e-9)
NonNegative = quantity(0)

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
    living: dict[str, Count] = Field(min_length=1, description="Living hostages held on day 0, by category "
                                     "(names are yours, e.g. `women`, `elderly`, `wounded`, `civilian_men`, `soldiers`).")
    remains: Count = Field(0.0, description="Bodies of deceased hostages held on day 0.")


class Dispute(Strict):
    probability: Probability = Field(0.0, description="Chance that a dispute delays a given batch (or milestone).")
    delay_days: Days = Field(0.0, description="How long a dispute delays it, in days; drawn per dispute.")


class Batch(Strict):
    day: Days = Field(description="Day of the phase on which this batch is due.")
    hostages: dict[str, CountOrAll] = Field(default_factory=dict, description="Living hostages released, by category.")
    remains: CountOrAll = Field(0.0, description="Bodies returned.")
    prisoners: Count | None = Field(None, description="Prisoners released with this batch; "
                                    "when left out, computed from the per-hostage rates.")


class Exchanges(Strict):
    batches: int = Field(1, ge=1, le=1000, description="Number of release batches on the regular schedule.")
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
    prisoners_per_remains: Count = Field(0.0, description="Prisoners (or bodies) released for each body returned.")
    dispute: Dispute = Field(default_factory=Dispute, description="Disputes that delay single batches.")


class Withdrawal(Strict):
    what: str = Field(description="The milestone in words, e.g. `from all populated areas`.")
    day: Days = Field(description="Day of the phase by which it is complete.")
    dispute: Dispute = Field(default_factory=Dispute, description="Chance and length of a delay.")


class Phase(Strict):
    duration_days: Days = Field(description="Length of the phase in days; the phase ends no earlier.")
    exchanges: Exchanges | None = Field(None, description="Releases during the phase.")
    withdrawal: Withdrawal | None = Field(None, description="A withdrawal milestone of the phase.")


class Phases(Strict):
    phase_one: Phase = Field(description="Full ceasefire, first releases, talks on phase two.")
    phase_two: Phase = Field(description="Permanent end of hostilities, release of all living hostages, full withdrawal.")
    phase_three: Phase = Field(description="Reconstruction and return of the last remains.")


class Talks(Strict):
    start_day: Days | None = Field(description="Day of phase one on which talks on phase two begin; "
                                   "`null`: they never begin.")
    duration_days: Days = Field(description="Days of talks needed to agree phase two, before mediators' effect.")
    breakdown_hazard_per_day: Probability = Field(0.0, description="Daily chance that talks break down "
                                                  "while under way, before mediators' effect.")
    max_extension_days: Days | None = Field(None, description="If set, the ceasefire collapses when the "
                                            "extension (talks past phase one) lasts this long.")


class Mediator(Strict):
    name: str = Field(description="E.g. `United States`, `Egypt`, `Qatar`.")
    shortens_talks_by: Share = Field(0.0, description="Share by which this mediator shortens talks (0 to 1).")
    lowers_breakdown_by: Share = Field(0.0, description="Share by which it lowers the daily breakdown chance (0 to 1).")


class IncidentRates(Strict):
    phase_one: NonNegative = Field(0.0, description="Incidents per day in phase one.")
    extension: NonNegative = Field(0.0, description="Incidents per day during the extension.")
    phase_two: NonNegative = Field(0.0, description="Incidents per day in phase two.")
    phase_three: NonNegative = Field(0.0, description="Incidents per day in phase three.")


class Incidents(Strict):
    rate_per_day: IncidentRates = Field(default_factory=IncidentRates, description="How often incidents happen, by state.")
    severity: NonNegative = Field(1.0, description="Tension each incident adds; a distribution is drawn per incident.")
    tension_decay_per_day: Share = Field(0.1, description="Share of tension that fades each day.")
    breaking_point: Positive = Field(description="Tension at which the ceasefire collapses.")


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
    "withdraw": ("the current phase's withdrawal milestone is completed", frozenset(), frozenset()),
}
EVENT_DETAILS = ("days", "severity", "hostages", "remains", "prisoners")

EventKind = Literal[tuple(EVENT_KINDS)]


class Event(Strict):
    kind: EventKind = Field(description="What happens; see the table of event kinds.")
    day: Days | None = Field(None, description="Day (from day 0) on which it happens; or give `date`.")
    date: dt.date | None = Field(None, description="Date on which it happens; or give `day`.")
    days: Days | None = Field(None, description="How long: for delay_release and pause_talks (required), "
                              "halt_aid (left out: until resume_aid).")
    severity: NonNegative | None = Field(None, description="Tension added, for `incident`.")
    hostages: dict[str, Count] | None = Field(None, description="Living hostages released, for `release`.")
    remains: Count | None = Field(None, description="Bodies returned, for `release`.")
    prisoners: Count | None = Field(None, description="Prisoners released, for `release`.")
    note: str | None = Field(None, description="What this stands for, shown in `explain`.")


class Scenario(Strict):
    version: Literal[1] = Field(description="Format version; this is version 1.")
    name: str = Field(min_length=1, description="Shown on tables and charts.")
    description: str = Field("", description="What the scenario assumes, in a few sentences.")
    sources: list[Source] = Field(default_factory=list, description="Where the figures come from.")
    start_date: dt.date = Field(description="The date of day 0: the first day of phase one when both parties "
                                "accept at once (later acceptance moves phase one later).")
    horizon_days: int = Field(ge=1, le=MAX_HORIZON_DAYS, description=f"Days simulated at most (1 to {MAX_HORIZON_DAYS}).")
    seed: int = Field(0, ge=0, description="Random seed used when the command line gives none.")
    hostages: Hostages = Field(description="Who is held on day 0.")
    acceptance: Acceptance = Field(description="Who must accept the proposal, when, and the deadline.")
    phases: Phases = Field(description="The three phases.")
    talks: Talks = Field(description="Talks on the arrangements for phase two.")
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

    def event_day(self, event: Event) -> Quantity:
        """An event's day from day 0, whether it was given as `day` or `date`."""
        if event.date is not None:
            return float((event.date - self.start_date).days)
        return event.day

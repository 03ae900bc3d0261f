"""One replication told as a dated, plain-language chronology.

Reads the record's events (the engine keeps them when asked) and the words of
the deal's built machine for states, guards and transitions; it runs nothing.
"""

from __future__ import annotations

import datetime as dt

from ..engine import Record
from ..machine import Machine, in_text
from ..scenario.wording import DealWords
from .summary import date_of


def obligation_words(side: str | None, what: str, phase: str) -> str:
    """An obligation as a sentence's subject: "Israel's withdrawal from southern Lebanon"; the `withdrawal:`
    shorthand, which names no side: "The withdrawal of phase two (full withdrawal)"."""
    return f"{side}'s {what}" if side else f"The withdrawal of {phase} ({what})"



class _Words:
    """The words of one deal's machine that the chronology reads."""

    def __init__(self, machine: Machine):
        self.labels = machine.labels
        self.deal = machine.words
        self.guards = machine.guards
        self.when = {(t.source, t.dest, t.trigger): t.when for t in machine.transitions}

    def phase(self, name: str) -> str:
        """A phase in running text: "phase one", "the pause"; a release outside the phases is "a scripted"."""
        if name == "scripted":
            return "a scripted"
        return in_text(self.labels.get(name, name.replace("_", " ")))

    def checks(self, guards: dict[str, bool]) -> str:
        return "; ".join(f"{self.guards[name]}: {'yes' if value else 'no'}" for name, value in guards.items())


def _owed(event: dict, words: _Words) -> str:
    """An obligation in words: "Israel's withdrawal from southern Lebanon", or "The withdrawal of phase two
    (full withdrawal)" for the shorthand that names no side."""
    return obligation_words(event.get("side"), event["what"], words.phase(event["phase"]))


def _people(hostages: dict[str, int], remains: int, deal: DealWords) -> str:
    """"13 women and children, 2 bodies of hostages": the people of a release, by category in the deal's words."""
    parts = [f"{n} {deal.category(category)}" for category, n in hostages.items() if n]
    if remains:
        parts.append(deal.remains.count(remains))
    return ", ".join(parts) or "no one"


def _price(prisoners: int, bodies: int, deal: DealWords) -> str:
    """"150 prisoners and 15 Palestinian bodies": what the other side hands over, in the deal's words."""
    parts = [deal.freed.count(prisoners)] if prisoners or not bodies else []
    return " and ".join(parts + ([deal.other_remains.count(bodies)] if bodies else []))


def _living(count: int, deal: DealWords) -> str:
    """"3 living hostages"."""
    return f"{count:,} living {deal.held.one if count == 1 else deal.held.many}"


def _sentence(event: dict, words: _Words) -> str:  # noqa: C901 - one branch a kind of event, flat on purpose
    labels, _phase = words.labels, words.phase
    kind = event["kind"]
    if kind == "accepted":
        days = ", ".join(f"{p} on day {d:.1f}" for p, d in event["parties"].items())
        return f"Both parties have accepted ({days})."
    if kind == "acceptance_deadline":
        missing = [p for p, d in event["parties"].items() if d is None or d > event["deadline"]]
        return f"The acceptance deadline (day {event['deadline']:.1f}) passes; not accepted by {', '.join(missing)}."
    if kind == "transition":
        when = words.when[(event["source"], event["dest"], event["trigger"])]
        decided = f" ({words.checks(event['guards'])})" if event["guards"] else ""
        return f"{labels[event['source']]} -> {labels[event['dest']]}: {when}{decided}."
    if kind == "refused":
        return f"{labels[event['state']]} cannot end yet: {words.checks(event['guards'])}. It goes on."
    if kind == "phase_due":
        return f"{_phase(event['phase']).capitalize()} has run its {event['duration']:g} days."
    if kind == "release":
        deal, held_back = words.deal, event.get("held_back")
        if held_back:
            price = f" (the other side holds back its half: {_price(held_back['prisoners'], held_back['bodies'], deal)})"
        elif event["prisoners"] or event.get("bodies") or deal.frees:
            price = f" for {_price(event['prisoners'], event.get('bodies', 0), deal)}"
        else:
            price = ""
        held = _living(event["still_held"], deal) + (f" and {deal.remains.count(event['remains_held'])}"
                                                     if deal.holds_remains else "")
        return (f"Release in {_phase(event['phase'])} batch: {_people(event['hostages'], event['remains'], deal)}"
                f"{price}; {held} still held.")
    if kind == "release_other_half":
        return f"The half held back comes out: {_price(event['prisoners'], event.get('bodies', 0), words.deal)} released."
    if kind == "stretch":
        return (f"{_phase(event['phase']).capitalize()} is extended by {event['days']:g} more "
                f"day{'' if event['days'] == 1 else 's'} (further stretch {event['number']}).")
    if kind == "releases_complete":
        return f"All releases of {_phase(event['phase'])} are done."
    if kind == "release_delayed":
        why = "a dispute" if event["cause"] == "dispute" else f"a scripted delay ({event.get('note') or 'no note'})"
        return f"The next release is delayed {event['days']:.1f} days by {why}."
    if kind == "release_postponement_called_off":
        return "A dispute postpones the next release, but it is called off before the day: the release comes on time."
    if kind == "obligation_late":
        return f"{_owed(event, words)} will be {event['days']:.1f} days late."
    if kind == "obligation_met":
        late = f", {event['days_late']:.1f} days late" if event["days_late"] > 0 else " on time"
        share = (f" in part ({event['share']:.0%} of it)" if event["share"] < 1 else " in full")
        return f"{_owed(event, words)} is met{share}{late}."
    if kind == "obligation_not_met":
        then = (" The phase cannot end on it; what follows the phase if it is not met applies." if event["gates"]
                else "")
        return f"{_owed(event, words)} is due and not met.{then}"
    if kind == "obligation_carried":
        return f"{_owed(event, words)} is not yet met; it is still due, and the next phase cannot end before it."
    if kind == "release_outside":
        note = f" ({event['note']})" if event.get("note") else ""
        deal = words.deal
        return (f"Released on a separate track{note}, outside the exchange: {_people(event['hostages'], 0, deal)}, "
                f"for no {deal.freed.many}; {_living(event['still_held'], deal)} still held.")
    if kind == "talks_begin":
        verb = "resume" if event.get("resumed") else "begin late, after the phase they belong to" if event.get(
            "late") else "begin"
        return f"Talks {verb} (they would need {event['expected_days']:.1f} days)."
    if kind == "talks_never_begin":
        return "Talks will never begin in this run."
    if kind == "talks_concluded":
        return "Talks conclude."
    if kind == "talks_broken_down":
        return "Talks break down."
    if kind == "incident" and event["cause"] == "absorbed":
        return f"An incident ({event['side']}: {event['what']}), absorbed: counted, adding no tension."
    if kind == "incident":
        source = ("A scripted incident" if event["cause"] == "scripted" else
                  f"An incident ({event['side']}: {event['what']})" if "side" in event else "An incident")
        return (f"{source} (severity {event['severity']:.2f}) brings tension to {event['tension']:.2f} "
                f"(breaking point {event['breaking_point']:.2f}).")
    if kind == "scripted":
        note = f": {event['note']}" if event.get("note") else ""
        return f"Scripted event '{event['event']}'{note}."
    if kind == "scripted_ignored":
        note = f" ({event['note']})" if event.get("note") else ""
        return f"Scripted event '{event['event']}'{note} changes nothing: it acts only {event['acts']}."
    if kind == "aid_halted":
        return "Aid stops while the truce without talks holds."
    if kind == "aid_resumed":
        why = "the truce without talks is over" if event.get("cause") == "truce over" else "the halt is over"
        left = event.get("halts_left", 0)
        if left:
            others = "another halt is" if left == 1 else f"{left} other halts are"
            return f"One halt of aid ends ({why}), but {others} still in force: no aid enters yet."
        return f"Aid enters again ({why})."
    if kind == "horizon":
        return f"The simulation stops at its horizon ({event['days']:g} days)."
    return kind


def chronology(record: Record, start: dt.date, machine: Machine) -> list[tuple[str, str]]:
    """(when, what) lines: when is 'day N (date)'; ``machine`` is the built machine of the record's scenario."""
    words = _Words(machine)
    return [(f"day {event['day']:.1f} ({date_of(start, event['day'])})", _sentence(event, words))
            for event in record.events or ()]


def outcome(record: Record, machine: Machine) -> str:
    """How the run ends and its totals, in the deal's words (a total the deal cannot have is left out); a deal
    in which no one is held: its obligations met and its incidents."""
    deal = machine.words
    ends = f"Ends {machine.labels[record.final_state].lower()} on day {record.end_day:.1f}"
    if not record.hostages_at_start and not record.remains_at_start:  # a deal in which no one is held
        met = sum(1 for status, *_ in record.obligations if status in ("met", "late", "partly"))
        owed = f", {met} of its {len(record.obligations)} obligations met" if record.obligations else ""
        aid = f", {record.aid_trucks:,.0f} aid trucks" if record.aid_trucks else ""
        return f"{ends}{owed}, {record.incidents} incidents{aid}."
    said = {"hostages_released": f"{_living(record.hostages_released, deal)} released",
            "remains_returned": f"{deal.remains.count(record.remains_returned)} returned",
            "prisoners_released": f"{deal.freed.count(record.prisoners_released)} released",
            "bodies_returned": f"{deal.other_remains.count(record.bodies_returned)} returned",
            "hostages_still_held": f"{_living(record.hostages_still_held, deal)} still held"}
    totals = [words for name, words in said.items() if deal.shows(name)]
    return f"{ends}: " + ", ".join([*totals, f"{record.aid_trucks:,.0f} aid trucks"]) + "."

"""One replication told as a dated, plain-language chronology.

Reads the record's events (the engine keeps them when asked) and the phase
machine's words for states, guards and transitions; it runs nothing.
"""

from __future__ import annotations

import datetime as dt

from ..engine import Record
from ..machine import GUARDS, LABELS, TRANSITIONS
from .summary import date_of

_WHEN = {(t.source, t.dest, t.trigger): t.when for t in TRANSITIONS}
_PHASE = {"phase_one": "phase one", "phase_one_extended": "the extended phase one", "phase_two": "phase two",
          "phase_three": "phase three", "scripted": "a scripted"}


def _guards(guards: dict[str, bool]) -> str:
    return "; ".join(f"{GUARDS[name]}: {'yes' if value else 'no'}" for name, value in guards.items())


def _people(hostages: dict[str, int], remains: int) -> str:
    parts = [f"{n} {category.replace('_', ' ')}" for category, n in hostages.items() if n]
    if remains:
        parts.append(f"{remains} bod{'y' if remains == 1 else 'ies'}")
    return ", ".join(parts) or "no one"


def _sentence(event: dict) -> str:
    kind = event["kind"]
    if kind == "accepted":
        days = ", ".join(f"{p} on day {d:.1f}" for p, d in event["parties"].items())
        return f"Both parties have accepted ({days})."
    if kind == "acceptance_deadline":
        missing = [p for p, d in event["parties"].items() if d is None or d > event["deadline"]]
        return f"The acceptance deadline (day {event['deadline']:.1f}) passes; not accepted by {', '.join(missing)}."
    if kind == "transition":
        when = _WHEN[(event["source"], event["dest"], event["trigger"])]
        decided = f" ({_guards(event['guards'])})" if event["guards"] else ""
        return f"{LABELS[event['source']]} -> {LABELS[event['dest']]}: {when}{decided}."
    if kind == "refused":
        return f"{LABELS[event['state']]} cannot end yet: {_guards(event['guards'])}. It goes on."
    if kind == "phase_due":
        return f"{_PHASE[event['phase']].capitalize()} has run its {event['duration']:g} days."
    if kind == "release":
        bodies = f" and {event['bodies']} Palestinian bodies" if event.get("bodies") else ""
        held_back = event.get("held_back")
        price = (f"the other side holds back its half ({held_back['prisoners']} prisoners"
                 f"{' and ' + str(held_back['bodies']) + ' Palestinian bodies' if held_back['bodies'] else ''})"
                 if held_back else f"for {event['prisoners']} prisoners{bodies}")
        return (f"Release in {_PHASE[event['phase']]} batch: {_people(event['hostages'], event['remains'])} "
                f"{price}; {event['still_held']} living hostages and {event['remains_held']} bodies still held.")
    if kind == "release_other_half":
        bodies = f" and {event['bodies']} Palestinian bodies" if event.get("bodies") else ""
        return f"The half held back comes out: {event['prisoners']} prisoners{bodies} released."
    if kind == "releases_complete":
        return f"All releases of {_PHASE[event['phase']]} are done."
    if kind == "release_delayed":
        why = "a dispute" if event["cause"] == "dispute" else f"a scripted delay ({event.get('note') or 'no note'})"
        return f"The next release is delayed {event['days']:.1f} days by {why}."
    if kind == "withdrawal_delayed":
        return f"The withdrawal {event['what']} will be {event['days']:.1f} days late (a dispute)."
    if kind == "withdrawal":
        return f"{_PHASE[event['phase']].capitalize()}'s withdrawal ({event['what']}) is complete."
    if kind == "withdrawal_carried":
        return (f"{_PHASE[event['phase']].capitalize()}'s withdrawal ({event['what']}) is not yet complete; "
                "it is still due, and the next phase cannot end before it.")
    if kind == "talks_begin":
        verb = "resume" if event.get("resumed") else "begin late, after phase one" if event.get("late") else "begin"
        return f"Talks on phase two {verb} (they would need {event['expected_days']:.1f} days)."
    if kind == "talks_never_begin":
        return "Talks on phase two will never begin in this run."
    if kind == "talks_concluded":
        return "Talks on phase two conclude: phase two is agreed."
    if kind == "talks_broken_down":
        return "Talks on phase two break down."
    if kind == "incident":
        source = "A scripted incident" if event["cause"] == "scripted" else "An incident"
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


def chronology(record: Record, start: dt.date) -> list[tuple[str, str]]:
    """(when, what) lines: when is 'day N (date)'."""
    return [(f"day {event['day']:.1f} ({date_of(start, event['day'])})", _sentence(event))
            for event in record.events or ()]


def outcome(record: Record) -> str:
    return (f"Ends {LABELS[record.final_state].lower()} on day {record.end_day:.1f}: "
            f"{record.hostages_released} living hostages and {record.remains_returned} bodies returned, "
            f"{record.prisoners_released} prisoners released"
            + (f", {record.bodies_returned} Palestinian bodies returned" if record.bodies_returned else "")
            + f", {record.hostages_still_held} living hostages "
            f"still held, {record.aid_trucks:,.0f} aid trucks.")

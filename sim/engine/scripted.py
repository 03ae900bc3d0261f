"""Scripted events: each kind declared once, with when it acts and the one function that applies it.

An event whose day comes while it cannot act (a release before the ceasefire,
a pause of talks that are not under way, a delay with no release left to
delay) changes nothing and is logged as such, so the chronology says why.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import simpy

from ..scenario.model import EVENT_KINDS, Event

if TYPE_CHECKING:
    from .world import World


@dataclass(frozen=True)
class Kind:
    acts: str  # when it acts, in words (the docs and the chronology's "no effect" line)
    can_act: Callable[[World], bool]
    apply: Callable[[World, Event, str], None]  # (world, event, its index as the key of its streams)
    disarm: Callable[[World, str], None] | None = None  # undo what was set up front, when it cannot act


def _ceasefire(world: World) -> bool:
    return world.by_name[world.state].ceasefire


def _live(world: World) -> bool:
    return not world.by_name[world.state].terminal


def _halt_aid(world: World, event: Event, key: str) -> None:
    halt = object()
    world.halt_aid(halt)
    if event.days is not None:
        world.env.process(_lift_after(world, halt, world.draw(event.days, "scripted", key, "days")))


def _lift_after(world: World, halt: object, days: float) -> Generator[simpy.Event, object, None]:
    yield world.env.timeout(days)
    if not world.done.triggered and halt in world.aid_halts:
        world.log("aid_resumed", cause="halt over", halts_left=len(world.aid_halts) - 1)
        world.lift_aid_halt(halt)


def _pause_talks(world: World, event: Event, key: str) -> None:
    world.talks_paused += world.draw(event.days, "scripted", key, "days")


def _settle_talks(status: str) -> Callable[[World, Event, str], None]:
    def apply(world: World, event: Event, key: str) -> None:
        world.talks = status
        world.progress()
    return apply


def _release(world: World, event: Event, key: str) -> None:
    hostages = {c: world.count(n, "scripted", key, c) for c, n in (event.hostages or {}).items()}
    remains = world.count(event.remains, "scripted", key, "remains") if event.remains is not None else 0
    prisoners = world.count(event.prisoners, "scripted", key, "prisoners") if event.prisoners is not None else 0
    world.release("scripted", hostages, remains, prisoners, {}, 0.0)
    world.progress()


def _withdraw(world: World, event: Event, key: str) -> None:
    for pending in list(world.obligations_pending):
        world.meet_obligation(pending)


def _armed(world: World, event: Event, key: str) -> None:
    """A delay is handed to the exchanges up front (so a batch due at the same instant sees it)."""


def _disarm(world: World, key: str) -> None:
    world.delays = [delay for delay in world.delays if delay[3] != key]


KINDS: dict[str, Kind] = {
    "delay_release": Kind("while a release batch is still due", lambda w: w.batches_due > 0, _armed, _disarm),
    "halt_aid": Kind("before the run ends (a halt before the ceasefire holds into it)", _live, _halt_aid),
    "resume_aid": Kind("while a halt of aid is in force", lambda w: bool(w.aid_halts),
                       lambda w, e, k: w.lift_aid_halt()),
    "pause_talks": Kind("while talks on phase two are under way", lambda w: w.talks == "under way", _pause_talks),
    "break_off_talks": Kind("before talks have concluded or broken down",
                            lambda w: _live(w) and w.talks in ("not begun", "under way"), _settle_talks("broken down")),
    "conclude_talks": Kind("before talks have concluded or broken down",
                           lambda w: _live(w) and w.talks in ("not begun", "under way"), _settle_talks("concluded")),
    "incident": Kind("before the run ends (before the ceasefire it builds no tension)", _live,
                     lambda w, e, k: w.add_tension(w.draw(e.severity, "scripted", k, "severity"), "scripted")),
    "resume_hostilities": Kind("while the ceasefire holds", _ceasefire, lambda w, e, k: w.fire("hostilities_resume")),
    "release": Kind("while the ceasefire holds", _ceasefire, _release),
    "withdraw": Kind("while the ceasefire holds and an obligation that gates a phase's end is pending",
                     lambda w: _ceasefire(w) and bool(w.obligations_pending), _withdraw),
}
assert KINDS.keys() == EVENT_KINDS.keys(), "every kind of scripted event is declared here"


def script(world: World) -> list[tuple[float, int, Event]]:
    """The scenario's events as (day, index, event), in the order they happen; delays armed."""
    scenario = world.scenario
    dated = sorted(((world.draw(scenario.event_day(e), "scripted", str(i), "day"), i, e)
                    for i, e in enumerate(scenario.events)), key=lambda x: x[:2])
    world.delays = [(day, world.draw(e.days, "scripted", str(i), "days"), e.note or "", str(i))
                    for day, i, e in dated if e.kind == "delay_release"]
    return dated


def scripted(world: World, dated: list[tuple[float, int, Event]]) -> Generator[simpy.Event, object, None]:
    """Apply each event on its day, if it can act then; otherwise say that it changed nothing."""
    env = world.env
    for day, index, event in dated:
        if day > env.now:
            yield env.timeout(day - env.now)
        if world.done.triggered:
            return
        kind, key = KINDS[event.kind], str(index)
        if kind.disarm is not None and not any(delay[3] == key for delay in world.delays):
            continue  # a batch due at this instant has already taken it
        if kind.can_act(world):
            world.log("scripted", event=event.kind, note=event.note)
            kind.apply(world, event, key)
        else:
            if kind.disarm is not None:
                kind.disarm(world, key)
            world.log("scripted_ignored", event=event.kind, note=event.note, acts=kind.acts)

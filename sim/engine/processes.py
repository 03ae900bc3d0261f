"""The processes of one replication, as plain simpy generator functions.

Each takes the :class:`~sim.engine.world.World` and yields simpy events. A
process that wakes after the run has ended (another process ended it at the
same instant) does nothing more.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import TYPE_CHECKING

import simpy

from ..scenario import ALL, draw, draw_count
from ..scenario.model import Event, Exchanges, Withdrawal

if TYPE_CHECKING:  # the world starts these processes, so it imports this module
    from .world import World

Process = Generator[simpy.Event, object, None]


def acceptance(world: World) -> Process:
    """Each party accepts on its day, or never; phase one begins when the last one does."""
    spec = world.scenario.acceptance
    rng = world.rng["acceptance"]
    days: dict[str, float | None] = {}
    for party in spec.parties:
        accepts = rng.random() < draw(party.accepts, rng)
        day = draw(party.day, rng)
        days[party.name] = day if accepts else None
    deadline = draw(spec.deadline_days, rng)
    last = max(math.inf if day is None else day for day in days.values())
    shown = {name: None if day is None else round(day, 3) for name, day in days.items()}
    if last <= deadline:
        yield world.env.timeout(last)
        world.accepted = True
        world.log("accepted", parties=shown)
        world.fire("both_accept")
    else:
        yield world.env.timeout(deadline)
        world.log("acceptance_deadline", parties=shown, deadline=round(deadline, 3))
        world.fire("acceptance_deadline", at_deadline=True)


def phase_clock(world: World, phase: str, duration: float) -> Process:
    """At the end of the phase's duration, try to move on; a refusal is recorded."""
    yield world.env.timeout(duration)
    if world.done.triggered or world.state != phase:
        return
    world.phase_over = True
    world.log("phase_due", phase=phase, duration=round(duration, 3))
    world.fire(f"{phase}_ends", at_deadline=True)


def extension_cap(world: World, days: float) -> Process:
    yield world.env.timeout(days)
    if world.done.triggered or world.state != "extension":
        return
    world.extension_cap_reached = True
    world.fire("extension_cap", at_deadline=True)


def _split(total: int, parts: int, index: int) -> int:
    """The index-th of ``parts`` near-equal shares of ``total`` (they add up to it)."""
    return total * (index + 1) // parts - total * index // parts


def _batches(world: World, spec: Exchanges) -> list[tuple[float, dict[str, int], int, int | None]]:
    """The phase's batches as (day of the phase, hostages by category, remains, prisoners or None)."""
    rng = world.rng["exchanges"]

    def count(quantity, held: int, parts: int, index: int) -> int:
        return _split(held, parts, index) if quantity == ALL else draw_count(quantity, rng)

    if spec.schedule is not None:
        batches = [(draw(b.day, rng),
                    {c: count(q, world.held[c], 1, 0) for c, q in b.hostages.items()},
                    count(b.remains, world.remains_held, 1, 0),
                    None if b.prisoners is None else draw_count(b.prisoners, rng)) for b in spec.schedule]
        return sorted(batches, key=lambda batch: batch[0])
    first, interval, parts = draw(spec.first_day, rng), draw(spec.interval_days, rng), spec.batches
    per_batch = {c: q if q == ALL else draw_count(q, rng) for c, q in spec.hostages_per_batch.items()}
    remains = spec.remains_per_batch if spec.remains_per_batch == ALL else draw_count(spec.remains_per_batch, rng)
    return [(first + i * interval,
             {c: _split(world.held[c], parts, i) if q == ALL else q for c, q in per_batch.items()},
             _split(world.remains_held, parts, i) if remains == ALL else remains,
             None) for i in range(parts)]


def exchanges(world: World, phase: str, spec: Exchanges) -> Process:
    """Release batches on the phase's schedule; disputes and scripted delays postpone them."""
    env, rng = world.env, world.rng["exchanges"]
    start = env.now
    rates = {c: draw(rate, rng) for c, rate in spec.prisoners_per_hostage.items()}
    remains_rate = draw(spec.prisoners_per_remains, rng)
    dispute_chance = draw(spec.dispute.probability, rng)
    for day, hostages, remains, prisoners in _batches(world, spec):
        if start + day > env.now:
            yield env.timeout(start + day - env.now)
        if dispute_chance and rng.random() < dispute_chance:
            delay = draw(spec.dispute.delay_days, rng)
            world.log("release_delayed", phase=phase, days=round(delay, 3), cause="dispute")
            yield env.timeout(delay)
        while world.pending_delays and world.pending_delays[0][0] <= env.now:
            _, delay, note = world.pending_delays.pop(0)
            world.log("release_delayed", phase=phase, days=round(delay, 3), cause="scripted", note=note)
            yield env.timeout(delay)
        if world.done.triggered:
            return
        world.release(phase, hostages, remains, prisoners, rates, remains_rate)
    world.exchanges_complete[phase] = True
    world.log("releases_complete", phase=phase)
    world.progress()


def withdrawal(world: World, phase: str, spec: Withdrawal) -> Process:
    rng = world.rng["exchanges"]
    day = draw(spec.day, rng)
    if rng.random() < draw(spec.dispute.probability, rng):
        delay = draw(spec.dispute.delay_days, rng)
        world.log("withdrawal_delayed", phase=phase, what=spec.what, days=round(delay, 3))
        day += delay
    yield world.env.timeout(day)
    if world.done.triggered or world.withdrawal_phase != phase or world.withdrawal_done:
        return
    world.withdrawal_done = True
    world.log("withdrawal", phase=phase, what=spec.what)
    world.progress()


def talks(world: World) -> Process:
    """Talks on phase two: begin on their day, conclude after their duration unless they break down.

    A constant daily hazard makes the breakdown time exponential, so it is drawn
    once rather than tested every day. Mediators shorten the talks and lower the hazard.
    Scripted events may conclude or break off the talks (they set the status) or
    pause them (the end moves later by the pause).
    """
    env, rng, spec = world.env, world.rng["talks"], world.scenario.talks
    if spec.start_day is None:
        return
    start = draw(spec.start_day, rng)
    duration = draw(spec.duration_days, rng)
    hazard = draw(spec.breakdown_hazard_per_day, rng)
    for mediator in world.scenario.mediators:
        duration *= 1.0 - draw(mediator.shortens_talks_by, rng)
        hazard *= 1.0 - draw(mediator.lowers_breakdown_by, rng)
    breakdown = rng.exponential(-1.0 / math.log1p(-hazard)) if 0 < hazard < 1 else (0.0 if hazard >= 1 else math.inf)
    yield from _wait_unpaused(world, env.now + start)
    if world.done.triggered or world.talks != "not begun":
        return
    world.talks = "under way"
    world.log("talks_begin", expected_days=round(duration, 3))
    broken = breakdown < duration
    yield from _wait_unpaused(world, env.now + min(duration, breakdown))
    if world.done.triggered or world.talks != "under way":
        return
    world.talks = "broken down" if broken else "concluded"
    world.log("talks_broken_down" if broken else "talks_concluded")
    world.progress()


def _wait_unpaused(world: World, until: float) -> Process:
    """Wait until ``until``, moved later by any pause of the talks that comes meanwhile."""
    while True:
        yield world.env.timeout(max(until - world.env.now, 0.0))
        if not world.talks_paused:
            return
        until += world.talks_paused
        world.talks_paused = 0.0


def incidents(world: World) -> Process:
    """Incidents arrive at the current state's rate; a change of state redraws the wait
    (exponential gaps are memoryless, so this is exact)."""
    env, rng = world.env, world.rng["incidents"]
    severity = world.scenario.incidents.severity
    while True:
        rate = world.incident_rates.get(world.state, 0.0)
        try:
            if rate > 0:
                yield env.timeout(rng.exponential(1.0 / rate))
                world.add_tension(draw(severity, rng), "incident")
            else:
                yield env.event()  # no incidents in this state: wait for the next state
        except simpy.Interrupt:
            pass


def scripted(world: World, script: list[tuple[float, Event]]) -> Process:
    """Apply the scenario's scripted events on their days (delays of releases are
    handed to the exchanges up front, see :class:`World`)."""
    env = world.env
    for day, event in script:
        if day > env.now:
            yield env.timeout(day - env.now)
        if world.done.triggered:
            return
        apply_event(world, event)


def _resume_aid(world: World, days: float) -> Process:
    yield world.env.timeout(days)
    if not world.done.triggered:
        world.log("aid_resumed", cause="halt over")
        world.halt_aid(False)


def apply_event(world: World, event: Event) -> None:
    rng = world.rng["phases"]
    kind = event.kind
    world.log("scripted", event=kind, note=event.note)
    if kind == "halt_aid":
        world.halt_aid(True)
        if event.days is not None:
            world.env.process(_resume_aid(world, draw(event.days, rng)))
    elif kind == "resume_aid":
        world.halt_aid(False)
    elif kind == "pause_talks":
        world.talks_paused += draw(event.days, rng)
    elif kind in ("break_off_talks", "conclude_talks"):
        if world.talks in ("not begun", "under way"):
            world.talks = "broken down" if kind == "break_off_talks" else "concluded"
            world.progress()
    elif kind == "incident":
        world.add_tension(draw(event.severity, rng), "scripted")
    elif kind == "resume_hostilities":
        world.fire("hostilities_resume")
    elif kind == "release":
        hostages = {c: draw_count(n, rng) for c, n in (event.hostages or {}).items()}
        remains = draw_count(event.remains, rng) if event.remains is not None else 0
        prisoners = draw_count(event.prisoners, rng) if event.prisoners is not None else 0
        world.release("scripted", hostages, remains, prisoners, {}, 0.0)
        world.progress()
    elif kind == "withdraw":
        world.withdrawal_done = True
        world.progress()


def horizon(world: World, days: float) -> Process:
    yield world.env.timeout(days)
    if not world.done.triggered:
        world.log("horizon", days=days)
        world.done.succeed()

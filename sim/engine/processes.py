"""The processes of one replication, as plain simpy generator functions.

Each takes the :class:`~sim.engine.world.World` (and, for the processes a
state starts, that state's name) and yields simpy events. A process that wakes
after the run has ended (another process ended it at the same instant) does
nothing more. Every random draw comes from the stream of its purpose
(``world.rng(process, phase, purpose)``), and draws whose use depends on a
parameter (a dispute's delay, the breakdown time) are made whatever the
parameter, so variants stay paired.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import TYPE_CHECKING

import simpy

from ..machine import TRUCE
from ..scenario import ALL

if TYPE_CHECKING:  # processes read the world's interface; the world never imports them
    from .world import World

Process = Generator[simpy.Event, object, None]


def acceptance(world: World) -> Process:
    """Each party accepts on its day, or never; phase one begins when the last one does."""
    spec = world.scenario.acceptance
    days: dict[str, float | None] = {}
    for party in spec.parties:
        rng = world.rng("acceptance", party.name, "decision")
        accepts = rng.random() < world.draw(party.accepts, "acceptance", party.name, "chance")
        day = world.draw(party.day, "acceptance", party.name, "day")
        days[party.name] = day if accepts else None
    deadline = world.draw(spec.deadline_days, "acceptance", "-", "deadline")
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


def phase_clock(world: World, phase: str, due: str) -> Process:
    """At the end of the phase's duration, try to move on (``due``); a refusal is recorded."""
    duration = world.draw(world.scenario.phases[phase].duration_days, "clock", phase, "duration")
    yield world.env.timeout(duration)
    if world.done.triggered or world.state != phase:
        return
    world.phase_over = True
    world.log("phase_due", phase=phase, duration=round(duration, 3))
    world.fire(due, at_deadline=True)


def extra_days(world: World, state: str) -> Process:
    """A phase's repeatable extension: each stretch releases its people (for prisoners at the phase's
    rates) as it begins, and at its end the parties agree a further one (the guard of the phase's end)
    or the phase ends as its `then:` says."""
    phase = world.by_name[state].extends
    spec = world.scenario.phases[phase].then.extra_days
    exchanges = world.scenario.phases[phase].exchanges
    rates = {c: world.draw(r, "exchanges", phase, "prisoners") for c, r in exchanges.prisoners_per_hostage.items()}
    while True:
        days = world.next_stretch[phase]
        world.stretches[phase].append(days)
        freed = {category: world.count(count, phase, "extra", category) for category, count in spec.releases.items()}
        world.log("stretch", phase=phase, days=round(days, 3), number=len(world.stretches[phase]))
        world.release(state, freed, 0, None, rates, 0.0)
        yield world.env.timeout(days)
        if world.done.triggered or world.state != state:
            return
        if world.further_stretch(phase):
            continue
        world.phase_over = True
        world.fire(world.by_name[state].due, at_deadline=True)
        return


def extension_cap(world: World, state: str) -> Process:
    cap = world.scenario.talks.max_extension_days
    if cap is None:
        return
    yield world.env.timeout(world.draw(cap, "extension_cap", state, "days"))
    if world.done.triggered or world.state != state:
        return
    world.extension_cap_reached = True
    world.fire("extension_cap", at_deadline=True)


def _split(total: int, parts: int, index: int) -> int:
    """The index-th of ``parts`` near-equal shares of ``total`` (they add up to it)."""
    return total * (index + 1) // parts - total * index // parts


def _batches(world: World, phase: str, spec) -> list[tuple[float, dict[str, int], int, int | None]]:
    """The phase's batches as (day of the phase, hostages by category, remains, prisoners or None)."""
    key = ("exchanges", phase, "schedule")

    def count(quantity, held: int) -> int:
        return held if quantity == ALL else world.count(quantity, *key)

    recovered = _recovered(world, phase, spec.remains_recovery)
    if spec.schedule is not None:
        batches = [(world.draw(b.day, *key),
                    {c: count(q, world.held[c]) for c, q in b.hostages.items()},
                    count(b.remains, world.remains_held),
                    None if b.prisoners is None else world.count(b.prisoners, *key)) for b in spec.schedule]
        return sorted(batches + recovered, key=lambda batch: batch[0])
    first, interval, parts = world.draw(spec.first_day, *key), world.draw(spec.interval_days, *key), spec.batches
    per_batch = {c: q if q == ALL else world.count(q, *key) for c, q in spec.hostages_per_batch.items()}
    remains = spec.remains_per_batch if spec.remains_per_batch == ALL else world.count(spec.remains_per_batch, *key)
    return sorted([(first + i * interval,
                    {c: _split(world.held[c], parts, i) if q == ALL else q for c, q in per_batch.items()},
                    _split(world.remains_held, parts, i) if remains == ALL else remains,
                    None) for i in range(parts)] + recovered, key=lambda batch: batch[0])


def _recovered(world: World, phase: str, spec) -> list[tuple[float, dict[str, int], int, int | None]]:
    """Bodies returned as each is recovered: one recovery time drawn per body, handed over as each is
    recovered or at the next of the regular handovers."""
    if spec is None:
        return []
    key = ("exchanges", phase, "recovery")
    bodies = world.remains_held if spec.bodies == ALL else world.count(spec.bodies, *key)
    first, every = world.draw(spec.first_day, *key), world.draw(spec.handover_every_days, *key)
    starts = first if spec.starts_day is None else world.draw(spec.starts_day, *key)
    handovers: dict[float, int] = {}
    for _ in range(bodies):
        late = max(starts + world.draw(spec.days, *key) - first, 0.0)  # recovered this long after the first handover
        day = first + (math.ceil(late / every) * every if every > 0 else late)
        handovers[day] = handovers.get(day, 0) + 1
    return [(day, {}, count, None) for day, count in sorted(handovers.items())]


def _merged(first: tuple, second: tuple, price) -> tuple:
    """Two batches released as one, on the first one's day; a count left to the rates is priced now."""
    day, hostages, remains, prisoners = first
    _, more, more_remains, more_prisoners = second
    together = dict(hostages)
    for category, count in more.items():
        together[category] = together.get(category, 0) + count
    if prisoners is not None or more_prisoners is not None:
        prisoners = ((prisoners if prisoners is not None else price(hostages, remains))
                     + (more_prisoners if more_prisoners is not None else price(more, more_remains)))
    return day, together, remains + more_remains, prisoners


def _timed(world: World, phase: str, spec, batches: list[tuple], price) -> list[tuple]:
    """The batches as they come: some early (never before the batch before), some merged with the next.

    Both draws are made for every batch whenever either chance is above 0, so that a variant changing
    one chance moves no other draw (each has a stream of its own; with both at 0 none is touched)."""
    early_chance = world.draw(spec.early.probability, "exchanges", phase, "early chance")
    merge_chance = world.draw(spec.merge_chance, "exchanges", phase, "merge chance")
    if early_chance <= 0 and merge_chance <= 0:
        return batches
    early = world.rng("exchanges", phase, "early")
    merge = world.rng("exchanges", phase, "merge")
    timed: list[tuple] = []
    merging = False
    for batch in batches:
        comes_early = early.random() < early_chance
        days = world.draw(spec.early.days, "exchanges", phase, "early days")
        merges = merge.random() < merge_chance
        if merging:
            timed[-1] = _merged(timed[-1], batch, price)
        else:
            day = batch[0]
            if comes_early:
                day = max(day - days, timed[-1][0] if timed else 0.0)
            timed.append((day, *batch[1:]))
        merging = merges and not merging
    return timed


def exchanges(world: World, phase: str) -> Process:
    """Release batches on the phase's schedule; batches may come early or merged with the next, disputes
    (unless called off before the day) and scripted delays postpone them, and the side freeing prisoners
    may hold back its half for a while."""
    spec = world.scenario.phases[phase].exchanges
    if spec is None:
        return
    env = world.env
    world.exchanges_complete[phase] = False
    start = env.now
    rates = {c: world.draw(rate, "exchanges", phase, "prisoners") for c, rate in spec.prisoners_per_hostage.items()}
    remains_rate = world.draw(spec.prisoners_per_remains, "exchanges", phase, "prisoners")
    bodies_rate = world.draw(spec.bodies_per_remains, "exchanges", phase, "bodies")
    dispute_chance = world.draw(spec.dispute.probability, "exchanges", phase, "dispute chance")
    disputes = world.rng("exchanges", phase, "dispute")
    called_off_chance = world.draw(spec.dispute_called_off_chance, "exchanges", phase, "called off chance")
    settles = world.rng("exchanges", phase, "called off") if called_off_chance > 0 else None
    held_back_chance = world.draw(spec.prisoners_held_back.probability, "exchanges", phase, "held back chance")
    holds = world.rng("exchanges", phase, "held back") if held_back_chance > 0 else None

    def price(hostages: dict[str, int], remains: int) -> int:
        return round(sum(count * rates[c] for c, count in hostages.items()) + remains * remains_rate)

    batches = _timed(world, phase, spec, _batches(world, phase, spec), price)
    world.batches_due += len(batches)
    halves = []  # the prisoners' halves held back and not yet out
    for day, hostages, remains, prisoners in batches:
        if start + day > env.now:
            yield env.timeout(start + day - env.now)
        disputed = disputes.random() < dispute_chance
        delay = world.draw(spec.dispute.delay_days, "exchanges", phase, "dispute delay")
        called_off = settles is not None and settles.random() < called_off_chance  # its own stream, every batch
        if disputed and called_off:
            world.log("release_postponement_called_off", phase=phase)
        elif disputed:
            world.log("release_delayed", phase=phase, days=round(delay, 3), cause="dispute")
            yield env.timeout(delay)
        while world.delays and world.delays[0][0] <= env.now:
            _, delay, note, _ = world.delays.pop(0)
            world.log("release_delayed", phase=phase, days=round(delay, 3), cause="scripted", note=note)
            yield env.timeout(delay)
        if world.done.triggered:
            return
        world.batches_due -= 1
        held_back, hold_days = False, 0.0
        if holds is not None:  # its own stream: with no chance of a hold-back, no draw is made
            held_back = holds.random() < held_back_chance
            hold_days = world.draw(spec.prisoners_held_back.delay_days, "exchanges", phase, "held back delay")
        other_half = world.release(phase, hostages, remains, prisoners, rates, remains_rate, bodies_rate,
                                   hold_back=held_back and hold_days > 0)
        if other_half is not None:
            halves.append(env.process(_held_back_half(world, phase, *other_half, hold_days)))
    if halves:
        yield env.all_of(halves)
        if world.done.triggered:
            return
    world.exchanges_complete[phase] = True
    world.log("releases_complete", phase=phase)
    world.progress()


def _held_back_half(world: World, phase: str, prisoners: int, bodies: int, days: float) -> Process:
    """The prisoners' half of a batch, released ``days`` after the hostages' half."""
    yield world.env.timeout(days)
    if not world.done.triggered:
        world.release_other_half(phase, prisoners, bodies)


def obligations(world: World, phase: str) -> Process:
    """What each side owes in the phase, each a milestone of its own (:func:`obligation`); an obligation of an
    earlier phase that gates and is still pending is carried into this one (it holds up this phase's end too),
    and said so."""
    for key in world.obligations_pending:
        world.log("obligation_carried", **world.said(key))
    owed = world.scenario.phases[phase].all_obligations
    shorthand = world.scenario.phases[phase].withdrawal is not None
    for place, spec in enumerate(owed[1:], 1):  # each on its own; the first runs here (one process fewer)
        world.env.process(obligation(world, phase, place, spec, False))
    if owed:
        yield from obligation(world, phase, 0, owed[0], shorthand)


def obligation(world: World, phase: str, place: int, spec, shorthand: bool) -> Process:
    """One obligation: due on its day of the phase, it is met then, or late by its delay, or partly met
    (a share of it, on its day or late), or not met at all (said on its day; one that gates then keeps the
    phase waiting, and its `then.otherwise` applies). Which, is one draw on the obligation's own stream (none
    when it can only be met); the `withdrawal:` shorthand keeps the streams it always had."""
    process, where = ("withdrawal", phase) if shorthand else ("obligation", f"{phase}#{place}")
    key = (phase, place)
    due = world.draw(spec.day, process, where, "day")
    late = world.rng(process, where, "dispute").random() < world.draw(spec.late.probability, process, where,
                                                                      "dispute chance")
    delay = world.draw(spec.late.delay_days, process, where, "dispute delay")
    not_met = world.draw(spec.not_met, process, where, "not met chance")
    partly = world.draw(spec.partly.probability, process, where, "partly chance")
    share = world.draw(spec.partly.share, process, where, "share")
    # its own stream, so drawing it or not moves no other draw: with neither chance, it is met (late or not)
    fate = world.rng(process, where, "outcome").random() if not_met > 0 or partly > 0 else 1.0
    world.owe(key, spec, world.env.now + due)
    if late and fate >= not_met:
        world.log("obligation_late", **world.said(key), days=round(delay, 3))
    yield world.env.timeout(due)
    if world.done.triggered:
        return
    if fate < not_met:
        world.fail_obligation(key)
        return
    if late:
        yield world.env.timeout(delay)
        if world.done.triggered:
            return
    world.meet_obligation(key, share if fate < not_met + partly else 1.0)


def released_outside(world: World, phase: str) -> Process:
    """The phase's releases on a separate track, each on its day: outside the exchange, for no prisoners."""
    env, start = world.env, world.env.now
    dated = sorted(((world.draw(spec.day, "outside", f"{phase}#{place}", "day"), place, spec)
                    for place, spec in enumerate(world.scenario.phases[phase].released_outside)), key=lambda x: x[:2])
    for day, place, spec in dated:
        if start + day > env.now:
            yield env.timeout(start + day - env.now)
        if world.done.triggered:
            return
        count = world.held.get(spec.category, 0) if spec.count == ALL else world.count(
            spec.count, "outside", f"{phase}#{place}", "count")
        world.release_outside(phase, spec.category, count, spec.note)


def time_to_event(unit: float, chance: float) -> float:
    """Days until an event with a constant daily ``chance``, from one standard exponential draw
    (continuous time: the chance that it comes within a day is exactly ``chance``)."""
    if chance <= 0:
        return math.inf
    return 0.0 if chance >= 1 else unit / -math.log1p(-chance)


def talks(world: World, phase: str) -> Process:
    """Talks on phase two: begin on their day, conclude after their duration unless they break down.

    Started in phase one, they begin on ``talks.start_day`` (a number or a range), unless the run drew
    that they never begin (``talks.never_begin_chance``, or no start day); a start that comes after
    phase one has ended, while the ceasefire holds, is still a start (late), never a resumption.
    Started in the truce without talks, they resume with the truce's daily chance, but only talks
    that had begun and broken down. A constant daily chance of breakdown makes the breakdown time
    exponential: one standard exponential draw, scaled by the chance, so that the day does not move
    when only the duration does. Mediators shorten the talks and lower the chance. Scripted events may
    conclude or break off the talks (they set the status) or pause them while under way (the end moves
    later by the pause).
    """
    env, spec = world.env, world.scenario.talks
    resumed = phase == TRUCE
    if not resumed:
        never_chance = world.draw(spec.never_begin_chance, "talks", phase, "never chance")
        never = never_chance > 0 and world.rng("talks", phase, "never").random() < never_chance
        if spec.start_day is None or never:
            world.log("talks_never_begin")
            return
        start = world.draw(spec.start_day, "talks", phase, "start")
    else:
        start = time_to_event(world.rng("talks", phase, "resume").standard_exponential(),
                              world.draw(world.scenario.truce.talks_resume_chance_per_day, "talks", phase, "resume chance"))
    duration = world.draw(spec.duration_days, "talks", phase, "duration")
    chance = world.draw(spec.breakdown_hazard_per_day, "talks", phase, "breakdown chance")
    for mediator in world.scenario.mediators:
        duration *= 1.0 - world.draw(mediator.shortens_talks_by, "talks", mediator.name, "shortens")
        chance *= 1.0 - world.draw(mediator.lowers_breakdown_by, "talks", mediator.name, "lowers breakdown")
    breakdown = time_to_event(world.rng("talks", phase, "breakdown").standard_exponential(), chance)
    if start == math.inf:
        return
    yield env.timeout(start)
    if world.done.triggered or (resumed and (world.talks != "broken down" or world.state != phase)) \
            or (not resumed and world.talks != "not begun"):
        return
    world.talks = "under way"
    world.log("talks_begin", expected_days=round(duration, 3), resumed=resumed,
              **({"late": True} if not resumed and phase not in (world.state, world.by_name[world.state].extends)
                 else {}))
    world.progress()
    broken = breakdown < duration
    until = env.now + min(duration, breakdown)
    while True:  # each pause of the live talks moves their end later
        yield env.timeout(max(until - env.now, 0.0))
        if not world.talks_paused:
            break
        until += world.talks_paused
        world.talks_paused = 0.0
    if world.done.triggered or world.talks != "under way":
        return
    world.talks = "broken down" if broken else "concluded"
    world.log("talks_broken_down" if broken else "talks_concluded")
    world.progress()


def truce_clock(world: World, state: str) -> Process:
    """The truce without talks: each day it collapses with its daily chance, which may rise with the days
    it has held and while aid is halted; aid stops while it holds, if the scenario says so.

    One standard exponential draw is spent at the current daily rate (``-log(1 - chance)``), piece by
    piece: the rate changes at each whole day of the truce (when the chance rises) and whenever aid is
    halted or resumes, and the truce collapses when the draw is spent (exact, as the exponential is
    memoryless). With neither rise nor aid effect this is one wait, as a flat daily chance needs.
    """
    spec, env = world.scenario.truce, world.env
    unspent = world.rng("truce", state, "collapse").standard_exponential()
    base = world.draw(spec.collapse_chance_per_day, "truce", state, "collapse chance")
    rise = world.draw(spec.collapse_chance_rise_per_day, "truce", state, "collapse chance rise")
    by_halt = world.draw(spec.collapse_chance_added_by_aid_halt, "truce", state, "collapse chance by aid halt")
    halt = object()
    if spec.halts_aid:
        world.log("aid_halted", cause="truce")
        world.halt_aid(halt)
    began = env.now
    while True:
        held = env.now - began
        chance = min(base + rise * math.floor(held) + (by_halt if world.aid_halts else 0.0), 1.0)
        rate = math.inf if chance >= 1 else -math.log1p(-chance)
        wakes = [world.state_changed, world.aid_changed]
        if rise > 0:
            wakes.append(env.timeout(math.floor(held) + 1 - held))  # the next whole day of the truce
        due = env.now + (0.0 if rate == math.inf else unspent / rate if rate > 0 else math.inf)
        if due < math.inf:
            wakes.append(env.timeout(due - env.now))
        since = env.now
        yield env.any_of(wakes)
        if world.done.triggered or world.state != state:
            break
        if env.now >= due:
            world.fire("truce_collapses")
            return
        unspent -= rate * (env.now - since) if rate < math.inf else unspent
    if not world.done.triggered and spec.halts_aid:
        world.log("aid_resumed", cause="truce over", halts_left=len(world.aid_halts - {halt}))
        world.lift_aid_halt(halt)


def incidents(world: World, kind: str) -> Process:
    """Incidents of one kind (``-``: the unnamed kind of the top-level keys) arrive at the current state's rate.

    Time runs on a unit-rate clock of the kind's own: each gap is one standard exponential draw,
    spent at the rate of the states it passes through, so a change of rate in one state moves no
    incident elsewhere, and a change to one kind moves no other kind's incidents (exact, as
    exponential gaps are memoryless). A kind that is absorbed is counted and adds no tension.
    """
    env = world.env
    spec = world.scenario.incidents if kind == "-" else world.scenario.incidents.kinds[kind]
    absorbed = kind != "-" and not spec.ends_ceasefire
    rates = world.incident_rates[kind]
    timing = world.rng("incidents", kind, "timing")
    left = timing.standard_exponential()
    while not world.done.triggered:
        rate = rates.get(world.state, 0.0)
        if rate <= 0:
            yield world.state_changed  # no incidents in this state: wait for the next state
            continue
        since, due = env.now, env.now + left / rate
        yield env.timeout(left / rate) | world.state_changed
        if world.done.triggered:
            return
        if env.now >= due:
            left = timing.standard_exponential()
            if absorbed:
                world.absorb_incident(kind)
            else:
                world.add_tension(world.draw(spec.severity, "incidents", kind, "severity"), "incident",
                                  None if kind == "-" else kind)
        else:
            left -= rate * (env.now - since)


def horizon(world: World, days: float) -> Process:
    yield world.env.timeout(days)
    if not world.done.triggered:
        world.log("horizon", days=days)
        world.done.succeed()

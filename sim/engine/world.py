"""The world of one replication: stocks, talks, tension, aid, and the values the machine's guards read.

The world holds state; it does not orchestrate. Processes (in
:mod:`sim.engine.processes`) change it and ask it to fire the machine's
triggers; what starts on entering a state is declared with the state in
:mod:`sim.machine` and started by the engine through ``on_enter``. Tension
and aid are arithmetic over time, not events: tension decays geometrically
between incidents (so it can only cross the breaking point at an incident),
and aid is a rate times the days it flowed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import numpy as np
import simpy

from ..machine import Machine
from ..scenario import Scenario
from ..scenario.distributions import Distribution


class World:
    """Everything one replication knows; guards read it, processes change it."""

    def __init__(self, scenario: Scenario, machine: Machine, env: simpy.Environment, model: Any,
                 seed: np.random.SeedSequence, keep_events: bool, on_enter: Callable[[str], None],
                 generators: dict[tuple, np.random.Generator]):
        self.scenario = scenario
        self.machine = machine
        self.by_name = machine.by_name
        self._checks = {name: (CHECKS[guard.check], guard.phases) for name, guard in machine.guard_specs.items()}
        self._trigger_guards = machine.trigger_guards
        self.env = env
        self.model = model
        self.on_enter = on_enter
        self._root = seed.generate_state(4, np.uint64).tobytes()
        self._generators = generators
        self._streams: dict[tuple[str, str, str], np.random.Generator] = {}
        self.events: list[dict] | None = [] if keep_events else None
        self.done = env.event()
        self.state_changed = env.event()  # succeeds, and is replaced, at each change of state
        self.aid_changed = env.event()  # succeeds, and is replaced, when aid is halted or no longer halted

        self.entered = {"proposed": 0.0}
        self.transitions: list = []
        self.refusals: list = []
        self.releases: list = []
        self.phase_start: dict[str, float] = {}

        hostages = scenario.hostages
        self.held = {category: self.count(count, "hostages", category, "held")
                     for category, count in hostages.living.items()}
        self.remains_held = self.count(hostages.remains, "hostages", "remains", "held")
        self.hostages_at_start = sum(self.held.values())
        self.remains_at_start = self.remains_held

        self.accepted = False
        self.exchanges_complete = {name: True for name in scenario.phases}  # False while a phase's releases run
        self.batches_due = 0  # release batches scheduled and not yet made, over all phases
        # (phase, place) -> the obligation in words, while one that gates a phase's end is not yet met
        self.obligations_pending: dict[tuple[str, int], str] = {}
        # (phase, place) -> [status, day due, day met, share met]: status is pending, met, late, partly or not_met
        self.obligation_outcomes: dict[tuple[str, int], list] = {}
        self.obligation_specs: dict[tuple[str, int], Any] = {}
        self.released_outside = 0  # living people freed on a separate track, outside the exchange
        self.phase_over = False  # the current state's duration has run out
        self.delays: list[tuple[float, float, str, str]] = []  # scripted (day, days, note, key), next release

        self.talks = "not begun"  # -> under way -> concluded | broken down
        self.talks_paused = 0.0  # days of pause not yet applied to the talks' clock
        self.extension_cap_reached = False
        self.extension_agreed = {  # agreed extension phase -> whether the parties agree to it (drawn once)
            name: self.rng(name, "-", "agreed").random() < self.draw(1.0 if phase.chance is None else phase.chance,
                                                                     name, "-", "chance")
            for name, phase in scenario.phases.items() if phase.extends is not None}

        # a phase's repeatable extension: the stretches taken (days), and the answer for the next one
        self.stretches: dict[str, list[float]] = {}
        self.stretch_decided: dict[str, int] = {}
        self.stretch_answer: dict[str, bool] = {}
        self.next_stretch: dict[str, float] = {}

        self.tension = 0.0
        self.tension_day = 0.0
        self.max_tension = 0.0
        self.incident_count = 0
        incidents = scenario.incidents
        self.tension_keep = 1.0 - self.draw(incidents.tension_decay_per_day, "incidents", "-", "tension decay")
        self.breaking_point = self.draw(incidents.breaking_point, "incidents", "-", "breaking point")
        # each kind's rate by state: the unnamed kind of the top-level keys ("-"), then the named kinds
        self.incident_rates = {"-": {state: self.draw(rate, "incidents", state, "rate")
                                     for state, rate in incidents.rate_per_day.items()}}
        for name, kind in incidents.kinds.items():
            self.incident_rates[name] = {state: self.draw(rate, "incidents", name, f"rate {state}")
                                         for state, rate in kind.rate_per_day.items()}
        self.incidents_by_kind = dict.fromkeys(incidents.kinds, 0)  # named kinds' incidents while the ceasefire held

        aid = scenario.aid
        self.aid_rate = (self.draw(aid.target_trucks_per_day, "aid", "-", "target")
                         * self.draw(aid.fulfilment, "aid", "-", "fulfilment"))
        self.aid_halts: set[object] = set()  # halts in force; aid flows when there are none
        self.aid_since: float | None = None
        self.aid_intervals: list[tuple[float, float]] = []

    def further_stretch(self, phase: str) -> bool:
        """Whether the parties agree a further stretch of ``phase``'s repeatable extension now: drawn once
        for each stretch (a guard asked twice at one end gets the same answer), and only while the cap
        leaves room and someone of the categories it releases is still held."""
        spec = self.scenario.phases[phase].then.extra_days
        stretches = self.stretches.setdefault(phase, [])
        if self.stretch_decided.get(phase) == len(stretches):
            return self.stretch_answer[phase]
        days = self.draw(spec.days, phase, "extra", "days")
        room = spec.cap_days is None or sum(stretches) + days <= self.draw(spec.cap_days, phase, "extra", "cap") + 1e-9
        left = any(self.held.get(category, 0) > 0 for category in spec.releases)
        agreed = self.rng(phase, "extra", "agreed").random() < self.draw(spec.chance, phase, "extra", "chance")
        self.stretch_decided[phase], self.stretch_answer[phase] = len(stretches), agreed and room and left
        self.next_stretch[phase] = days
        return self.stretch_answer[phase]

    # -- chance --------------------------------------------------------------------

    def rng(self, process: str, phase: str, purpose: str) -> np.random.Generator:
        """The random stream of one draw site, the same in every variant of the scenario.

        Keyed by what it is for (not by the order of use), so that a variant that
        changes one assumption leaves every unrelated draw as it was. Its PCG64
        state is a hash of the replication's seed and the key: setting it costs a
        fraction of seeding a new generator, so the engine keeps one generator a
        key and each replication sets it afresh on first use.
        """
        key = (process, phase, purpose)
        stream = self._streams.get(key)
        if stream is None:
            stream = self._generators.get(key)
            if stream is None:
                stream = self._generators[key] = np.random.Generator(np.random.PCG64())
            digest = hashlib.blake2b(self._root + "/".join(key).encode(), digest_size=32).digest()
            stream.bit_generator.state = {
                "bit_generator": "PCG64", "has_uint32": 0, "uinteger": 0,
                "state": {"state": int.from_bytes(digest[:16], "little"),
                          "inc": int.from_bytes(digest[16:], "little") | 1}}
            self._streams[key] = stream
        return stream

    def draw(self, quantity: Any, process: str, phase: str, purpose: str) -> float:
        """The value of ``quantity`` in this replication (a fixed number touches no stream)."""
        if isinstance(quantity, Distribution):
            return quantity.sample(self.rng(process, phase, purpose))
        return quantity

    def count(self, quantity: Any, process: str, phase: str, purpose: str) -> int:
        """A whole number: counts of people are rounded to the nearest one."""
        return int(round(self.draw(quantity, process, phase, purpose)))

    # -- the record ------------------------------------------------------------------

    @property
    def state(self) -> str:
        return self.model.state

    def log(self, kind: str, **details: Any) -> None:
        """Keep an entry of the chronology, when this replication keeps one."""
        if self.events is not None:
            self.events.append({"day": round(self.env.now, 6), "kind": kind, "state": self.model.state, **details})

    def fire(self, trigger: str, at_deadline: bool = False) -> bool:
        """Try the machine's trigger; record the transition, or the refusal at a deadline.

        Each guard is evaluated once, here; the machine reads the values.
        """
        source = self.model.state
        checks = self._checks
        guards = {name: checks[name][0](self, checks[name][1]) for name in self._trigger_guards[trigger]}
        self.model.values = guards
        if self.model.trigger(trigger):
            dest = self.model.state
            now = self.env.now
            self.transitions.append((now, source, dest, trigger, guards))
            self.entered.setdefault(dest, now)
            self.log("transition", source=source, dest=dest, trigger=trigger, guards=guards)
            self._entered(dest)
            return True
        if at_deadline:
            self.refusals.append((self.env.now, source, trigger, guards))
            self.log("refused", trigger=trigger, guards=guards)
        return False

    def _entered(self, state: str) -> None:
        self.phase_over = False
        self._update_aid()
        changed, self.state_changed = self.state_changed, self.env.event()
        changed.succeed()
        if self.by_name[state].terminal:
            if not self.done.triggered:
                self.done.succeed()
            return
        self.phase_start.setdefault(state, self.env.now)
        self.on_enter(state)

    def progress(self) -> None:
        """Something the guards read has changed: retry the trigger the current state waits on."""
        state = self.by_name[self.model.state]
        if state.retries is not None:
            self.fire(state.retries)
        elif state.due is not None and self.phase_over:
            self.fire(state.due)

    # -- stocks ------------------------------------------------------------------

    def release(self, phase: str, hostages: dict[str, int], remains: int, prisoners: int | None,
                rates: dict[str, float], remains_rate: float, bodies_rate: float = 0.0,
                hold_back: bool = False) -> tuple[int, int] | None:
        """Free hostages (no more than are held) and prisoners (``None``: by the rates); the other
        side's bodies come back at ``bodies_rate`` for each body returned.

        With ``hold_back``, only the hostages' half is released now and the other half (prisoners,
        bodies) is returned, for :meth:`release_other_half` later; ``None`` when nothing is held back."""
        freed = {c: min(n, self.held[c]) for c, n in hostages.items() if n > 0 and self.held[c] > 0}
        for category, count in freed.items():
            self.held[category] -= count
        remains = min(remains, self.remains_held)
        self.remains_held -= remains
        if prisoners is None:
            prisoners = round(sum(count * rates[c] for c, count in freed.items()) + remains * remains_rate)
        living = sum(freed.values())
        bodies = round(remains * bodies_rate)
        held_back = hold_back and (prisoners > 0 or bodies > 0)
        now_prisoners, now_bodies = (0, 0) if held_back else (prisoners, bodies)
        self.releases.append((self.env.now, living, remains, now_prisoners, now_bodies))
        if self.events is not None:  # the chronology's figures cost only when it is kept
            self.log("release", phase=phase, hostages=freed, remains=remains, prisoners=now_prisoners,
                     bodies=now_bodies, still_held=sum(self.held.values()), remains_held=self.remains_held,
                     **({"held_back": {"prisoners": prisoners, "bodies": bodies}} if held_back else {}))
        return (prisoners, bodies) if held_back else None

    def release_other_half(self, phase: str, prisoners: int, bodies: int) -> None:
        """The half of a batch that the side freeing prisoners held back comes out now."""
        self.releases.append((self.env.now, 0, 0, prisoners, bodies))
        if self.events is not None:
            self.log("release_other_half", phase=phase, prisoners=prisoners, bodies=bodies)

    def release_outside(self, phase: str, category: str, count: int, note: str | None) -> None:
        """Free ``count`` of a category on a separate track: counted in the totals released, for no prisoners,
        and never in the exchange's ratio."""
        count = min(count, self.held.get(category, 0))
        if count <= 0:
            return
        self.held[category] -= count
        self.released_outside += count
        self.releases.append((self.env.now, count, 0, 0, 0))
        if self.events is not None:
            self.log("release_outside", phase=phase, hostages={category: count}, note=note,
                     still_held=sum(self.held.values()), remains_held=self.remains_held)
        self.progress()

    def owe(self, key: tuple[str, int], spec: Any, due: float) -> None:
        """An obligation falls due by day ``due`` (from day 0); one that gates holds up the phase's end until met."""
        self.obligation_outcomes[key] = ["pending", due, None, 0.0]
        self.obligation_specs[key] = spec
        if spec.gates:
            self.obligations_pending[key] = spec.what

    def said(self, key: tuple[str, int]) -> dict:
        """An obligation's words for the chronology: its phase, side (when named) and what."""
        spec = self.obligation_specs[key]
        return {"phase": key[0], **({"side": spec.side} if spec.side else {}), "what": spec.what}

    def meet_obligation(self, key: tuple[str, int], share: float = 1.0) -> None:
        """An obligation is met now, in full or in part (``share``); met in part, it no longer holds up a phase."""
        outcome = self.obligation_outcomes[key]
        if outcome[0] not in ("pending", "not_met"):
            return
        now = self.env.now
        late = max(now - outcome[1], 0.0)
        outcome[:] = ["partly" if share < 1 else "late" if late > 1e-9 else "met", outcome[1], now, share]
        self.obligations_pending.pop(key, None)
        if self.events is not None:
            self.log("obligation_met", **self.said(key), share=round(share, 4), days_late=round(late, 3))
        self.progress()

    def fail_obligation(self, key: tuple[str, int]) -> None:
        """An obligation's day has come and it is not met (nor will it be, unless a scripted event meets it)."""
        outcome = self.obligation_outcomes[key]
        if outcome[0] == "pending":
            outcome[0] = "not_met"
            if self.events is not None:
                self.log("obligation_not_met", **self.said(key), gates=self.obligation_specs[key].gates)

    def _kind_words(self, kind: str | None) -> dict:
        if kind is None:
            return {}
        spec = self.scenario.incidents.kinds[kind]
        return {"incident_kind": kind, "side": spec.side, "what": spec.what}

    def absorb_incident(self, kind: str) -> None:
        """An incident of a kind that is absorbed: counted while the ceasefire holds, adding no tension."""
        if self.by_name[self.model.state].ceasefire:
            self.incident_count += 1
            self.incidents_by_kind[kind] += 1
        if self.events is not None:
            self.log("incident", cause="absorbed", **self._kind_words(kind))

    def add_tension(self, severity: float, cause: str, kind: str | None = None) -> None:
        """An incident (of a named ``kind``, or none): tension decays since the last one, then rises by
        ``severity``. Before the ceasefire begins, incidents are part of the war and build no tension (it stays 0)."""
        ceasefire = self.by_name[self.model.state].ceasefire
        if ceasefire:
            if kind is not None:
                self.incidents_by_kind[kind] += 1
            now = self.env.now
            self.tension = self.tension * self.tension_keep ** (now - self.tension_day) + severity
            self.tension_day = now
            self.max_tension = max(self.max_tension, self.tension)
            self.incident_count += 1
        if self.events is not None:
            self.log("incident", cause=cause, severity=round(severity, 4), tension=round(self.tension, 4),
                     breaking_point=round(self.breaking_point, 4), **self._kind_words(kind))
        if ceasefire:
            self.fire("incident")

    # -- aid -------------------------------------------------------------------------

    def _update_aid(self, was_halted: bool | None = None) -> None:
        """Open or close the current interval of aid flow; say so when a halt begins or ends
        (``was_halted``: whether a halt was in force before the change that calls this)."""
        if was_halted is not None and was_halted != bool(self.aid_halts):
            changed, self.aid_changed = self.aid_changed, self.env.event()
            changed.succeed()
        flowing = self.by_name[self.model.state].ceasefire and not self.aid_halts
        now = self.env.now
        if flowing and self.aid_since is None:
            self.aid_since = now
        elif not flowing and self.aid_since is not None:
            if now > self.aid_since:
                self.aid_intervals.append((self.aid_since, now))
            self.aid_since = None

    def halt_aid(self, halt: object) -> None:
        """A halt comes into force; aid flows again only once every halt in force is lifted."""
        was_halted = bool(self.aid_halts)
        self.aid_halts.add(halt)
        self._update_aid(was_halted)

    def lift_aid_halt(self, halt: object | None = None) -> None:
        """Lift one halt (its time is over), or every halt in force (``None``: aid resumes)."""
        was_halted = bool(self.aid_halts)
        if halt is None:
            self.aid_halts.clear()
        else:
            self.aid_halts.discard(halt)
        self._update_aid(was_halted)

    def close(self) -> None:
        """At the end of the run: close the open aid interval at the last day."""
        if self.aid_since is not None and self.env.now > self.aid_since:
            self.aid_intervals.append((self.aid_since, self.env.now))
        self.aid_since = None


# What each kind of guard of :mod:`sim.machine` checks, read from the world (and the phases it names).
CHECKS: dict[str, Callable[[World, tuple[str, ...]], bool]] = {
    "accepted": lambda w, _: w.accepted,
    "exchanges_complete": lambda w, phases: all(w.exchanges_complete[p] for p in phases),
    "talks_concluded": lambda w, _: w.talks == "concluded",
    "talks_alive": lambda w, _: w.talks in ("under way", "concluded"),
    "talks_broken_down": lambda w, _: w.talks == "broken down",
    "extension_cap_reached": lambda w, _: w.extension_cap_reached,
    "extension_agreed": lambda w, phases: w.extension_agreed[phases[0]],
    "extra_agreed": lambda w, phases: w.further_stretch(phases[0]),
    "truce_chosen": lambda w, _: w.scenario.truce.when_talks_are_not_alive == "truce",
    "all_living_released": lambda w, _: not any(w.held.values()),
    "obligations_met": lambda w, _: not w.obligations_pending,
    "all_remains_returned": lambda w, _: w.remains_held == 0,
    "past_breaking_point": lambda w, _: w.tension >= w.breaking_point,
}


def guards_for(machine: Machine) -> object:
    """The model object of an engine's machine: each guard returns the value :meth:`World.fire` computed.

    It holds no world: one instance serves every replication of its engine.
    """

    class Guards:
        state: str
        values: dict[str, bool] = {}

    for name in machine.guard_specs:
        setattr(Guards, name, lambda self, _name=name: self.values[_name])
    return Guards()

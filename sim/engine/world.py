"""The world of one replication: stocks, talks, tension, aid, and the phase machine's guards.

Processes (in :mod:`sim.engine.processes`) change the world; the world fires
the machine's triggers and records what happened. Tension and aid are
arithmetic over time, not events: tension decays geometrically between
incidents (so it can only cross the breaking point at an incident), and aid
is a rate times the days it flowed.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import simpy

from ..machine import CEASEFIRE_STATES, TERMINAL_STATES, TRIGGER_GUARDS
from ..scenario import Scenario, draw, draw_count
from . import processes

# Independent random streams, one per source of chance, so that a variant that
# changes one process leaves the others' draws untouched (common random numbers).
STREAMS = ("acceptance", "phases", "talks", "incidents", "exchanges", "aid")


class World:
    """Everything one replication knows; guards read it, processes change it."""

    def __init__(self, scenario: Scenario, env: simpy.Environment, machine: Any, model: Any,
                 seed: np.random.SeedSequence, keep_events: bool):
        self.scenario = scenario
        self.env = env
        self.machine = machine
        self.model = model
        self.rng = dict(zip(STREAMS, (np.random.Generator(np.random.PCG64(s)) for s in seed.spawn(len(STREAMS)))))
        self.events: list[dict] | None = [] if keep_events else None
        self.done = env.event()

        self.entered = {"proposed": 0.0}
        self.transitions: list = []
        self.refusals: list = []
        self.releases: list = []
        self.phase_start: dict[str, float] = {}

        hostages = scenario.hostages
        rng = self.rng["phases"]
        self.held = {category: draw_count(count, rng) for category, count in hostages.living.items()}
        self.remains_held = draw_count(hostages.remains, rng)
        self.hostages_at_start = sum(self.held.values())
        self.remains_at_start = self.remains_held

        self.accepted = False
        self.exchanges_complete = {"phase_one": scenario.phases.phase_one.exchanges is None}
        self.withdrawal_phase = ""  # the phase whose withdrawal milestone is pending or done
        self.withdrawal_done = True
        self.phase_over = False  # the current phase's duration has run out
        self.pending_delays: list[tuple[float, float, str]] = []  # scripted (day, days, note) for releases

        self.talks = "not begun"  # -> under way -> concluded | broken down
        self.talks_paused = 0.0  # days of pause not yet applied to the talks' clock
        self.extension_cap_reached = False

        self.tension = 0.0
        self.tension_day = 0.0
        self.max_tension = 0.0
        self.incident_count = 0
        incidents = scenario.incidents
        self.tension_keep = 1.0 - incidents.tension_decay_per_day
        self.breaking_point = draw(incidents.breaking_point, self.rng["incidents"])
        self.incident_rates = {state: draw(getattr(incidents.rate_per_day, state), self.rng["incidents"])
                               for state in CEASEFIRE_STATES}
        self.incidents_process: simpy.Process | None = None

        aid = scenario.aid
        self.aid_rate = draw(aid.target_trucks_per_day, self.rng["aid"]) * draw(aid.fulfilment, self.rng["aid"])
        self.aid_halted = False
        self.aid_since: float | None = None
        self.aid_intervals: list[tuple[float, float]] = []

    # -- the record ------------------------------------------------------------------

    @property
    def state(self) -> str:
        return self.model.state

    def log(self, kind: str, **details: Any) -> None:
        """Keep an entry of the chronology, when this replication keeps one."""
        if self.events is not None:
            self.events.append({"day": round(self.env.now, 6), "kind": kind, "state": self.model.state, **details})

    def fire(self, trigger: str, at_deadline: bool = False) -> bool:
        """Try the machine's trigger; record the transition, or the refusal at a deadline."""
        source = self.model.state
        guards = {name: getattr(self.model, name)() for name in TRIGGER_GUARDS[trigger]}
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
        now = self.env.now
        if state in TERMINAL_STATES:
            self._update_aid()
            if not self.done.triggered:
                self.done.succeed()
            return
        self.phase_over = False
        if state == "extension":
            cap = self.scenario.talks.max_extension_days
            if cap is not None:
                self.env.process(processes.extension_cap(self, draw(cap, self.rng["talks"])))
            self.progress()
        else:
            self.phase_start[state] = now
            phase = getattr(self.scenario.phases, state)
            self.env.process(processes.phase_clock(self, state, draw(phase.duration_days, self.rng["phases"])))
            if phase.exchanges is not None:
                self.exchanges_complete[state] = False
                self.env.process(processes.exchanges(self, state, phase.exchanges))
            self.withdrawal_phase = state
            self.withdrawal_done = phase.withdrawal is None
            if phase.withdrawal is not None:
                self.env.process(processes.withdrawal(self, state, phase.withdrawal))
            if state == "phase_one":
                self._update_aid()
                self.env.process(processes.talks(self))
        if self.incidents_process is not None and self.incidents_process is not self.env.active_process \
                and self.incidents_process.is_alive:
            self.incidents_process.interrupt("state changed")

    def progress(self) -> None:
        """Something the guards read has changed: retry the transitions that wait on it."""
        state = self.model.state
        if state == "extension":
            self.fire("talks_progress")
        elif self.phase_over and state == "phase_two":
            self.fire("phase_two_ends")
        elif self.phase_over and state == "phase_three":
            self.fire("phase_three_ends")

    # -- stocks ------------------------------------------------------------------

    def release(self, phase: str, hostages: dict[str, int], remains: int, prisoners: int | None,
                rates: dict[str, float], remains_rate: float) -> None:
        """Free hostages (no more than are held) and prisoners; ``prisoners`` None: by the rates."""
        freed = {c: min(n, self.held[c]) for c, n in hostages.items() if n > 0 and self.held[c] > 0}
        for category, count in freed.items():
            self.held[category] -= count
        remains = min(remains, self.remains_held)
        self.remains_held -= remains
        if prisoners is None:
            prisoners = round(sum(count * rates[c] for c, count in freed.items()) + remains * remains_rate)
        living = sum(freed.values())
        self.releases.append((self.env.now, living, remains, prisoners))
        if self.events is not None:  # the chronology's figures cost only when it is kept
            self.log("release", phase=phase, hostages=freed, remains=remains, prisoners=prisoners,
                     still_held=sum(self.held.values()), remains_held=self.remains_held)

    def add_tension(self, severity: float, cause: str) -> None:
        """An incident: tension decays since the last one, then rises by ``severity``.
        Before the ceasefire begins, incidents are part of the war and build no tension (it stays 0)."""
        ceasefire = self.model.state in CEASEFIRE_STATES
        if ceasefire:
            now = self.env.now
            self.tension = self.tension * self.tension_keep ** (now - self.tension_day) + severity
            self.tension_day = now
            self.max_tension = max(self.max_tension, self.tension)
            self.incident_count += 1
        if self.events is not None:
            self.log("incident", cause=cause, severity=round(severity, 4), tension=round(self.tension, 4),
                     breaking_point=round(self.breaking_point, 4))
        if ceasefire:
            self.fire("incident")

    def _update_aid(self) -> None:
        """Open or close the current interval of aid flow."""
        flowing = self.model.state in CEASEFIRE_STATES and not self.aid_halted
        now = self.env.now
        if flowing and self.aid_since is None:
            self.aid_since = now
        elif not flowing and self.aid_since is not None:
            if now > self.aid_since:
                self.aid_intervals.append((self.aid_since, now))
            self.aid_since = None

    def halt_aid(self, halted: bool) -> None:
        self.aid_halted = halted
        self._update_aid()

    def close(self) -> None:
        """At the end of the run: close the open aid interval at the last day."""
        if self.aid_since is not None and self.env.now > self.aid_since:
            self.aid_intervals.append((self.aid_since, self.env.now))
        self.aid_since = None


class Guards:
    """The model object of the shared machine: each method is a guard named in :mod:`sim.machine`.

    One instance lives as long as its engine; ``world`` is swapped per replication.
    """

    world: World

    def both_parties_accepted(self) -> bool:
        return self.world.accepted

    def phase_one_exchanges_complete(self) -> bool:
        return self.world.exchanges_complete["phase_one"]

    def talks_concluded(self) -> bool:
        return self.world.talks == "concluded"

    def talks_alive(self) -> bool:
        return self.world.talks in ("under way", "concluded")

    def talks_broken_down(self) -> bool:
        return self.world.talks == "broken down"

    def extension_cap_reached(self) -> bool:
        return self.world.extension_cap_reached

    def all_living_hostages_released(self) -> bool:
        return not any(self.world.held.values())

    def withdrawal_complete(self) -> bool:
        return self.world.withdrawal_done

    def all_remains_returned(self) -> bool:
        return self.world.remains_held == 0

    def past_breaking_point(self) -> bool:
        return self.world.tension >= self.world.breaking_point


"""One replication of a scenario: simpy processes over a world, steered by the phase machine.

``Engine(scenario).replicate(seed, k)`` gives replication ``k`` of a run with
root seed ``seed``; it depends on nothing else (not on the order of
replications or where they run). The engine prints nothing and writes no
files. On entering a state it starts the processes that state declares in
:mod:`sim.machine`; nothing here knows one state from another.
"""

from __future__ import annotations

import numpy as np
import simpy

from ..machine import machine_of
from ..scenario import Scenario
from . import processes, scripted
from .record import Record
from .world import World, guards_for

__all__ = ["Engine", "Record", "replication_seed"]

# The processes a state may declare in `runs`: each is started with the world and the state's name.
PROCESSES = {
    "phase_clock": lambda world, state: processes.phase_clock(world, state, world.by_name[state].due),
    "exchanges": processes.exchanges,
    "obligations": processes.obligations,
    "released_outside": processes.released_outside,
    "talks": processes.talks,
    "extension_cap": processes.extension_cap,
    "truce_clock": processes.truce_clock,
    "extra_days": processes.extra_days,
}


def replication_seed(seed: int, replication: int) -> np.random.SeedSequence:
    """Replication ``k``'s seed: the k-th child of the root seed (as ``SeedSequence.spawn`` gives)."""
    return np.random.SeedSequence(seed, spawn_key=(replication,))


class Engine:
    """Runs replications of one scenario, sharing one phase machine between them."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.deal = machine_of(scenario)  # the deal's states and transitions, read by every replication
        self.guards = guards_for(self.deal)
        self.machine = self.deal.build(self.guards)
        self.obligations = scenario.obligations()  # every phase's obligations, in the order records keep them
        self.generators: dict = {}  # one random generator a purpose, reseeded by each replication

    def replicate(self, seed: int, replication: int, keep_events: bool = False) -> Record:
        scenario = self.scenario
        env = simpy.Environment()
        self.machine.set_state("proposed", model=self.guards)

        by_name = self.deal.by_name

        def start(state: str) -> None:
            for name in by_name[state].runs:
                env.process(PROCESSES[name](world, state))

        world = World(scenario, self.deal, env, self.guards, replication_seed(seed, replication), keep_events, start,
                      self.generators)
        env.process(processes.acceptance(world))
        for kind, rates in world.incident_rates.items():
            if any(rate > 0 for rate in rates.values()):
                env.process(processes.incidents(world, kind))
        env.process(scripted.scripted(world, scripted.script(world)))
        env.process(processes.horizon(world, scenario.horizon_days))
        env.run(until=world.done)
        world.close()

        return Record(
            replication=replication,
            final_state=self.guards.state,
            end_day=env.now,
            entered=world.entered,
            transitions=world.transitions,
            refusals=world.refusals,
            releases=world.releases,
            hostages_at_start=world.hostages_at_start,
            remains_at_start=world.remains_at_start,
            aid_trucks_per_day=world.aid_rate,
            aid_intervals=world.aid_intervals,
            incidents=world.incident_count,
            incidents_by_kind=world.incidents_by_kind,
            obligations=tuple(tuple(world.obligation_outcomes.get((phase, place), ("not_begun", None, None, 0.0)))
                              for phase, place, _ in self.obligations),
            released_outside=world.released_outside,
            max_tension=world.max_tension,
            events=world.events,
        )

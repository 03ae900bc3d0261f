"""One replication of a scenario: simpy processes over a world, steered by the phase machine.

``Engine(scenario).replicate(seed, k)`` gives replication ``k`` of a run with
root seed ``seed``; it depends on nothing else (not on the order of
replications or where they run). The engine prints nothing and writes no
files.
"""

from __future__ import annotations

import numpy as np
import simpy

from ..machine import build_machine
from ..scenario import Scenario, draw
from . import processes
from .record import Record
from .world import Guards, World

__all__ = ["Engine", "Record", "replication_seed"]


def replication_seed(seed: int, replication: int) -> np.random.SeedSequence:
    """Replication ``k``'s seed: the k-th child of the root seed (as ``SeedSequence.spawn`` gives)."""
    return np.random.SeedSequence(seed, spawn_key=(replication,))


class Engine:
    """Runs replications of one scenario, sharing one phase machine between them."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.guards = Guards()
        self.machine = build_machine(self.guards)

    def replicate(self, seed: int, replication: int, keep_events: bool = False) -> Record:
        scenario = self.scenario
        env = simpy.Environment()
        self.machine.set_state("proposed", model=self.guards)
        world = World(scenario, env, self.machine, self.guards, replication_seed(seed, replication), keep_events)
        self.guards.world = world

        rng = world.rng["phases"]
        script = sorted(((draw(scenario.event_day(e), rng), e) for e in scenario.events), key=lambda x: x[0])
        world.pending_delays = [(day, draw(e.days, rng), e.note or "") for day, e in script if e.kind == "delay_release"]
        env.process(processes.acceptance(world))
        world.incidents_process = env.process(processes.incidents(world))
        env.process(processes.scripted(world, [(day, e) for day, e in script if e.kind != "delay_release"]))
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
            max_tension=world.max_tension,
            events=world.events,
        )

"""The machine built from a scenario's phases is consistent, whatever the deal, and the engine shares one."""

from __future__ import annotations

import logging

import pytest
import transitions

from sim import machine
from sim.engine import Engine
from sim.engine.world import CHECKS, guards_for
from sim.machine import machine_of

from .builders import scenario

ONE_PHASE = {"phases": {"phase_one": {"then": {"next": "end", "needs": ["releases_complete"],
                                               "otherwise": "collapse"}},
                        "phase_two": None, "phase_three": None}}
EXTENDED = {"phases": {"phase_one_extended": {"extends": "phase_one", "duration_days": 10, "chance": 0.5}}}
WAITING = {"phases": {"phase_one": {"then": {"needs": ["releases_complete"], "otherwise": "wait"}}}, "talks": None}
# The test deal, a deal of one phase, one with an agreed extension, one whose phases never wait on talks.
DEALS = {"three phases": {}, "one phase": ONE_PHASE, "agreed extension": EXTENDED, "no talks": WAITING}


def deal(shape: str) -> machine.Machine:
    return machine_of(scenario(**DEALS[shape]))


@pytest.fixture(params=list(DEALS))
def built(request) -> machine.Machine:
    return deal(request.param)


def test_every_transition_joins_known_states_and_names_known_guards(built):
    for t in built.transitions:
        assert t.source in built.state_names and t.dest in built.state_names
        assert set(t.guards) <= set(built.guards)


def test_every_guard_is_implemented_by_the_engine_and_used_by_a_transition(built):
    used = {g for t in built.transitions for g in t.guards}
    assert used == set(built.guards)
    model = guards_for(built)
    for name, guard in built.guard_specs.items():
        assert callable(getattr(model, name)) and guard.check in CHECKS


def test_terminal_states_have_no_way_out_and_every_state_is_reachable(built):
    sources = {t.source for t in built.transitions}
    assert not sources & set(machine.TERMINAL_STATES)
    assert built.reachable["proposed"] | {"proposed"} == set(built.state_names)
    assert all(not built.reachable[end] for end in machine.TERMINAL_STATES)


def test_collapse_is_possible_from_every_ceasefire_state(built):
    for state in built.ceasefire_states:
        assert any(t.source == state and t.dest == "collapsed" and t.trigger == "incident" for t in built.transitions)


def test_the_machine_has_the_scenarios_phases_in_order_and_only_the_frame_it_needs():
    assert deal("three phases").state_names == ("proposed", "phase_one", "extension", "truce", "phase_two",
                                                "phase_three", "completed", "collapsed", "rejected")
    assert deal("one phase").state_names == ("proposed", "phase_one", "completed", "collapsed", "rejected")
    assert "phase_one_extended" in deal("agreed extension").state_names
    assert "extension" not in deal("no talks").state_names


def test_a_phase_ends_as_its_then_says():
    one = deal("one phase")
    ends = [(t.dest, t.guards) for t in one.transitions if t.trigger == "phase_one_ends"]
    assert ends == [("completed", ("phase_one_exchanges_complete",)), ("collapsed", ())]
    waits = [t for t in deal("no talks").transitions if t.trigger == "phase_one_ends"]
    assert [(t.dest, t.guards) for t in waits] == [("phase_two", ("phase_one_exchanges_complete",))]
    extended = [t.dest for t in deal("agreed extension").transitions if t.trigger == "phase_one_extended_ends"]
    assert extended == ["phase_two", "extension", "truce", "collapsed"]  # it ends as phase one does, not extended again


def test_labels_come_from_the_scenario():
    built = machine_of(scenario(phases={"phase_one": {"label": "The pause"}}))
    assert built.labels["phase_one"] == "The pause" and built.labels["phase_two"] == "Phase two"
    assert any("the pause" in t.when for t in built.transitions if t.trigger == "phase_one_ends")


def test_transitions_logger_is_quiet():
    assert logging.getLogger("transitions").getEffectiveLevel() >= logging.WARNING


def test_replications_share_one_machine(monkeypatch):
    built = []
    original = transitions.Machine.__init__

    def counting(self, *args, **kwargs):
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(transitions.Machine, "__init__", counting)
    engine = Engine(scenario())
    for k in range(20):
        engine.replicate(1, k)
    assert len(built) == 1


def test_each_state_declares_what_runs_and_the_engine_knows_every_process(built):
    from sim.engine import PROCESSES

    for state in built.states:
        assert set(state.runs) <= set(PROCESSES), state.name
        for trigger in (state.due, state.retries):
            assert trigger is None or any(t.trigger == trigger and t.source == state.name for t in built.transitions)


def test_the_world_never_imports_the_processes_and_charts_never_import_docs_or_cli():
    import ast
    from pathlib import Path

    root = Path(machine.__file__).parent

    def imported(path: Path) -> set[str]:
        tree = ast.parse(path.read_text())
        return {(node.module or "") + ":" + ",".join(a.name for a in node.names)
                for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}

    assert not any("processes" in name for name in imported(root / "engine" / "world.py"))
    for chart in (root / "charts").glob("*.py"):
        assert not any(name.split(":")[0].lstrip(".").split(".")[0] in ("docs", "cli") for name in imported(chart)), chart


def test_every_scripted_event_kind_is_declared_once_with_when_it_acts():
    from sim.engine.scripted import KINDS
    from sim.scenario.model import EVENT_KINDS

    assert KINDS.keys() == EVENT_KINDS.keys()
    assert all(kind.acts for kind in KINDS.values())

"""The phase machine's definition is consistent, and the engine shares one machine."""

from __future__ import annotations

import logging

import transitions

from sim import machine
from sim.engine import Engine
from sim.engine.world import Guards

from .builders import scenario


def test_every_transition_joins_known_states_and_names_known_guards():
    for t in machine.TRANSITIONS:
        assert t.source in machine.STATE_NAMES and t.dest in machine.STATE_NAMES
        assert set(t.guards) <= set(machine.GUARDS)


def test_every_guard_is_implemented_by_the_engine_and_used_by_a_transition():
    used = {g for t in machine.TRANSITIONS for g in t.guards}
    assert used == set(machine.GUARDS)
    for name in machine.GUARDS:
        assert callable(getattr(Guards, name))


def test_terminal_states_have_no_way_out_and_every_state_is_reachable():
    sources = {t.source for t in machine.TRANSITIONS}
    assert not sources & set(machine.TERMINAL_STATES)
    reached, frontier = {"proposed"}, ["proposed"]
    while frontier:
        state = frontier.pop()
        for t in machine.TRANSITIONS:
            if t.source == state and t.dest not in reached:
                reached.add(t.dest)
                frontier.append(t.dest)
    assert reached == set(machine.STATE_NAMES)


def test_collapse_is_possible_from_every_ceasefire_state():
    for state in machine.CEASEFIRE_STATES:
        assert any(t.source == state and t.dest == "collapsed" and t.trigger == "incident" for t in machine.TRANSITIONS)


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


def test_each_state_declares_what_runs_and_the_engine_knows_every_process():
    from sim.engine import PROCESSES

    for state in machine.STATES:
        assert set(state.runs) <= set(PROCESSES), state.name
        for trigger in (state.due, state.retries):
            assert trigger is None or any(t.trigger == trigger and t.source == state.name for t in machine.TRANSITIONS)


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

"""Any deal: phases come from the scenario, the old three-phase files are migrated, bad phase lists are located."""

from __future__ import annotations

import copy
import re

import pytest

from sim.engine import Engine
from sim.machine import machine_of
from sim.scenario import ScenarioError, load
from sim.scenario.loader import deep_merge
from sim.scenario.migrate import migrate_text

from .builders import path, run, scenario
from .conftest import PROPOSAL, cli

OLD_PHASES = re.compile(r"^    (then|label|description):.*\n(      .*\n)*", re.M)


def old_template(text: str) -> str:
    """A shipped three-phase file as it was written before phases said what follows them."""
    return OLD_PHASES.sub("", text)


def test_a_deal_of_one_phase_runs_to_completion_and_never_names_other_phases():
    record = run(phases={"phase_one": {"then": {"next": "end", "needs": ["releases_complete"],
                                                "otherwise": "collapse"}}, "phase_two": None, "phase_three": None})
    assert path(record) == ["proposed", "phase_one", "completed"]
    assert record.entered["completed"] == 42
    assert {"phase_two", "extension"}.isdisjoint(record.entered)


def test_a_phase_that_waits_goes_on_past_its_length_until_what_it_needs_holds():
    record = run(phases={"phase_one": {"duration_days": 5, "then": {"needs": ["releases_complete"],
                                                                    "otherwise": "wait"}}}, talks=None)
    assert path(record)[:3] == ["proposed", "phase_one", "phase_two"]
    assert record.entered["phase_two"] == 7  # the second batch is due on day 7: the phase waits for it
    assert any(r[1] == "phase_one" and r[2] == "phase_one_ends" for r in record.refusals)


def test_a_phase_that_collapses_when_unready_does_so_at_its_end():
    record = run(phases={"phase_one": {"duration_days": 5, "then": {"needs": ["releases_complete"],
                                                                    "otherwise": "collapse"}}}, talks=None)
    assert path(record) == ["proposed", "phase_one", "collapsed"] and record.end_day == 5


def test_next_may_skip_a_phase_and_phases_may_have_any_names():
    data = {"phases": {"phase_one": None, "phase_two": None, "phase_three": None,
                       "pause": {"duration_days": 4, "then": {"next": "reconstruction", "needs": []}},
                       "middle": {"duration_days": 4},
                       "reconstruction": {"duration_days": 6, "then": {"needs": []}}}, "talks": None}
    built = machine_of(scenario(**data))
    assert built.state_names[:5] == ("proposed", "pause", "middle", "reconstruction", "completed")
    record = Engine(scenario(**data)).replicate(1, 0)
    assert ["proposed", *(t[2] for t in record.transitions)] == ["proposed", "pause", "reconstruction", "completed"]
    assert record.entered["completed"] == 10


@pytest.mark.parametrize("phases, expected", [
    ({"phase_one": {"then": {"next": "phase_for"}}}, "phases.phase_one.then.next: no phase 'phase_for' to name here; "
                                                     "did you mean 'phase_two'?"),
    ({"phase_two": {"then": {"otherwise": "talks"}}}, "phases.phase_two.then.otherwise: only one phase may wait on "
                                                      "talks"),
    ({"extra": {"extends": "phase_too", "duration_days": 3}}, "phases.extra.extends: no phase 'phase_too'"),
    ({"extra": {"duration_days": 3, "chance": 0.5}}, "phases.extra.chance: `chance` is the chance of an agreed "
                                                     "extension"),
    ({"truce": {"duration_days": 3}}, "phases.truce: 'truce' is the name of a state every deal has"),
])
def test_a_bad_phase_list_is_one_located_line(tmp_path, phases, expected):
    import yaml

    data = yaml.safe_load(PROPOSAL.read_text())
    for name, phase in phases.items():
        data["phases"].setdefault(name, {}).update(phase)
    file = tmp_path / "s.yaml"
    file.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(ScenarioError) as caught:
        load(str(file))
    lines = [str(p) for p in caught.value.problems]
    assert any(line.split(": ", 1)[1].startswith(expected) for line in lines), lines


def test_incident_rates_name_the_deals_states(tmp_path):
    text = PROPOSAL.read_text().replace("rate_per_day: {phase_one: 0.15,", "rate_per_day: {phase_1: 0.15,")
    (tmp_path / "s.yaml").write_text(text)
    with pytest.raises(ScenarioError) as caught:
        load(str(tmp_path / "s.yaml"))
    assert [str(p).split(": ", 1)[1] for p in caught.value.problems][0] == (
        "incidents.rate_per_day.phase_1: no state 'phase_1' in this deal; did you mean 'phase_two'?")


def test_an_old_three_phase_file_is_one_located_line_and_migrate_rewrites_it(tmp_path):
    old = old_template(PROPOSAL.read_text())
    assert "then:" not in old
    file = tmp_path / "old.yaml"
    file.write_text(old)
    done = cli("validate", file)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert re.match(r".*old\.yaml:\d+:1: phases: written for the old three-phase template.*ceasefire-sim migrate",
                    done.stderr)
    done = cli("migrate", file)
    assert done.returncode == 0, done.stderr
    assert "migrated:" in done.stdout and "ok:" in done.stdout
    migrated = load(str(file))
    assert machine_of(migrated.scenario) == machine_of(load(str(PROPOSAL)).scenario).__class__(
        *[getattr(machine_of(migrated.scenario), f) for f in ("states", "transitions", "guard_specs")])
    shipped = Engine(load(str(PROPOSAL)).scenario)
    rewritten = Engine(migrated.scenario)
    for k in range(20):  # the same runs as the shipped file, which says the same ends in words of its own
        a, b = shipped.replicate(3, k), rewritten.replicate(3, k)
        assert (a.final_state, a.end_day, a.releases) == (b.final_state, b.end_day, b.releases)
    assert migrate_text(file.read_text(), str(file))[1] == []  # a second run changes nothing
    assert cli("migrate", file).stdout.startswith("unchanged:")


def test_migrate_says_what_to_do_with_a_file_it_cannot_rewrite(tmp_path):
    file = tmp_path / "flow.yaml"
    file.write_text("version: 1\nphases: {phase_one: {duration_days: 3}}\n")
    done = cli("migrate", file)
    assert done.returncode == 2
    assert "no `phases:` block of its own" in done.stderr and file.read_text().startswith("version: 1\nphases: {")


PAUSE = {"phases": {"phase_one": {"duration_days": 4, "exchanges": {"prisoners_per_hostage": {"men": 3}}, "then": {
    "next": "end", "needs": [], "otherwise": "wait",
    "extra_days": {"days": 1, "releases": {"men": 1}, "chance": 1, "cap_days": 5}}},
    "phase_two": None, "phase_three": None}, "talks": None}


def pause(**override) -> dict:
    """The pause deal above with ``override`` merged in."""
    return deep_merge(copy.deepcopy(PAUSE), override)


def test_a_repeatable_extension_adds_a_stretch_for_each_batch_until_no_one_is_left_or_the_cap():
    record = run(**PAUSE)  # two men held: one more day for each, then no one of them is left
    assert path(record) == ["proposed", "phase_one", "phase_one_extra", "completed"]
    assert record.entered["phase_one_extra"] == 4 and record.entered["completed"] == 6
    extra = [r for r in record.releases if r[0] >= 4]
    assert [(r[0], r[1], r[3]) for r in extra] == [(4, 1, 3), (5, 1, 3)]  # three prisoners each, at the phase's rate
    capped = run(**pause(phases={"phase_one": {"then": {"extra_days": {"cap_days": 1}}}}))
    assert capped.entered["completed"] == 5


def test_each_further_stretch_is_agreed_with_its_chance():
    spec = pause(hostages={"living": {"women": 4, "men": 40}},
                 phases={"phase_one": {"then": {"extra_days": {"chance": 0.5, "cap_days": None}}}})
    days = [run(replication=k, **spec).end_day - 4 for k in range(300)]
    assert 0.8 < sum(days) / len(days) < 1.2  # a geometric count of stretches: mean 0.5 / (1 - 0.5) = 1

"""The phase machine of a deal, built from its scenario.

A scenario lists its phases (one or more) and says, for each, what follows it
and what that needs (``then:``). :func:`machine_of` turns that list into the
states, transitions and guards of one :class:`Machine`; the engine builds its
``transitions.Machine`` from it once per engine, and the docs, diagrams,
`explain`, words and charts read the same built machine of their scenario.
Nothing here knows about simpy or files, and nothing here assumes three phases:
only the frame every deal shares (proposed; completed, collapsed, rejected;
the extension while talks go on and the truce without them) is fixed.

A trigger may name several transitions from one state: ``transitions`` tries
them in the order written and takes the first whose guards all hold (this is
how the end of a phase that waits on talks chooses between the next phase, its
agreed extension, the extension while talks go on, the truce and collapse).

Each state also declares what runs while it holds, and the engine reads only
that declaration: the processes it starts on entry (by name), the trigger fired
when its duration runs out (``due``), and the trigger retried whenever a guard
may have changed (``retries``; when ``due`` is set, only once the duration has
run out). Whether aid flows follows ``ceasefire``; the incident rate is the
scenario's rate for the state's name.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

# At DEBUG, transitions formats a log line on every trigger: about nine times the cost.
logging.getLogger("transitions").setLevel(logging.WARNING)

from .scenario.model import END, EXTENSION, INITIAL, OLD_NEEDS, RESERVED, TERMINAL_STATES, TRUCE
from .scenario.naming import in_text, phase_label
from .scenario.wording import NEUTRAL, DealWords, deal_words

# The frame's states in words (every deal has the end states; the extension and truce only a deal with talks).
FRAME_LABELS = {INITIAL: "Proposed", EXTENSION: "Extension", TRUCE: "Truce without talks", "completed": "Completed",
                "collapsed": "Collapsed", "rejected": "Rejected"}

NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}

__all__ = ["EXTENSION", "FRAME_LABELS", "INITIAL", "RESERVED", "TERMINAL_STATES", "TRUCE", "Guard", "Machine", "State",
           "Transition", "extra_state", "following", "in_text", "machine_of", "phase_label"]


@dataclass(frozen=True)
class State:
    name: str
    label: str
    meaning: str
    terminal: bool = False
    ceasefire: bool = False  # the ceasefire holds (and aid may flow) while in this state
    runs: tuple[str, ...] = ()  # processes started on entry (names the engine knows)
    due: str | None = None  # trigger fired when the state's duration runs out, and retried after
    retries: str | None = None  # trigger retried whenever a guard may have changed
    phase: str | None = None  # the phase whose keys (length, releases, obligations) this state runs
    extends: str | None = None  # for an agreed extension: the phase it extends


@dataclass(frozen=True)
class Transition:
    trigger: str
    source: str
    dest: str
    guards: tuple[str, ...]
    when: str  # in words, for docs and `explain`


@dataclass(frozen=True)
class Guard:
    """A condition a transition reads: its words, and what the engine checks (``check``, over ``phases``)."""

    words: str
    check: str
    phases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Machine:
    """The states, transitions and guards of one deal; built by :func:`machine_of`."""

    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    guard_specs: dict[str, Guard] = field(hash=False)
    words: DealWords = field(default=NEUTRAL, hash=False, compare=False)  # what the deal's people are called

    @cached_property
    def course(self) -> str:
        """What completing the deal means, after "complete": "all three phases", "both phases", "the pause and
        any extensions" (a single phase that may be extended), "the first phase"."""
        main = [s for s in self.phases if s.extends is None]
        if len(main) > 1:
            return "both phases" if len(main) == 2 else f"all {NUMBER_WORDS.get(len(main), len(main))} phases"
        extended = any(s.extends == main[0].name for s in self.phases)
        return self.opening + (" and any extensions" if extended else "")

    @cached_property
    def opening(self) -> str:
        """The deal's first phase in running text, with an article where it needs one: "phase one", "the pause",
        "the first phase"."""
        label = in_text(self.phases[0].label)
        return label if label.startswith(("the ", "phase ")) or label[:1].isupper() else f"the {label}"

    @cached_property
    def state_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.states)

    @cached_property
    def labels(self) -> dict[str, str]:
        return {s.name: s.label for s in self.states}

    @cached_property
    def by_name(self) -> dict[str, State]:
        return {s.name: s for s in self.states}

    @cached_property
    def ceasefire_states(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.states if s.ceasefire)

    @cached_property
    def phases(self) -> tuple[State, ...]:
        """The deal's own phases (agreed extensions included), in order."""
        return tuple(s for s in self.states if s.phase is not None)

    @cached_property
    def talks_phase(self) -> State | None:
        """The phase whose end waits on talks (the talks begin in it), if any."""
        return next((s for s in self.phases if "talks" in s.runs), None)

    @cached_property
    def reachable(self) -> dict[str, frozenset[str]]:
        """For each state, every state the machine can reach from it (by any number of transitions)."""
        out = {}
        for state in self.state_names:
            found, todo = set(), [state]
            while todo:
                source = todo.pop()
                for transition in self.transitions:
                    if transition.source == source and transition.dest not in found:
                        found.add(transition.dest)
                        todo.append(transition.dest)
            out[state] = frozenset(found)
        return out

    @cached_property
    def guards(self) -> dict[str, str]:
        """Guard name -> what it checks, in words ("yes"/"no" is said of it in `explain`)."""
        return {name: guard.words for name, guard in self.guard_specs.items()}

    @cached_property
    def trigger_guards(self) -> dict[str, tuple[str, ...]]:
        """For each trigger, every guard that any of its transitions reads: recorded when it fires."""
        out: dict[str, tuple[str, ...]] = {}
        for t in self.transitions:
            out[t.trigger] = tuple(dict.fromkeys(out.get(t.trigger, ()) + t.guards))
        return out

    def build(self, model: object):
        """One ``transitions.Machine`` around ``model``, whose methods are the guards.

        Built once per engine and reused for every replication (building one costs
        far more than a replication): the engine resets the state with
        ``machine.set_state('proposed')``.
        """
        from transitions import Machine as Built  # imported here: the CLI and docs read this module without it

        return Built(
            model=model,
            states=list(self.state_names),
            transitions=[{"trigger": t.trigger, "source": t.source, "dest": t.dest, "conditions": list(t.guards)}
                         for t in self.transitions],
            initial=INITIAL,
            auto_transitions=False,
            ignore_invalid_triggers=True,
        )


def following(phases: dict[str, Any], name: str) -> str:
    """The state after phase ``name`` when what it needs holds: its `then.next`, else the next phase in the
    list that is not an agreed extension, else ``completed``."""
    nxt = phases[name].then.next
    if nxt is not None:
        return "completed" if nxt == END else nxt
    names = list(phases)
    later = [n for n in names[names.index(name) + 1:] if phases[n].extends is None]
    return later[0] if later else "completed"


def extra_state(phase: str) -> str:
    """The state of a phase's repeatable extension."""
    return f"{phase}_extra"


def machine_of(scenario: Any) -> Machine:
    """The machine of ``scenario``'s deal: its phases in order, and the frame every deal shares.

    Cheap (a few dozen small objects, no ``transitions`` import): callers that need it often keep it.
    """
    phases: dict[str, Any] = dict(scenario.phases)
    labels = {name: phase_label(name, phase) for name, phase in phases.items()}
    main = [name for name, phase in phases.items() if phase.extends is None]
    extension_of = {phase.extends: name for name, phase in phases.items() if phase.extends is not None}
    on_talks = [name for name in main if phases[name].then.otherwise == "talks"]
    talks_phase = on_talks[0] if on_talks else None
    guards: dict[str, Guard] = {"both_parties_accepted": Guard("both parties have accepted", "accepted")}

    def need_guard(need: str, name: str) -> str:
        if need == "releases_complete":
            reads = (name, *((extension_of[name],) if name in extension_of else ()))
            words = f"the releases of {in_text(labels[name])}" + (" (and of its agreed extension)"
                                                                   if name in extension_of else "") + " are complete"
            key = f"{name}_exchanges_complete"
            guards[key] = Guard(words, "exchanges_complete", reads)
            return key
        key, words, check = {  # an old name is read as the need it stands for
            "talks_concluded": ("talks_concluded", "the talks have concluded", "talks_concluded"),
            "obligations_met": ("obligations_met", "every obligation due so far that gates this end is met "
                                "(in full or in part)", "obligations_met"),
            "all_living_released": ("all_living_hostages_released", "everyone held alive is released",
                                    "all_living_released"),
            "all_remains_returned": ("all_remains_returned", "all remains are returned", "all_remains_returned"),
        }[OLD_NEEDS.get(need, need)]
        guards[key] = Guard(words, check)
        return key

    def needs_words(name: str) -> str:
        words = [guards[need_guard(n, name)].words for n in phases[name].then.needs]
        return " and ".join(words) if words else "nothing more"

    # every phase runs the obligations (its own, and those carried into it) when any phase has one
    owing = ("obligations",) if any(phase.all_obligations for phase in phases.values()) else ()
    states = [State(INITIAL, FRAME_LABELS[INITIAL], "The proposal is on the table; the parties have not both accepted.")]
    for name, phase in phases.items():
        owner = phase.extends or name
        runs = ("phase_clock", "exchanges", *owing, *(("released_outside",) if phase.released_outside else ()),
                *(("talks",) if name == talks_phase else ()))
        meaning = phase.description or (
            f"An agreed extension of {in_text(labels[owner])}, with releases of its own." if phase.extends
            else f"Day 0 to {in_text(labels[name])}'s length: the ceasefire holds and its releases and milestones "
                 "fall due.")
        states.append(State(name, labels[name], meaning, ceasefire=True, runs=runs, due=f"{name}_ends", phase=name,
                            extends=phase.extends))
    if talks_phase is not None:  # on the road, right after the phase that waits on talks (and its extension)
        after = max(i for i, s in enumerate(states) if s.name == talks_phase or s.extends == talks_phase) + 1
        states[after:after] = [
            State(EXTENSION, FRAME_LABELS[EXTENSION], f"{labels[talks_phase]} is over; the ceasefire holds while talks go on.",
                  ceasefire=True, runs=("extension_cap",), retries="talks_progress"),
            State(TRUCE, FRAME_LABELS[TRUCE], f"{labels[talks_phase]} is over and no talks are under way, yet "
                  "the ceasefire holds, each day with a chance of collapse (which may rise with time and while aid "
                  "is halted); talks may begin late or resume.", ceasefire=True,
                  runs=("truce_clock", "talks"), retries="talks_resume"),
        ]
    for name in main:  # a repeatable extension stands right after its phase
        if phases[name].then.extra_days is not None:
            at = next(i for i, s in enumerate(states) if s.name == name) + 1
            states.insert(at, State(extra_state(name), f"{labels[name]}, extended", f"{labels[name]} is extended "
                                    "stretch by stretch, each with releases of its own, while the parties agree.",
                                    ceasefire=True, runs=("extra_days",), due=f"{extra_state(name)}_ends",
                                    phase=name, extends=name))
    last = [name for name in main if following(phases, name) == "completed"]
    states += [
        State("completed", FRAME_LABELS["completed"], "Every phase of the deal is done" + (
            f" ({in_text(labels[last[0]])} ended once {needs_words(last[0])})" if len(last) == 1 else "") + ".",
            terminal=True),
        State("collapsed", FRAME_LABELS["collapsed"], "Hostilities resumed.", terminal=True),
        State("rejected", FRAME_LABELS["rejected"], "The proposal was never accepted by both parties.", terminal=True),
    ]

    first = main[0]
    transitions = [
        Transition("both_accept", INITIAL, first, ("both_parties_accepted",), "when the second party accepts"),
        Transition("acceptance_deadline", INITIAL, "rejected", (),
                   "when the acceptance deadline passes without both acceptances"),
    ]
    ends = [(name, phase.extends or name) for name, phase in phases.items()]
    ends += [(extra_state(name), name) for name in main if phases[name].then.extra_days is not None]
    for name, owner in ends:
        end = phases[owner].then
        dest = following(phases, owner)
        trigger = f"{name}_ends"
        words = in_text(labels[name]) if name in labels else f"the extended {in_text(labels[owner])}"
        if name == owner and end.extra_days is not None:
            agreed = f"{extra_state(name)}_agreed"
            guards[agreed] = Guard(f"the parties agree to extend {words} by a further stretch", "extra_agreed",
                                   (name,))
            transitions.append(Transition(trigger, name, extra_state(name), (agreed,),
                                          f"at the end of {words}, if the parties agree a further stretch"))
        needs = tuple(need_guard(n, owner) for n in end.needs)
        dest_words = "the deal is completed" if dest == "completed" else f"{in_text(labels[dest])} begins"
        if end.otherwise == "wait":
            transitions.append(Transition(trigger, name, dest, needs, f"at the end of {words} (or later, once "
                                          f"{needs_words(owner)}): {dest_words}"))
            continue
        transitions.append(Transition(trigger, name, dest, needs,
                                      f"at the end of {words}, if {needs_words(owner)}: {dest_words}"))
        if end.otherwise == "collapse":
            transitions.append(Transition(trigger, name, "collapsed", (),
                                          f"at the end of {words}, if not all of that holds"))
            continue
        if name in extension_of:
            agreed = f"{extension_of[name]}_agreed"
            guards[agreed] = Guard(f"the parties agree to extend {words}", "extension_agreed", (extension_of[name],))
            transitions.append(Transition(trigger, name, extension_of[name], (agreed,),
                                          f"at the end of {words}, if that does not hold and the parties agree "
                                          f"to extend {words}"))
        guards["talks_alive"] = Guard("talks are under way or concluded (not broken down, not never begun)",
                                      "talks_alive")
        guards["truce_chosen"] = Guard("the scenario lets the ceasefire hold without talks", "truce_chosen")
        transitions += [
            Transition(trigger, name, EXTENSION, ("talks_alive",),
                       f"at the end of {words}, if talks are still going (or concluded but the rest does not hold)"),
            Transition(trigger, name, TRUCE, ("truce_chosen",),
                       f"at the end of {words}, if talks broke down or never began and the scenario lets the "
                       "ceasefire hold without them"),
            Transition(trigger, name, "collapsed", (), f"at the end of {words}, if talks broke down or never began"),
        ]
    if talks_phase is not None:
        dest = following(phases, talks_phase)
        needs = tuple(need_guard(n, talks_phase) for n in phases[talks_phase].then.needs)
        guards["talks_broken_down"] = Guard("the talks have broken down", "talks_broken_down")
        guards["extension_cap_reached"] = Guard("the extension has reached its cap", "extension_cap_reached")
        transitions += [
            Transition("talks_resume", TRUCE, EXTENSION, ("talks_alive",), "when talks begin late or resume during the truce"),
            Transition("truce_collapses", TRUCE, "collapsed", (),
                       "when the truce without talks collapses (its daily chance, which may rise with time and an "
                       "aid halt)"),
            Transition("talks_progress", EXTENSION, dest, needs, f"once {needs_words(talks_phase)}"),
            Transition("talks_progress", EXTENSION, "collapsed", ("talks_broken_down",),
                       "when talks break down during the extension"),
            Transition("extension_cap", EXTENSION, "collapsed", ("extension_cap_reached",),
                       "when the extension reaches its cap"),
        ]
    guards["past_breaking_point"] = Guard("tension is past the breaking point", "past_breaking_point")
    ceasefire = [s.name for s in states if s.ceasefire]
    transitions += [Transition("incident", state, "collapsed", ("past_breaking_point",),
                               "when an incident pushes tension past the breaking point") for state in ceasefire]
    transitions += [Transition("hostilities_resume", state, "collapsed", (),
                               "when hostilities resume (a scripted event)") for state in ceasefire]
    return Machine(tuple(states), tuple(transitions), guards, deal_words(scenario))

"""The phase machine of the proposal, as data.

States, transitions and guards are defined here once; the engine builds its
``transitions.Machine`` from them, and the docs, diagrams, `explain` and the
tests read the same definition. Nothing here knows about simpy or files.

A trigger may name several transitions from one state: ``transitions`` tries
them in the order written and takes the first whose guards all hold (this is
how the end of phase one chooses between phase two, the extension and
collapse).

Each state also declares what runs while it holds, and the engine reads only
that declaration: the processes it starts on entry (by name), the trigger fired
when its duration runs out (``due``), and the trigger retried whenever a guard
may have changed (``retries``; when ``due`` is set, only once the duration has
run out). Whether aid flows follows ``ceasefire``; the incident rate is the
scenario's rate for the state's name. Adding a state is one entry here, its
transitions, and its process if it needs a new one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

# At DEBUG, transitions formats a log line on every trigger: about nine times the cost.
logging.getLogger("transitions").setLevel(logging.WARNING)


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


@dataclass(frozen=True)
class Transition:
    trigger: str
    source: str
    dest: str
    guards: tuple[str, ...]
    when: str  # in words, for docs and `explain`


STATES: tuple[State, ...] = (
    State("proposed", "Proposed", "The proposal is on the table; the parties have not both accepted."),
    State("phase_one", "Phase one", "Six weeks of full ceasefire: first releases, withdrawal from populated "
          "areas, aid, talks on phase two.", ceasefire=True,
          runs=("phase_clock", "exchanges", "withdrawal", "talks"), due="phase_one_ends"),
    State("phase_one_extended", "Phase one extended", "The parties agreed to extend phase one, with releases "
          "of its own, while phase two is not yet agreed.", ceasefire=True,
          runs=("phase_clock", "exchanges", "withdrawal"), due="phase_one_extended_ends"),
    State("extension", "Extension", "Phase one is over; the ceasefire holds while talks on phase two continue.",
          ceasefire=True, runs=("extension_cap",), retries="talks_progress"),
    State("truce", "Truce without talks", "Phase one is over and no talks are under way, yet the ceasefire "
          "holds, each day with a chance of collapse (which may rise with time and while aid is halted); "
          "talks may begin late or resume.", ceasefire=True,
          runs=("truce_clock", "talks"), retries="talks_resume"),
    State("phase_two", "Phase two", "Permanent end of hostilities: all living hostages released, full withdrawal.",
          ceasefire=True, runs=("phase_clock", "exchanges", "withdrawal"), due="phase_two_ends"),
    State("phase_three", "Phase three", "Reconstruction; the last remains returned.", ceasefire=True,
          runs=("phase_clock", "exchanges", "withdrawal"), due="phase_three_ends"),
    State("completed", "Completed", "All three phases are done.", terminal=True),
    State("collapsed", "Collapsed", "Hostilities resumed.", terminal=True),
    State("rejected", "Rejected", "The proposal was never accepted by both parties.", terminal=True),
)

CEASEFIRE_STATES = tuple(s.name for s in STATES if s.ceasefire)
TERMINAL_STATES = tuple(s.name for s in STATES if s.terminal)
STATE_NAMES = tuple(s.name for s in STATES)
LABELS = {s.name: s.label for s in STATES}
BY_NAME = {s.name: s for s in STATES}

# Guard name -> what it checks, in words ("yes"/"no" is said of it in `explain`).
GUARDS: dict[str, str] = {
    "both_parties_accepted": "both parties have accepted",
    "phase_one_exchanges_complete": "the releases of phase one (and of its agreed extension) are complete",
    "talks_concluded": "talks on phase two have concluded",
    "talks_alive": "talks on phase two are under way or concluded (not broken down, not never begun)",
    "talks_broken_down": "talks on phase two have broken down",
    "extension_cap_reached": "the extension has reached its cap",
    "phase_one_extension_agreed": "the parties agree to extend phase one",
    "truce_chosen": "the scenario lets the ceasefire hold without talks",
    "all_living_hostages_released": "all living hostages are released",
    "withdrawal_complete": "the phase's withdrawal is complete",
    "all_remains_returned": "all remains are returned",
    "past_breaking_point": "tension is past the breaking point",
}

_PHASE_ONE = (("phase_one", "phase one"), ("phase_one_extended", "the extended phase one"))

TRANSITIONS: tuple[Transition, ...] = (
    Transition("both_accept", "proposed", "phase_one", ("both_parties_accepted",),
               "when the second party accepts"),
    Transition("acceptance_deadline", "proposed", "rejected", (),
               "when the acceptance deadline passes without both acceptances"),
    *(Transition(f"{state}_ends", state, "phase_two", ("phase_one_exchanges_complete", "talks_concluded"),
                 f"at the end of {words}, if its releases are complete and phase two is agreed")
      for state, words in _PHASE_ONE),
    Transition("phase_one_ends", "phase_one", "phase_one_extended", ("phase_one_extension_agreed",),
               "at the end of phase one, if phase two is not ready and the parties agree to extend phase one"),
    *(Transition(f"{state}_ends", state, "extension", ("talks_alive",),
                 f"at the end of {words}, if talks are still going (or agreed but releases are not complete)")
      for state, words in _PHASE_ONE),
    *(Transition(f"{state}_ends", state, "truce", ("truce_chosen",),
                 f"at the end of {words}, if talks broke down or never began and the scenario lets the "
                 "ceasefire hold without them") for state, words in _PHASE_ONE),
    *(Transition(f"{state}_ends", state, "collapsed", (),
                 f"at the end of {words}, if talks broke down or never began") for state, words in _PHASE_ONE),
    Transition("talks_resume", "truce", "extension", ("talks_alive",),
               "when talks on phase two begin late or resume during the truce"),
    Transition("truce_collapses", "truce", "collapsed", (),
               "when the truce without talks collapses (its daily chance, which may rise with time and an aid halt)"),
    Transition("talks_progress", "extension", "phase_two", ("phase_one_exchanges_complete", "talks_concluded"),
               "when talks conclude and the phase-one releases are complete"),
    Transition("talks_progress", "extension", "collapsed", ("talks_broken_down",),
               "when talks break down during the extension"),
    Transition("extension_cap", "extension", "collapsed", ("extension_cap_reached",),
               "when the extension reaches its cap"),
    Transition("phase_two_ends", "phase_two", "phase_three", ("all_living_hostages_released", "withdrawal_complete"),
               "at the end of phase two (or later), once all living hostages are released and the withdrawal is complete"),
    Transition("phase_three_ends", "phase_three", "completed", ("all_remains_returned",),
               "at the end of phase three (or later), once all remains are returned"),
    *(Transition("incident", state, "collapsed", ("past_breaking_point",),
                 "when an incident pushes tension past the breaking point") for state in CEASEFIRE_STATES),
    *(Transition("hostilities_resume", state, "collapsed", (), "when hostilities resume (a scripted event)")
      for state in CEASEFIRE_STATES),
)

# For each trigger, every guard that any of its transitions reads: recorded when it fires.
TRIGGER_GUARDS: dict[str, tuple[str, ...]] = {}
for _t in TRANSITIONS:
    TRIGGER_GUARDS[_t.trigger] = tuple(dict.fromkeys(TRIGGER_GUARDS.get(_t.trigger, ()) + _t.guards))


def build_machine(model: object):
    """One ``transitions.Machine`` around ``model``, whose methods are the guards.

    Built once per engine and reused for every replication (building one costs
    far more than a replication): the engine resets the state with
    ``machine.set_state('proposed')``.
    """
    from transitions import Machine  # imported here: the CLI and docs read this module without it

    return Machine(
        model=model,
        states=list(STATE_NAMES),
        transitions=[{"trigger": t.trigger, "source": t.source, "dest": t.dest, "conditions": list(t.guards)}
                     for t in TRANSITIONS],
        initial="proposed",
        auto_transitions=False,
        ignore_invalid_triggers=True,
    )

"""Plain words for every scenario key: the one place that turns a key path into a reader's label.

Charts, tables, sentences and warnings meant for readers never show a key path such
as ``acceptance.parties[1].accepts``; they ask :func:`key_label` and get "the chance
that Hamas accepts". The words are kept here, beside the schema, in one table whose
patterns stand for every key of :mod:`sim.scenario.model` (a test checks that no
key lacks one).

A pattern writes a list item as ``[]``, a phase as ``{phase}``, a ceasefire state
as ``{state}``, a name the scenario chooses (a category of the people held) as ``{key}``, and a kind of
incident as ``{key}`` (said as ``{kind}``); the deal's people are said in the words of its `words:` block
(``{held}``, ``{freed}``, ``{remains}``, ``{other_remains}``), neutral words when it has none.
"""

from __future__ import annotations

from .distributions import EXAMPLES
from .naming import in_text
from .wording import NEUTRAL
from .problems import Path

_EXTRA = "_extra"  # the state of a phase's repeatable extension (sim.machine.extra_state)
# Words for the states the format itself fixes (a deal's own phases are said by their label or name).
PHASE_WORDS = {"extension": "the extension", "truce": "the truce without talks"}
# A distribution's parameters, by name or by place in its list (see distributions.EXAMPLES).
DISTRIBUTION_WORDS = {"median": "median", "sigma": "spread", "mean": "mean", "sd": "spread",
                      "uniform": ("low end", "high end"), "triangular": ("low end", "most likely value", "high end")}
DISTRIBUTION_KINDS = frozenset(EXAMPLES)

# Mappings whose keys the scenario names (categories of the people held, and their words).
_NAMED_KEYS = {"living", "hostages_per_batch", "prisoners_per_hostage", "hostages", "categories"}
# The deal's people when the scenario names no words: the neutral ones (the remains of those held follow `held`).
NEUTRAL_WORDS = {"held": NEUTRAL.held.many, "freed": NEUTRAL.freed.many, "remains": None,
                 "other_remains": NEUTRAL.other_remains.many}

LABELS: dict[str, str] = {
    "version": "format version",
    "name": "scenario name",
    "description": "description",
    "sources": "sources",
    "sources[].id": "source name",
    "sources[].title": "source title",
    "sources[].where": "source address",
    "start_date": "start date",
    "horizon_days": "days simulated",
    "seed": "random seed",
    "extends": "base scenario",
    "words": "what the deal's people are called",
    "words.held": "word for the people held",
    "words.held.one": "word for one of the people held",
    "words.held.many": "word for several of the people held",
    "words.freed": "word for the people freed in return",
    "words.freed.one": "word for one of the people freed in return",
    "words.freed.many": "word for several of the people freed in return",
    "words.remains": "word for the bodies of the people held",
    "words.remains.one": "word for one body of the people held",
    "words.remains.many": "word for several bodies of the people held",
    "words.other_remains": "word for the other side's bodies",
    "words.other_remains.one": "word for one of the other side's bodies",
    "words.other_remains.many": "word for several of the other side's bodies",
    "words.categories": "categories in words",
    "words.categories.{key}": "the words for {key}",
    "hostages": "{held} held",
    "hostages.living": "living {held} held",
    "hostages.living.{key}": "{key} held alive at the start",
    "hostages.remains": "{remains} held at the start",
    "acceptance": "acceptance",
    "acceptance.deadline_days": "days allowed for both parties to accept",
    "acceptance.parties": "parties that must accept",
    "acceptance.parties[].name": "party's name",
    "acceptance.parties[].accepts": "chance that {item} accepts",
    "acceptance.parties[].day": "day on which {item} accepts",
    "phases": "phases",
    "phases.{phase}": "{phase}",
    "phases.{phase}.label": "name of {phase} on pages",
    "phases.{phase}.description": "what {phase} is, in a sentence",
    "phases.{phase}.extends": "the phase that {phase} extends",
    "phases.{phase}.chance": "chance that the parties agree to {phase}",
    "phases.{phase}.then": "what follows {phase}",
    "phases.{phase}.then.next": "the phase after {phase}",
    "phases.{phase}.then.needs": "what {phase} needs before the next phase",
    "phases.{phase}.then.otherwise": "what happens when {phase} runs out unready",
    "phases.{phase}.then.extra_days": "further stretches of {phase}",
    "phases.{phase}.then.extra_days.days": "days in each further stretch of {phase}",
    "phases.{phase}.then.extra_days.releases": "people freed in each further stretch of {phase}",
    "phases.{phase}.then.extra_days.releases.{key}": "{key} freed in each further stretch of {phase}",
    "phases.{phase}.then.extra_days.chance": "chance of each further stretch of {phase}",
    "phases.{phase}.then.extra_days.cap_days": "most days of further stretches of {phase}",
    "phases.{phase}.duration_days": "length of {phase} (days)",
    "phases.{phase}.exchanges": "releases in {phase}",
    "phases.{phase}.exchanges.batches": "number of release batches in {phase}",
    "phases.{phase}.exchanges.first_day": "day of {phase} of the first release",
    "phases.{phase}.exchanges.interval_days": "days between releases in {phase}",
    "phases.{phase}.exchanges.hostages_per_batch": "{held} in each release of {phase}",
    "phases.{phase}.exchanges.hostages_per_batch.{key}": "{key} in each release of {phase}",
    "phases.{phase}.exchanges.remains_per_batch": "{remains} returned in each release of {phase}",
    "phases.{phase}.exchanges.bodies_per_remains": "{other_remains} returned for each of the {remains} in {phase}",
    "phases.{phase}.exchanges.remains_recovery": "bodies returned as they are recovered in {phase}",
    "phases.{phase}.exchanges.remains_recovery.bodies": "bodies to be recovered in {phase}",
    "phases.{phase}.exchanges.remains_recovery.first_day": "day of {phase} of the first handover of bodies",
    "phases.{phase}.exchanges.remains_recovery.starts_day": "day of {phase} from which bodies are recovered",
    "phases.{phase}.exchanges.remains_recovery.days": "days to recover each body in {phase}",
    "phases.{phase}.exchanges.remains_recovery.handover_every_days": "days between handovers of recovered bodies in {phase}",
    "phases.{phase}.exchanges.schedule": "release schedule of {phase}",
    "phases.{phase}.exchanges.schedule[].day": "day of release {item} in {phase}",
    "phases.{phase}.exchanges.schedule[].hostages": "{held} in release {item} of {phase}",
    "phases.{phase}.exchanges.schedule[].hostages.{key}": "{key} in release {item} of {phase}",
    "phases.{phase}.exchanges.schedule[].remains": "{remains} in release {item} of {phase}",
    "phases.{phase}.exchanges.schedule[].prisoners": "{freed} freed in release {item} of {phase}",
    "phases.{phase}.exchanges.prisoners_per_hostage": "{freed} freed for each of the {held} in {phase}",
    "phases.{phase}.exchanges.prisoners_per_hostage.{key}": "{freed} freed for each of the {key} in {phase}",
    "phases.{phase}.exchanges.prisoners_per_remains": "{freed} freed for each of the {remains} returned in {phase}",
    "phases.{phase}.exchanges.dispute": "disputes over releases in {phase}",
    "phases.{phase}.exchanges.dispute.probability": "chance that a dispute delays a release in {phase}",
    "phases.{phase}.exchanges.dispute.delay_days": "delay a release dispute causes in {phase} (days)",
    "phases.{phase}.exchanges.dispute_called_off_chance": "chance that a release dispute in {phase} is called off before the day",
    "phases.{phase}.exchanges.early": "releases that come early in {phase}",
    "phases.{phase}.exchanges.early.probability": "chance that a release comes early in {phase}",
    "phases.{phase}.exchanges.early.days": "how early a release comes in {phase} (days)",
    "phases.{phase}.exchanges.merge_chance": "chance that a release is merged with the next in {phase}",
    "phases.{phase}.exchanges.prisoners_held_back": "{freed} held back after a release in {phase}",
    "phases.{phase}.exchanges.prisoners_held_back.probability": "chance that the {freed} of a release are held back in {phase}",
    "phases.{phase}.exchanges.prisoners_held_back.delay_days": "how long the {freed} of a release are held back in {phase} (days)",
    "phases.{phase}.withdrawal": "withdrawal in {phase}",
    "phases.{phase}.withdrawal.what": "what the withdrawal of {phase} covers",
    "phases.{phase}.withdrawal.day": "day of {phase} by which the withdrawal is due",
    "phases.{phase}.withdrawal.dispute": "disputes over the withdrawal in {phase}",
    "phases.{phase}.withdrawal.dispute.probability": "chance that a dispute delays the withdrawal in {phase}",
    "phases.{phase}.withdrawal.dispute.delay_days": "delay a withdrawal dispute causes in {phase} (days)",
    "phases.{phase}.withdrawal.side": "side that owes the withdrawal of {phase}",
    "phases.{phase}.obligations": "what each side owes in {phase}",
    "phases.{phase}.obligations[].side": "side that owes {item}",
    "phases.{phase}.obligations[].what": "what {item} is, in words",
    "phases.{phase}.obligations[].day": "day of {phase} by which {item} is due",
    "phases.{phase}.obligations[].late": "{item} coming late",
    "phases.{phase}.obligations[].late.probability": "chance that {item} comes late",
    "phases.{phase}.obligations[].late.delay_days": "how late {item} comes (days)",
    "phases.{phase}.obligations[].partly": "{item} partly met",
    "phases.{phase}.obligations[].partly.probability": "chance that {item} is only partly met",
    "phases.{phase}.obligations[].partly.share": "share of {item} met when partly met",
    "phases.{phase}.obligations[].not_met": "chance that {item} is not met",
    "phases.{phase}.obligations[].gates": "whether the end of {phase} waits on {item}",
    "phases.{phase}.released_outside": "releases on a separate track in {phase}",
    "phases.{phase}.released_outside[].category": "who is freed on separate track {item}",
    "phases.{phase}.released_outside[].count": "how many of {item} are freed on a separate track",
    "phases.{phase}.released_outside[].day": "day of {phase} on which {item} are freed on a separate track",
    "phases.{phase}.released_outside[].note": "what separate track {item} is",
    "talks": "talks on phase two",
    "talks.start_day": "day of phase one on which talks begin",
    "talks.never_begin_chance": "chance that talks never begin",
    "talks.duration_days": "days of talks needed to agree phase two",
    "talks.breakdown_hazard_per_day": "daily chance that talks break down",
    "talks.max_extension_days": "longest the ceasefire may run on talks alone (days)",
    "mediators": "mediators",
    "mediators[].name": "mediator's name",
    "mediators[].shortens_talks_by": "share by which {item} shortens talks",
    "mediators[].lowers_breakdown_by": "share by which {item} lowers the chance of a breakdown",
    "incidents": "incidents",
    "truce": "truce without talks",
    "truce.when_talks_are_not_alive": "what happens when phase one ends without talks",
    "truce.collapse_chance_per_day": "daily chance that the truce without talks collapses",
    "truce.collapse_chance_rise_per_day": "daily rise in the truce's chance of collapse",
    "truce.collapse_chance_added_by_aid_halt": "truce's daily chance of collapse added by an aid halt",
    "truce.halts_aid": "whether aid stops during the truce without talks",
    "truce.talks_resume_chance_per_day": "daily chance that talks resume during the truce",
    "incidents.rate_per_day": "incidents a day",
    "incidents.rate_per_day.{key}": "incidents a day in {key}",
    "incidents.severity": "tension each incident adds",
    "incidents.tension_decay_per_day": "share of tension that fades each day",
    "incidents.breaking_point": "tension at which the ceasefire breaks",
    "incidents.kinds": "incidents by side and by weight",
    "incidents.kinds.{key}": "{kind}",
    "incidents.kinds.{key}.side": "side of {kind}",
    "incidents.kinds.{key}.what": "what {kind} are, in words",
    "incidents.kinds.{key}.rate_per_day": "{kind} a day",
    "incidents.kinds.{key}.rate_per_day.{key}": "{kind} a day in {key}",
    "incidents.kinds.{key}.severity": "tension each of {kind} adds",
    "incidents.kinds.{key}.ends_ceasefire": "whether {kind} can end the ceasefire",
    "aid": "aid",
    "aid.target_trucks_per_day": "aid trucks a day promised",
    "aid.fulfilment": "share of promised aid that enters",
    "events": "scripted events",
    "events[].kind": "kind of scripted event {item}",
    "events[].day": "day of scripted event {item}",
    "events[].date": "date of scripted event {item}",
    "events[].days": "length of scripted event {item} (days)",
    "events[].severity": "tension added by scripted incident {item}",
    "events[].hostages": "{held} freed by scripted release {item}",
    "events[].hostages.{key}": "{key} freed by scripted release {item}",
    "events[].remains": "{remains} returned by scripted release {item}",
    "events[].prisoners": "{freed} freed by scripted release {item}",
    "events[].note": "note on scripted event {item}",
    "uncertain": "ranges of the assumptions explored",
    "uncertain.{key}": "range explored for the {key}",
}


def plain(name: str) -> str:
    """A name the scenario chose (``women_civilians``) as words (``women civilians``)."""
    return name.replace("_", " ")


def _item_name(data: dict | None, parent: Path, index: int) -> str:
    """What a list item is called: its ``name`` in the scenario's data when there is one, else its number."""
    node = data
    for part in parent:
        try:
            node = node[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            node = None
            break
    item = node[index] if isinstance(node, list) and index < len(node) and isinstance(node[index], dict) else {}
    if item.get("name"):
        return str(item["name"])
    if item.get("side") and item.get("what"):  # an obligation: "Israel's withdrawal from southern Lebanon"
        return f"{item['side']}'s {item['what']}"
    if item.get("category"):  # a release on a separate track
        return plain(str(item["category"]))
    return str(index + 1)


def _explored(text: str, data: dict | None) -> str:
    """The words of a key path written as text (an entry of the `uncertain:` block)."""
    from .paths import VariantError, parse_path

    try:
        return key_label(parse_path(text), data)
    except VariantError:
        return plain(text)


def _phase_words(name: str, data: dict | None) -> str:
    """A phase (or state) in running text: its `label` in the scenario's data when it has one."""
    phase = ((data or {}).get("phases") or {}).get(name) if isinstance((data or {}).get("phases"), dict) else None
    label = phase.get("label") if isinstance(phase, dict) else None
    if isinstance(label, str) and label:
        return in_text(label)
    phases = (data or {}).get("phases")
    if name.endswith(_EXTRA) and isinstance(phases, dict) and name[:-len(_EXTRA)] in phases:  # a repeatable extension
        return f"the further stretches of {_phase_words(name[:-len(_EXTRA)], data)}"
    return PHASE_WORDS.get(name, plain(name))


def _named(data: dict | None) -> dict:
    """The scenario's `words:` block as written (a mapping), or an empty one."""
    block = (data or {}).get("words") if isinstance(data, dict) else None
    return block if isinstance(block, dict) else {}


def _category(key: str, data: dict | None) -> str:
    """A category of the people held in words: as the scenario's `words.categories` names it, else its key."""
    named = _named(data).get("categories")
    label = named.get(key) if isinstance(named, dict) else None
    return label if isinstance(label, str) and label else plain(key)


def deal_nouns(data: dict | None) -> dict[str, str]:
    """The deal's people in the plural, as the scenario's `words:` block names them (neutral where it does not):
    ``held``, ``freed``, ``remains``, ``other_remains``."""
    named = _named(data)
    out = {}
    for role, neutral in NEUTRAL_WORDS.items():
        noun = named.get(role)
        many = noun.get("many") if isinstance(noun, dict) else None
        out[role] = many if isinstance(many, str) and many else neutral
    out["remains"] = out["remains"] or f"bodies of {out['held']}"
    return out


def _pattern(path: Path, data: dict | None) -> tuple[str, dict[str, str]]:
    """The table pattern of ``path`` and the words that fill it."""
    parts: list[str] = []
    words: dict[str, str] = {}
    for depth, part in enumerate(path):
        parent = path[depth - 1] if depth else None
        if isinstance(part, int):
            parts[-1] += "[]"
            words["item"] = _item_name(data, path[:depth], part)
        elif parent == "phases" and depth == 1:
            parts.append("{phase}")
            words["phase"] = _phase_words(str(part), data)
        elif parent == "kinds" and depth == 2:  # a kind of incident: the side's and what they are
            parts.append("{key}")  # the pattern's place; its words are {kind} (a state under it is {key})
            kind = (((data or {}).get("incidents") or {}).get("kinds") or {}).get(part)
            words["kind"] = (f"{kind['side']}'s {kind['what']}" if isinstance(kind, dict) and kind.get("side")
                             and kind.get("what") else plain(str(part)))
        elif parent == "rate_per_day":
            parts.append("{key}")
            words["key"] = _phase_words(str(part), data)
        elif parent == "uncertain" and depth == 1:  # an explored key: its own words
            parts.append("{key}")
            words["key"] = _explored(str(part), data)
        elif parent in _NAMED_KEYS and depth >= 2:  # not the top-level `hostages` block
            parts.append("{key}")
            words["key"] = _category(str(part), data)
        else:
            parts.append(part)
    return ".".join(parts), words


def key_label(path: Path, data: dict | None = None) -> str:
    """Plain words for a key path, e.g. ``talks.duration_days`` -> "days of talks needed to agree phase two".

    ``path`` is a tuple, as :func:`sim.analysis.variants.parse_path` gives for the dotted form.
    ``data`` (the scenario's YAML data) lets list items be called by their names ("the chance that
    Hamas accepts"); without it they are numbered from 1. A path into a distribution
    (``talks.duration_days.lognormal.median``) is the parameter's name and the key's label ("median of
    days of talks needed ..."), or for an end of a range the key's label and the end ("..., low end of
    its range").
    """
    prefix = suffix = ""
    if path[:1] == ("uncertain",):
        path = path[:2]  # an entry's range is one value: its ends have no words of their own
    elif len(path) >= 2 and path[-2] in DISTRIBUTION_KINDS:
        kind, parameter = path[-2], path[-1]
        words = DISTRIBUTION_WORDS.get(kind, ()) if isinstance(parameter, int) else DISTRIBUTION_WORDS.get(parameter)
        if isinstance(parameter, int):  # an end of a range: "low end of its range"
            words = words[parameter] if parameter < len(words) else f"value {parameter + 1}"
            suffix = f", {words} of its range"
        else:  # a parameter of a distribution, which has no ends: "median of tension each incident adds"
            prefix = f"{words or plain(str(parameter))} of "
        path = path[:-2]
    pattern, words = _pattern(path, data)
    words = {**deal_nouns(data), **words}
    template = LABELS.get(pattern)
    if template is None:  # a key this table does not know yet: its last name, as words
        template = plain(next((p for p in reversed(path) if isinstance(p, str)), "value"))
    return prefix + template.format(**words) + suffix


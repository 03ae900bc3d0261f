"""Rewrite a scenario of the three-phase template (before phases said what follows them) to today's form.

Before, the format knew three phases by name (`phase_one`, `phase_two`, `phase_three`, and an optional
`phase_one_extended`) and how each ended. Now each phase says so under `then:` (and an agreed extension
says which phase it `extends:`). The rewrite is mechanical: it adds those lines, saying what the old
template did, under each phase's key, and leaves every other line (comments included) as it was.
"""

from __future__ import annotations

import re

# The old template's ends, as today's keys: phase name -> the lines to add under it.
TEMPLATE: dict[str, tuple[str, ...]] = {
    "phase_one": ("then:                       # added by `ceasefire-sim migrate`: the ends of the old template",
                  "  needs: [releases_complete, talks_concluded]",
                  "  otherwise: talks"),
    "phase_one_extended": ("extends: phase_one          # added by `ceasefire-sim migrate`",),
    "phase_two": ("then: {needs: [all_living_released, obligations_met]}   # added by `ceasefire-sim migrate`",),
    "phase_three": ("then: {needs: [all_remains_returned]}   # added by `ceasefire-sim migrate`",),
}
_KEYED = re.compile(r"^( *)([A-Za-z_][\w-]*)\s*:(.*)$")


class CannotMigrate(ValueError):
    """The file cannot be rewritten mechanically; the message says what to do by hand."""


def is_old_template(phases: dict) -> bool:
    """Whether validated ``phases`` are the old three-phase template: its names only, none saying how it ends."""
    names = set(phases)
    return ({"phase_one", "phase_two", "phase_three"} <= names <= set(TEMPLATE)
            and not any({"then", "extends"} & phase.model_fields_set for phase in phases.values()))


def _blank(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def migrate_text(text: str, file: str) -> tuple[str, list[str]]:
    """``text`` with the old template's ends added under each of its phases, and the phases changed."""
    lines = text.splitlines(keepends=True)
    top = next((i for i, line in enumerate(lines) if re.match(r"^phases\s*:\s*(#.*)?$", line)), None)
    if top is None:
        raise CannotMigrate(f"{file}: no `phases:` block of its own (on its own line); migrate the file it "
                            "extends, or add `then:` to each phase by hand (docs/scenarios.md, 'Writing a new deal')")
    end = next((i for i in range(top + 1, len(lines)) if not _blank(lines[i]) and not lines[i].startswith(" ")),
               len(lines))
    children = [i for i in range(top + 1, end) if not _blank(lines[i])]
    if not children:
        raise CannotMigrate(f"{file}:{top + 1}: `phases:` is empty or written on one line; add `then:` by hand")
    indent = len(lines[children[0]]) - len(lines[children[0]].lstrip(" "))
    changed, inserts = [], []
    for position, i in enumerate(children):
        match = _KEYED.match(lines[i].rstrip("\n"))
        if not match or len(match.group(1)) != indent or match.group(2) not in TEMPLATE:
            continue
        name, rest = match.group(2), match.group(3).split("#")[0].strip()
        if rest:
            raise CannotMigrate(f"{file}:{i + 1}: phases.{name} is written on one line; put its keys on lines of "
                                "their own, then migrate again")
        body = [j for j in children[position + 1:] if len(lines[j]) - len(lines[j].lstrip(" ")) > indent]
        body = body[:next((k for k, j in enumerate(body) if j != children[position + 1 + k]), len(body))]
        inner = len(lines[body[0]]) - len(lines[body[0]].lstrip(" ")) if body else indent + 2
        keys = {m.group(2) for j in body if (m := _KEYED.match(lines[j].rstrip("\n"))) and len(m.group(1)) == inner}
        if keys & {"then", "extends"}:
            continue
        newline = "\r\n" if lines[i].endswith("\r\n") else "\n"
        inserts.append((i + 1, [" " * inner + added + newline for added in TEMPLATE[name]]))
        changed.append(name)
    for at, added in reversed(inserts):
        lines[at:at] = added
    return "".join(lines), changed

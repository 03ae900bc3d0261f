"""Documentation generated from the code, so that it cannot drift from it.

* ``docs/scenario-reference.md``: every key of the scenario format (:mod:`sim.reference`).
* ``docs/commands.md``: every command's help, read from the command line's own
  definition (usage, description, arguments and options, the example).
* In ``docs/model.md`` and ``docs/records.md``, the blocks between
  ``<!-- generated: NAME -->`` and ``<!-- end: NAME -->``: a deal's phase machine as
  a Mermaid diagram, its transitions and its guards (built by :mod:`sim.machine` from
  the scenario named after NAME, ``<!-- generated: machine-diagram pause-2023-11 -->``;
  the flagship proposal when none is named),
  the record format's kinds of row (from :mod:`sim.replay.record`), and what the
  model leaves out (from :mod:`sim.words.assumptions`, as the briefing pack says it).

``python -m sim.docs`` rewrites them; ``python -m sim.docs --check`` exits 1
when a committed page is out of date (a test does the same).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .machine import Machine, machine_of

DOCS = Path(__file__).resolve().parent.parent / "docs"
SCENARIOS = DOCS.parent / "scenarios"
FLAGSHIP = "proposal-2024-05-31"
PROGRAM = "ceasefire-sim"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def commands_markdown() -> str:
    """The commands page, from the typer app's click commands."""
    import typer.main

    from .cli import app, metavar

    group = typer.main.get_command(app)
    root = group.context_class(group, info_name=PROGRAM)
    lines = ["# Commands", "",
             f"Generated from the command line's own help by `python -m sim.docs`; do not edit by hand. "
             f"`{PROGRAM} COMMAND --help` prints the same on the terminal.", "",
             "Exit codes: 0 when the command did what it was asked; 2 when an input (a scenario, a record, "
             "an option, an --out folder that cannot be written) is wrong, with every problem printed on one "
             "line as `FILE:LINE:COLUMN: key: message` and nothing written; 1 when writing failed part way "
             "(a full disk), said in one line, with nothing half-written; 130 when interrupted (Ctrl-C, "
             "SIGTERM or SIGHUP). Options for every command: `--quiet` (print nothing but problems; before or after the "
             "command), `--version`, and "
             "`--install-completion` (Tab completion of commands and options in bash, zsh, fish or "
             "PowerShell). Output folders: see [Output files](outputs.md#output-folders).", "",
             "| command | what it does |", "|---|---|"]
    commands = [(name, group.get_command(root, name)) for name in group.list_commands(root)]
    for name, command in commands:
        lines.append(f"| [`{name}`](#{name}) | {_cell(command.get_short_help_str(limit=200))} |")
    lines.append("")
    for name, command in commands:
        context = command.context_class(command, info_name=name, parent=root)
        arguments = [p for p in command.params if p.param_type_name == "argument"]
        options = [p for p in command.params if p.param_type_name != "argument"]
        usage = " ".join([PROGRAM, name, "[OPTIONS]",
                          *(metavar(p) + ("..." if p.nargs == -1 else "") for p in arguments)])
        lines += [f"## {name}", "", "```text", " ".join(usage.split()), "```", ""]
        for paragraph in (command.help or "").strip().split("\n\n"):
            if not paragraph.startswith("    "):
                lines += [" ".join(paragraph.split()), ""]
                continue
            # An example, as help shows it (sim.cli.examples_as_blocks), on one line: the first one runs as
            # shown (tests/test_docs.py runs it); the others (a cluster, 100,000 runs) are words and code.
            example = " ".join(paragraph.replace("\\\n", " ").split())
            if lines[-2] == "Example:":
                lines += ["```console", example, "```", ""]
            else:
                lines[-2] = f"{lines[-2]} `{example}`"
        rows = [(metavar(p), getattr(p, "help", "") or "", "required" if p.required else "")
                for p in arguments]
        for option in [*options, command.get_help_option(context)]:
            value = f" {metavar(option)}" if metavar(option) else ""
            names = ", ".join(f"`{o}{value}`" for o in [*option.opts, *option.secondary_opts])
            default = option.default
            shown = "" if default is None or option.is_flag else f"`{default}`"
            rows.append((names, option.help or "", "required" if option.required else shown))
        lines += ["| argument or option | meaning | default |", "|---|---|---|"]
        lines += [f"| {n if n.startswith('`') else f'`{n}`'} | {_cell(h)} | {d} |" for n, h, d in rows]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def deal_machine(name: str | None) -> Machine:
    """The built machine of the shipped scenario ``scenarios/NAME.yaml`` (the flagship when None)."""
    from .scenario import load

    return machine_of(load(str(SCENARIOS / f"{name or FLAGSHIP}.yaml")).scenario)


def machine_mermaid(name: str | None = None) -> str:
    """A deal's phase machine as a Mermaid state diagram, fenced for Markdown."""
    from .charts.machine_text import mermaid

    return "```mermaid\n" + mermaid(deal_machine(name)) + "```"


def machine_tables(name: str | None = None) -> str:
    """A deal's states, every transition with its guards in words, and the guards."""
    machine = deal_machine(name)
    STATES, TRANSITIONS, GUARDS, LABELS = machine.states, machine.transitions, machine.guards, machine.labels
    lines = ["| state | meaning | ceasefire holds | ends the run |", "|---|---|---|---|"]
    lines += [f"| {s.label} (`{s.name}`) | {_cell(s.meaning)} | {'yes' if s.ceasefire else 'no'} | "
              f"{'yes' if s.terminal else 'no'} |" for s in STATES]
    lines += ["", "| from | to | trigger | when | guards (all must hold) |", "|---|---|---|---|---|"]
    lines += [f"| {LABELS[t.source]} | {LABELS[t.dest]} | `{t.trigger}` | {_cell(t.when)} | "
              f"{', '.join(f'`{g}`' for g in t.guards) or '-'} |" for t in TRANSITIONS]
    lines += ["", "| guard | holds when |", "|---|---|"]
    lines += [f"| `{name}` | {_cell(words)} |" for name, words in GUARDS.items()]
    return "\n".join(lines)


def record_events(name: str | None = None) -> str:
    """The record format's kinds of row, from :mod:`sim.replay.record`."""
    from .replay.record import EVENTS

    def names(columns: frozenset[str]) -> str:
        return ", ".join(f"`{c}`" for c in sorted(columns)) or "-"

    lines = ["| event | meaning | needs | may have |", "|---|---|---|---|"]
    lines += [f"| `{event}` | {_cell(words)} | {names(needs)} | {names(may)} |"
              for event, (words, needs, may) in EVENTS.items()]
    return "\n".join(lines)


def leaves_out(name: str | None = None) -> str:
    """What the model does not represent, as the briefing pack's caveats page says it."""
    from .words.assumptions import leaves_out as items

    return "\n".join(f"- {item}" for item in items(deal_machine(name)))


BLOCKS = {"machine-diagram": machine_mermaid, "machine-tables": machine_tables, "record-events": record_events,
          "leaves-out": leaves_out}


def fill_blocks(text: str) -> str:
    """``text`` with every generated block rewritten from the code."""
    for name, make in BLOCKS.items():
        pattern = re.compile(rf"(<!-- generated: {name}(?: ([\w.-]+))? -->\n)(?:.*?\n)?(<!-- end: {name} -->)", re.S)
        text = pattern.sub(lambda m, make=make: m.group(1) + make(m.group(2)) + "\n" + m.group(3), text)
    return text


def pages() -> dict[Path, str]:
    """Each generated page and what it must contain."""
    filled = {DOCS / name: fill_blocks((DOCS / name).read_text(encoding="utf-8")) for name in ("model.md", "records.md")}
    from .reference import markdown as scenario_reference

    return {DOCS / "commands.md": commands_markdown(), DOCS / "scenario-reference.md": scenario_reference(), **filled}


def main(argv: list[str]) -> int:
    stale = [path for path, text in pages().items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    if "--check" in argv:
        for path in stale:
            print(f"{path}: out of date; regenerate with: python -m sim.docs", file=sys.stderr)
        return 1 if stale else 0
    for path, text in pages().items():
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The `ceasefire-sim` command: a thin layer over scenario, engine, results and charts.

Each command is a plain function in its own module, registered here; tests
call them through typer's runner or as a subprocess.
"""

from __future__ import annotations

import copy
import os
import re
import sys

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

from .. import __version__

# The value an option takes, named as the docs name it (metavars): by the option's name, else by its type.
_METAVARS = {"seed": "SEED", "kind": "KIND", "format": "FORMAT", "scheduler": "ADDRESS"}
_BY_TYPE = {int: "N", float: "NUMBER"}


def metavar(param) -> str | None:
    """What ``--help`` and docs/commands.md show for the value of an argument or option: FILE, DIR,
    N, SEED, KIND...; None for a flag, which takes no value."""
    if getattr(param, "is_flag", False):
        return None
    if param.metavar and "|" in param.metavar:  # a list of choices: its name (the help says the choices)
        return param.name.upper()
    if param.metavar:
        return param.metavar
    if param.param_type_name == "argument":  # FILE for the scenario(s); RECORD, FIRST, SECOND...
        return "FILE" if param.name in ("file", "files") else param.name.upper()
    if param.name == "out":
        return "DIR" if (param.help or "").lower().startswith("folder") else "FILE"
    annotation = param.type_descriptor.annotation
    return _METAVARS.get(param.name) or _BY_TYPE.get(annotation, "TEXT")


EXAMPLE_WIDTH = 72  # an example's lines fit a terminal of 80 columns, inside help's margins and padding
_EXAMPLE = re.compile(r"^(Example[^`]*?):\s*`([^`]+)`\s*$", re.S)


def _shell_lines(command: str, width: int = EXAMPLE_WIDTH) -> list[str]:
    """A command broken between words with a shell continuation (`\\`), each line at most ``width``
    characters where the words allow: copied whole, it runs as written."""
    words: list[str] = []
    for word in command.split():  # an option and its value stay on one line
        if words and words[-1].startswith("-") and not word.startswith("-"):
            words[-1] += f" {word}"
        else:
            words.append(word)
    lines: list[str] = []
    line = ""
    for word in words:
        if line and len(line) + 1 + len(word) + 2 > width:
            lines.append(line + " \\")
            line = "  " + word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]


def examples_as_blocks(help_text: str) -> str:
    """Each paragraph "Example...: `COMMAND`" of a command's help as its words and a code block that
    the help neither wraps nor cuts, so that the lines a user copies run as they are."""
    paragraphs = []
    for paragraph in help_text.split("\n\n"):
        found = _EXAMPLE.match(paragraph.strip())
        if found:
            title, command = " ".join(found.group(1).split()), " ".join(found.group(2).split())
            paragraph = f"{title}:\n\n" + "\n".join(f"    {line}" for line in _shell_lines(command))
        paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def _quiet_after_the_command(ctx, param, value: bool) -> bool:
    from .common import console

    if value:
        console.quiet = True
    return value


def _words_never_cut(format_help):
    """typer's help tables cut a word longer than its column with "…" (an example value, a `pip install`
    line): they fold it onto the next line instead, whole. Set up when help is shown, not before: the
    command line starts without rich."""
    def folding(ctx, formatter):
        from rich.columns import Columns
        from rich.console import Group
        from rich.table import Table
        from typer import rich_utils

        class FoldingTable(Table):
            def add_row(self, *renderables, **options):  # an option's words, then its default, one under the other
                super().add_row(*(Group(*cell.renderables) if isinstance(cell, Columns) else cell
                                  for cell in renderables), **options)
                for column in self.columns:
                    column.overflow = "fold"

        rich_utils.Table = FoldingTable
        return format_help(ctx, formatter)
    return folding


def _read_like_the_docs(command, quiet) -> None:
    """A command's help as docs/commands.md shows it: plain metavars (the ranges are in each option's
    words), and --quiet accepted after the command as well as before it. Done here, once for every
    command, so that the command modules declare their options plainly."""
    if getattr(command, "_reads_like_the_docs", False):
        return
    command._reads_like_the_docs = True
    for param in command.params:
        param.metavar = metavar(param)
    command.help = examples_as_blocks(command.help or "")
    command.format_help = _words_never_cut(command.format_help)
    after = copy.copy(quiet)
    after.expose_value, after.callback, after.is_eager = False, _quiet_after_the_command, False
    command.params.append(after)


class _Commands(TyperGroup):
    """Every command: Ctrl-C or SIGTERM that no command handled is one line and exit 130; its help
    reads like the docs (:func:`_read_like_the_docs`)."""

    def get_command(self, ctx, name):
        command = super().get_command(ctx, name)
        if command is not None:
            quiet = next(param for param in self.params if param.name == "quiet")
            _read_like_the_docs(command, quiet)
        return command

    def parse_args(self, ctx, args):
        # typer's own flags (--help, the completion options) default to None, which typer 0.29
        # converts through pydantic, importing it before any `COMMAND --help` (a third of its
        # time); as False, they are plain flags that need no converting.
        for param in self.get_params(ctx):
            if getattr(param, "is_flag", False) and param.default is None:
                param.default = False
        return super().parse_args(ctx, args)

    def invoke(self, ctx):
        from .common import stopping_says_so

        with stopping_says_so():
            return super().invoke(ctx)


app = typer.Typer(
    cls=_Commands,
    name="ceasefire-sim",
    help="Turn a ceasefire proposal into a phase machine and run what-if timelines over it.\n\n"
         "Start with: ceasefire-sim run scenarios/proposal-2024-05-31.yaml --runs 1000 --out results/",
    no_args_is_help=True,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
)

# typer's rich help prints a programmer's type after every option and argument ("<str>", "<list[str]>",
# flags too) and the option's range in Python's notation ("[0<=x<=9223372036854775807]"): it shows the
# plain metavar instead, nothing for a flag or an argument (its name is the metavar), and no range
# (each option's help says it in words). Earlier typers have no such methods and need no mending.
for _parameter in (TyperOption, TyperArgument):
    if hasattr(_parameter, "display_type_rich"):
        _parameter.display_type_rich = lambda self, ctx: metavar(self) if self.param_type_name == "option" else None
    if hasattr(_parameter, "_get_number_range_help_str"):
        _parameter._get_number_range_help_str = lambda self: None
if hasattr(TyperArgument, "_usage_display_name"):  # "{FILE}" in the usage line: FILE, as the docs write it
    TyperArgument._usage_display_name = lambda self: (self.display_name_raw if self.required else
                                                      f"[{self.display_name_raw}]") + ("..." if self.nargs != 1 else "")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ceasefire-sim {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit."),
          quiet: bool = typer.Option(False, "--quiet", "-q",
                                     help="Print nothing but problems; the exit code tells the rest.")) -> None:
    """Turn a ceasefire proposal into a phase machine and run what-if timelines over it."""
    from .common import console, stop_signals_as_ctrl_c

    console.quiet = quiet
    stop_signals_as_ctrl_c()


from . import core  # noqa: E402  (registers validate, run, explain, schema)
from . import replay  # noqa: E402  (registers replay)
from . import charts  # noqa: E402  (registers compare, chart, brief, diagram)
from . import scale  # noqa: E402  (registers sweep)
from . import sensitivity  # noqa: E402  (registers sensitivity)
from . import discover  # noqa: E402  (registers discover)
from . import diff  # noqa: E402  (registers diff)
from . import forecast  # noqa: E402  (registers forecast)

__all__ = ["app", "charts", "core", "diff", "discover", "forecast", "main", "replay", "scale", "sensitivity"]


def main() -> None:
    """The command line: a wrong option or value is one line and exit 2, not a box."""
    from .common import INTERRUPTED, fail

    # pydantic looks through every installed package for plugins (monitoring hooks) before it
    # builds the scenario schema: a tenth of `validate`'s time, for hooks a command line never
    # wants. Whoever sets the variable themselves keeps their choice.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        code = app(prog_name="ceasefire-sim", standalone_mode=False)
    except typer.Abort:
        code = fail(["interrupted: nothing written"], INTERRUPTED).exit_code
    except Exception as error:
        # click's (or typer's own copy of click's) ClickException: duck-typed, as its home moved.
        if not hasattr(error, "format_message") or not hasattr(error, "exit_code"):
            raise
        if type(error).__name__ == "NoArgsIsHelpError":  # a bare command: its help, as typer shows it
            app(["--help"] if getattr(error, "ctx", None) is None else [*error.ctx.command_path.split()[1:], "--help"])
        context = getattr(error, "ctx", None)
        where = context.command_path if context is not None else "ceasefire-sim"
        message = " ".join(error.format_message().split())
        code = fail([f"{where}: {message} (see {where} --help)"], error.exit_code).exit_code
    sys.exit(code if isinstance(code, int) else 0)

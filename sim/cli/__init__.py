"""The `ceasefire-sim` command: a thin layer over scenario, engine, results and charts.

Each command is a plain function in its own module, registered here; tests
call them through typer's runner or as a subprocess.
"""

from __future__ import annotations

import os
import sys

import typer
from typer.core import TyperGroup, TyperOption

from .. import __version__

class _Commands(TyperGroup):
    """Every command: Ctrl-C or SIGTERM that no command handled is one line and exit 130."""

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

# typer 0.29's rich help prints a type after every option, flags too ("--version <bool>"); a flag
# takes no value, so it shows none. (Earlier typers have no such method and need no mending.)
_option_type = getattr(TyperOption, "display_type_rich", None)
if _option_type is not None:
    TyperOption.display_type_rich = lambda self, ctx: None if self.is_flag else _option_type(self, ctx)


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

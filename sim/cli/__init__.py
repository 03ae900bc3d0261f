"""The `ceasefire-sim` command: a thin layer over scenario, engine, results and charts.

Each command is a plain function in its own module, registered here; tests
call them through typer's runner or as a subprocess.
"""

from __future__ import annotations

import typer

from .. import __version__

app = typer.Typer(
    name="ceasefire-sim",
    help="Turn a ceasefire proposal into a phase machine and run what-if timelines over it.\n\n"
         "Start with: ceasefire-sim run scenarios/proposal-2024-05-31.yaml --runs 1000 --out results/",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ceasefire-sim {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Turn a ceasefire proposal into a phase machine and run what-if timelines over it."""


from . import core  # noqa: E402  (registers validate, run, explain, schema)
from . import replay  # noqa: E402  (registers replay)
from . import charts  # noqa: E402  (registers compare, chart, brief, diagram)
from . import scale  # noqa: E402  (registers sweep)
from . import sensitivity  # noqa: E402  (registers sensitivity)
from . import discover  # noqa: E402  (registers discover)
from . import diff  # noqa: E402  (registers diff)

__all__ = ["app", "charts", "core", "main", "replay", "diff", "discover", "scale", "sensitivity"]


def main() -> None:
    app()

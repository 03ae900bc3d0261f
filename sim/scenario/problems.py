"""Located problems in scenario files: what is wrong, where, and what to do.

Every check (YAML syntax, `extends`, the schema, cross-references) reports a
:class:`Problem`; the command line prints them one a line as
``FILE:LINE:COLUMN: key.path: message`` and exits with code 2.
"""

from __future__ import annotations

from dataclasses import dataclass

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Mark:
    """A place in a file; line and column count from 1, as editors do."""

    file: str
    line: int
    column: int


@dataclass(frozen=True)
class Problem:
    mark: Mark
    path: Path
    message: str

    def __str__(self) -> str:
        where = f"{self.mark.file}:{self.mark.line}:{self.mark.column}"
        key = dotted(self.path)
        return f"{where}: {key}: {self.message}" if key else f"{where}: {self.message}"


class ScenarioError(Exception):
    """One or more problems that stop a scenario from being used."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


def dotted(path: Path) -> str:
    """``('phases', 'phase_one', 'duration_days')`` -> ``phases.phase_one.duration_days``;
    list items show as ``events[2]``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text

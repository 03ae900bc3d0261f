"""Text from a file or an argument, made safe for where it is shown: the one place that does it.

A scenario's name, a record's note, a file's own path: any of them may hold what a terminal,
a spreadsheet or a browser reads as a command rather than as text. Scenario values and
record cells with control characters are refused when read; what is shown is escaped
here all the same, for each medium:

- a terminal (:func:`visible`): control characters (an escape sequence can retitle the
  terminal or write the clipboard) and the invisible marks that reverse text direction are
  shown as ``\\x1b``-style escapes, through a pipe too;
- rich's markup (:func:`markup`): as :func:`visible`, and ``[...]`` shown as written;
- a CSV cell (:func:`csv_cell`, :func:`csv_writer`): text that a spreadsheet would run as a
  formula (``=``, ``+``, ``-``, ``@`` first) starts with a ``'``, as OWASP advises;
- an HTML page (:func:`html_text`) and the PDF's data (:func:`pdf_data`): :func:`visible`,
  then the medium's own escaping (Typst sets every string of its data as text already; a long
  run without spaces gets places to break, :func:`breakable`).
"""

from __future__ import annotations

import csv
import html
import re
from typing import Any

# C0 controls but tab and line feed, DEL and C1 controls, and the bidirectional marks and overrides.
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _shown(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character and direction mark shown as an escape (``\\x1b``)."""
    return _HIDDEN.sub(_shown, text)


def markup(text: str) -> str:
    """``text`` for a place where rich reads markup: :func:`visible`, and a name such as ``[/]`` shown as written."""
    from rich.markup import escape

    return escape(visible(text))


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_cell(value: Any) -> Any:
    """A value for a CSV cell: text that a spreadsheet would read as a formula starts with ``'``."""
    if isinstance(value, str) and value.startswith(_FORMULA) and not _is_number(value):
        return "'" + value
    return value


class _SafeWriter:
    """csv.writer whose every cell goes through :func:`csv_cell`."""

    def __init__(self, stream, **options):
        self._writer = csv.writer(stream, **options)

    def writerow(self, row) -> Any:
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream, **options) -> _SafeWriter:
    """A CSV writer (lines end in ``\\n``) that never starts a cell with a formula."""
    return _SafeWriter(stream, lineterminator="\n", **options)


def html_text(text: str) -> str:
    """``text`` for an HTML page: :func:`visible`, then HTML's escapes (quotes too, for attributes)."""
    return html.escape(visible(text), quote=True)


_UNBROKEN = re.compile(r"\S{%d}(?=\S{%d})" % (20, 10))  # a run of 30 or more characters with no space


def breakable(text: str) -> str:
    """``text`` with a zero-width space after every 20 characters of a run of 30 or more with no space
    (a long name, an address): Typst breaks lines only between words, so such a run would run off the page."""
    return _UNBROKEN.sub(lambda match: match.group() + "\u200b", text)


def pdf_data(data: Any, key: str | None = None) -> Any:
    """The PDF's data (dicts, lists, text, numbers) with every text made :func:`visible` and
    :func:`breakable`; a chart's file name (key ``file``) is left as it is."""
    if isinstance(data, str):
        return data if key == "file" else breakable(visible(data))
    if isinstance(data, dict):
        return {name: pdf_data(value, name) for name, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [pdf_data(value) for value in data]
    return data

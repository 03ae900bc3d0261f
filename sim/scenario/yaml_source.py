"""Safe YAML reading that remembers where every key and value stood.

PyYAML composes the document into nodes, which carry their line and column;
we turn the nodes into plain Python data ourselves so that nothing but plain
data can come out of a file (no tags that build objects), aliases cannot blow
up memory, duplicate keys are caught, and each value's position is kept for
error messages.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from .problems import Mark, Path, Problem, ScenarioError

MAX_FILE_BYTES = 1 << 20  # 1 MiB: a scenario is a few kilobytes
MAX_NODES = 50_000  # values after alias expansion: stops "billion laughs" documents
MAX_DEPTH = 40  # checked while PyYAML composes (it recurses), long before Python's recursion limit
MAX_NUMBER_CHARS = 40  # a number written with more characters than this is refused before it is converted

_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in
               ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}


@dataclass
class Positions:
    """Where each key path was written: its key and its value, possibly in several files."""

    keys: dict[Path, Mark] = field(default_factory=dict)
    values: dict[Path, Mark] = field(default_factory=dict)

    def locate(self, path: Path, *, key: bool = False) -> Mark:
        """The mark of ``path`` or, failing that, of its nearest written ancestor."""
        for end in range(len(path), -1, -1):
            head = path[:end]
            table = (self.keys, self.values) if key and end == len(path) else (self.values, self.keys)
            for marks in table:
                if head in marks:
                    return marks[head]
        return next(iter(self.values.values()))

    def update(self, other: "Positions") -> None:
        self.keys.update(other.keys)
        self.values.update(other.values)


def _mark(file: str, node: Node) -> Mark:
    return Mark(file, node.start_mark.line + 1, node.start_mark.column + 1)


class _Reading(Composer, SafeConstructor, Resolver):
    """PyYAML's safe loading that refuses deep nesting while it composes (before its recursion can
    overflow) and reads ``1e6`` as a number, as YAML 1.2 and every other tool do. The events come
    from libyaml where PyYAML was built with it (:class:`_LibyamlLoader`, ten times faster), else
    from PyYAML's own parser (:class:`_PythonLoader`); both give the same nodes and positions."""

    positions_in_bytes = False  # a reader error's position: characters, or bytes of the UTF-8 text

    def __init__(self, text: str, file: str):
        self.file = file
        self.depth = 0
        self.read_events_of(text)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)

    def read_events_of(self, text: str) -> None:  # pragma: no cover - each loader below gives its own
        raise NotImplementedError

    def compose_node(self, parent, index):
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise _problem(self.file, mark.line + 1, mark.column + 1,
                               f"nested deeper than {MAX_DEPTH} levels; a scenario needs a handful")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _PythonLoader(_Reading, Reader, Scanner, Parser):
    def read_events_of(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)


_Loader: type[_Reading] = _PythonLoader
if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _LibyamlLoader(_Reading, CParser):
        positions_in_bytes = True

        def read_events_of(self, text: str) -> None:
            CParser.__init__(self, text)

    _Loader = _LibyamlLoader


_Reading.add_implicit_resolver("tag:yaml.org,2002:float", re.compile(r"^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+$"),
                              list("-+0123456789"))

LEFT_OUT = object()  # a value that could not be read: told as a problem, and left out of the data

_SCALAR_KINDS = {"tag:yaml.org,2002:int": "number", "tag:yaml.org,2002:float": "number",
                 "tag:yaml.org,2002:timestamp": "date"}


def control_character(text: str) -> str | None:
    """The first control character in ``text`` other than tab and line breaks, if any."""
    return next((c for c in text if c not in "\t\n\r" and unicodedata.category(c) == "Cc"), None)


class _Converter:
    """Turns a composed node tree into plain data, recording positions."""

    def __init__(self, file: str, loader: _Reading, problems: list[Problem] | None = None):
        self.file = file
        self.loader = loader
        self.positions = Positions()
        self.nodes = 0
        self.problems = problems  # where a bad value is told and left out; None: the first one stops the reading

    def fail(self, node: Node, path: Path, message: str) -> ScenarioError:
        return ScenarioError([Problem(_mark(self.file, node), path, message)])

    def scalar(self, node: ScalarNode, path: Path) -> Any:
        """A plain value; numbers too long to be meant and impossible dates are located problems
        (:data:`LEFT_OUT` when problems are collected)."""
        kind = _SCALAR_KINDS.get(node.tag)
        if kind == "number" and len(node.value) > MAX_NUMBER_CHARS:
            return self.bad(node, path, f"a number of {len(node.value):,} characters; "
                            f"numbers here have at most {MAX_NUMBER_CHARS}")
        if kind == "number" and "_" in node.value:  # YAML 1.1 reads 1_0 as 10: never what was meant
            return self.bad(node, path, f"'{node.value}' is not a number as written: write "
                            f"{node.value.replace('_', '')} (no '_' between digits)")
        try:
            value = self.loader.construct_object(node)
        except (ValueError, OverflowError) as error:
            what = "a date in the calendar (write YYYY-MM-DD)" if kind == "date" else f"a valid {kind or 'value'}"
            return self.bad(node, path, f"'{node.value}' is not {what}: {error}")
        if isinstance(value, str) and (char := control_character(value)) is not None:
            return self.bad(node, path, f"the text holds the control character U+{ord(char):04X}; "
                            "remove it (tabs and line breaks are fine)")
        return value

    def bad(self, node: Node, path: Path, message: str) -> Any:
        """A value that cannot be read: told, and left out so that the rest of the file is still
        checked; or, when problems are not collected, the one error that stops the reading."""
        if self.problems is None:
            raise self.fail(node, path, message)
        self.problems.append(Problem(_mark(self.file, node), path, message))
        return LEFT_OUT

    def convert(self, node: Node, path: Path) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(node, path, f"the document expands to more than {MAX_NODES:,} values "
                            "(nested YAML aliases?); write the values out or use `extends`")
        if len(path) > MAX_DEPTH:
            raise self.fail(node, path, f"nested deeper than {MAX_DEPTH} levels (a recursive YAML alias?)")
        self.positions.values[path] = _mark(self.file, node)
        if node.tag not in _PLAIN_TAGS:
            raise self.fail(node, path, f"the YAML tag '{node.tag}' is not allowed: a scenario holds "
                            "plain numbers, text, dates, lists and mappings")
        if isinstance(node, ScalarNode):
            return self.scalar(node, path)
        if isinstance(node, SequenceNode):
            return [None if item is LEFT_OUT else item
                    for item in (self.convert(item, path + (i,)) for i, item in enumerate(node.value))]
        assert isinstance(node, MappingNode)
        data: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail(key_node, path, "YAML merge keys ('<<') are not supported; use `extends`")
            if not isinstance(key_node, ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                raise self.fail(key_node, path, f"keys must be plain words, not {key_node.value!r}")
            key = key_node.value
            if (char := control_character(key)) is not None:
                raise self.fail(key_node, path, f"a key holds the control character U+{ord(char):04X}; remove it")
            if key in data:
                first = self.positions.keys[path + (key,)]
                raise self.fail(key_node, path + (key,), f"this key is written twice (first on line {first.line}); keep one")
            self.positions.keys[path + (key,)] = _mark(self.file, key_node)
            value = self.convert(value_node, path + (key,))
            if value is not LEFT_OUT:
                data[key] = value
        return data


def _problem(file: str, line: int = 1, column: int = 1, message: str = "") -> ScenarioError:
    return ScenarioError([Problem(Mark(file, line, column), (), message)])


def regular_file_problem(file: str) -> str | None:
    """Why ``file`` is not a regular file that can be opened (a device, a FIFO, a folder...), or None.
    Checked before opening: opening a FIFO blocks, and a device's size says nothing of what it holds."""
    try:
        mode = os.stat(file).st_mode
    except FileNotFoundError:
        return "no such file; check the path"
    except OSError as error:
        return f"cannot be read: {error.strerror}"
    if stat.S_ISDIR(mode):
        return "this is a directory; give a file inside it"
    if not stat.S_ISREG(mode):
        return "not a regular file (a device, a pipe or a socket); give a file saved on disk"
    if os.path.realpath(file).startswith(("/proc/", "/sys/", "/dev/")):
        return "a file of the system (/proc, /sys, /dev), not one saved on disk"
    return None


def read_capped(file: str, limit: int) -> bytes:
    """At most ``limit`` bytes of a regular file; OSError or ValueError (one line) when it cannot be."""
    why = regular_file_problem(file)
    if why is not None:
        raise ValueError(why)
    with open(file, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"the file is larger than {limit:,} bytes, the most it may be")
    return data


def read_text(file: str) -> str:
    """The file's text, or a located error saying why it cannot be read."""
    try:
        return read_capped(file, MAX_FILE_BYTES).decode("utf-8")
    except UnicodeDecodeError as error:
        raise _problem(file, message=f"not UTF-8 text (byte {error.start}); save the file as UTF-8") from None
    except ValueError as error:
        raise _problem(file, message=str(error)) from None
    except OSError as error:
        raise _problem(file, message=f"cannot be read: {error.strerror}") from None


# What the YAML reader says (libyaml and PyYAML say the same), and what it means to the writer of a file.
_SYNTAX_WORDS = (
    ("mapping values are not allowed", "a second ':' on this line; a value that holds ': ' goes in quotes, "
     'e.g. note: "phase one: delayed", and each key goes on its own line'),
    ("expected ',' or ']'", "a list in [brackets] is not closed; add the missing ']' (or a ',' between items)"),
    ("expected ',' or '}'", "a mapping in {braces} is not closed; add the missing '}' (or a ',' between items)"),
    ("did not find expected key", "this line is indented differently from the keys above it; give it as many "
     "spaces as the keys it belongs with"),
    ("expected '-' indicator", "list items and keys at the same indentation; each list item starts with '- ', "
     "and the keys of an item are indented under it"),
    ("could not find expected ':'", "a key without ':' after it; write `key: value`"),
    ("unexpected end of stream", "a quote or bracket opened and never closed; close it on the same line"),
)


def _syntax_message(text: str, mark: Any, detail: str) -> str:
    """PyYAML's (or libyaml's) complaint about the syntax, in plain words with what to write instead."""
    lines = text.splitlines()
    line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    if "\t" in line[:len(line) - len(line.lstrip(" \t"))]:
        return "invalid YAML: a tab in the indentation; YAML indents with spaces only: replace the tab with spaces"
    for said, plain in _SYNTAX_WORDS:
        if said in detail:
            return f"invalid YAML: {plain}"
    return f"invalid YAML: {detail}; check this line and the one before (quotes, brackets, indentation)"


def read_yaml(file: str, problems: list[Problem] | None = None) -> tuple[dict[str, Any], Positions, str]:
    """The file's top-level mapping, the positions of everything in it, and the SHA-256 of its bytes.

    With ``problems``, a value that cannot be read (an impossible date, a control character...) is
    added there and left out, so that the rest of the file is still read; without, it stops the reading.
    An error in the YAML syntax always stops it: past it, the structure is a guess."""
    text = read_text(file)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()  # UTF-8 round-trips: the file's own bytes
    loading, loader = _Loader, None
    try:
        loader = loading(text, file)
        node = loader.get_single_node()
        if node is None:
            raise _problem(file, message="the file is empty; start from a file in scenarios/")
        converter = _Converter(file, loader, problems)
        data = converter.convert(node, ())
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        detail = " ".join(filter(None, [error.context, error.problem]))
        if "maximum nesting depth" in detail:  # libyaml's own limit, met while it reads ahead
            detail = f"nested deeper than {MAX_DEPTH} levels; a scenario needs a handful"
        else:
            detail = _syntax_message(text, mark, detail)
        raise _problem(file, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, detail) from None
    except yaml.reader.ReaderError as error:
        if loading.positions_in_bytes:
            before = text.encode("utf-8")[:error.position].decode("utf-8", "ignore")
        else:
            before = text[:error.position]
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        raise _problem(file, line, column, f"the character U+{error.character:04X} is not allowed in YAML; "
                       "remove it (tabs and line breaks are fine)") from None
    except yaml.YAMLError as error:
        raise _problem(file, message=f"invalid YAML: {error}") from None
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(data, dict):
        raise _problem(file, message="a scenario is a mapping of keys (name:, phases:, ...), not a single value or list")
    return data, converter.positions, digest

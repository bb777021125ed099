"""Parse YAML into plain values that remember where in the file they came from.

PyYAML drops positions after construction; content staff need the exact line of a
problem, so mappings and sequences built here keep the mark of every value. Problems that
do not stop parsing (a duplicate key, an alias, a tag) are collected, not raised; after a real
syntax error the broken part is blanked out and the rest parsed again, so that every syntax
error of a file is reported in one run.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from .limits import MAX_DEPTH, MAX_VALUES

_Parser: Any
try:  # libyaml is bundled in PyYAML's wheels; the pure-Python parser is the fallback.
    from yaml._yaml import CParser

    _Parser = CParser
except ImportError:  # pragma: no cover
    _Parser = yaml.BaseLoader  # its check_event/get_event are the pure parser

_INT = re.compile(r"^[-+]?[0-9]+$")
_ALLOWED_TAGS = (None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map")
MAX_SYNTAX_ERRORS = 20
"""How often a file is parsed again after a syntax error, to find the next one."""


class Position(NamedTuple):
    """A 1-based line and column in a source file (a tuple: there are many of them)."""

    line: int
    column: int


def _position(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


class YamlMap(dict[Any, Any]):
    """A mapping that knows its own position and that of each key and value."""

    position: Position
    key_positions: dict[Any, Position]
    value_positions: dict[Any, Position]

    def at(self, key: Any) -> Position:
        """Position of the value for key, or of the mapping when the key is absent."""
        return self.value_positions.get(key, self.position)


class YamlList(list[Any]):
    """A sequence that knows its own position and that of each item."""

    position: Position
    item_positions: list[Position]

    def at(self, index: int) -> Position:
        """Position of item index."""
        return self.item_positions[index]


@dataclass(frozen=True)
class YamlIssue:
    """One problem in the YAML itself: a messages.MESSAGES id, its arguments and its place."""

    position: Position
    message_id: str
    args: dict[str, str] = field(default_factory=dict)


class YamlSyntaxError(Exception):
    """The text is not YAML we accept (parsing cannot go on); carries a position for the report."""

    def __init__(self, issue: YamlIssue) -> None:
        super().__init__(issue.message_id)
        self.issue = issue


def _scalar(event: ScalarEvent) -> Any:
    # YAML 1.2 habits: only true/false are booleans, so option ids such as `yes` and `no`
    # stay words; quoted and block scalars are always text.
    value = event.value
    if event.style:  # plain is '' (libyaml) or None (pure parser)
        return value
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    if value in ("", "~", "null", "Null", "NULL"):
        return None
    if _INT.match(value):
        return int(value)
    return value


_NO_KEY = object()
_SKIP = object()  # the value of a duplicate key: parsed, then dropped


class _Builder:
    """Plain values straight from the parser's events, keeping every position."""

    def __init__(self, tick: Callable[[Position], None]) -> None:
        self.stack: list[YamlMap | YamlList] = []
        self.keys: list[Any] = []  # the pending key of each open mapping (a sentinel when none)
        self.root: Any = None
        self.documents = 0
        self.values = 0
        self.done = False
        self.issues: list[YamlIssue] = []
        self.tick = tick

    def add(self, value: Any, position: Position) -> None:
        self.values += 1
        if self.values > MAX_VALUES:
            raise YamlSyntaxError(YamlIssue(position, "too-large.values", {"limit": str(MAX_VALUES)}))
        if self.values % 4096 == 0:
            self.tick(position)
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        if isinstance(top, YamlList):
            top.append(value)
            top.item_positions.append(position)
        elif self.keys[-1] is _NO_KEY:
            if not isinstance(value, (str, int)) or isinstance(value, bool):
                raise YamlSyntaxError(YamlIssue(position, "yaml.key"))
            if value in top:
                self.issues.append(YamlIssue(position, "yaml.duplicate-key", {"key": str(value)}))
                self.keys[-1] = _SKIP
                return
            self.keys[-1] = value
            top.key_positions[value] = position
        else:
            key = self.keys[-1]
            if key is not _SKIP:
                top[key] = value
                top.value_positions[key] = position
            self.keys[-1] = _NO_KEY

    def open(self, container: YamlMap | YamlList, position: Position) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise YamlSyntaxError(YamlIssue(position, "too-large.depth", {"limit": str(MAX_DEPTH)}))
        container.position = position
        self.add(container, position)
        self.stack.append(container)
        self.keys.append(_NO_KEY)

    def event(self, event: Any) -> None:
        kind = type(event)
        if self.done or kind is MappingEndEvent or kind is SequenceEndEvent:
            if not self.done:
                self.stack.pop()
                self.keys.pop()
            return
        mark = event.start_mark
        position = Position(mark.line + 1, mark.column + 1)
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _ALLOWED_TAGS:
            self.issues.append(YamlIssue(position, "yaml.tag", {"tag": str(tag)}))
        if kind is ScalarEvent:
            self.add(_scalar(event), position)
        elif kind is MappingStartEvent:
            mapping = YamlMap()
            mapping.key_positions, mapping.value_positions = {}, {}
            self.open(mapping, position)
        elif kind is SequenceStartEvent:
            items = YamlList()
            items.item_positions = []
            self.open(items, position)
        elif kind is AliasEvent:
            # Aliases allow exponential documents ("billion laughs"); blocks cover reuse.
            self.issues.append(YamlIssue(position, "yaml.alias"))
            self.add(None, position)
        elif kind is DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                self.issues.append(YamlIssue(position, "yaml.documents"))
                self.done = True


def _offset_position(text: str, offset: int) -> Position:
    line = text.count("\n", 0, offset) + 1
    return Position(line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def _syntax_issue(error: yaml.YAMLError, text: str) -> YamlIssue:
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        position = _position(mark) if mark is not None else Position(1, 1)
        context = error.context
        if context and error.context_mark is not None and error.context_mark is not mark:
            context += f" (started at line {error.context_mark.line + 1})"
        detail = " ".join(part for part in (context, error.problem) if part)
        return YamlIssue(position, "yaml", {"detail": detail or "invalid YAML"})
    if isinstance(error, yaml.reader.ReaderError):  # a character YAML does not allow, such as NUL
        character = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "?")
        detail = f"the character U+{character:04X} is not allowed ({error.reason})"
        return YamlIssue(_offset_position(text, error.position), "yaml", {"detail": detail})
    return YamlIssue(Position(1, 1), "yaml", {"detail": str(error).splitlines()[0]})


def parse_yaml(text: str, tick: Callable[[Position], None] = lambda _: None) -> tuple[Any, list[YamlIssue]]:
    """Parse one YAML document and the problems that did not stop it; YamlSyntaxError when one did."""
    builder = _Builder(tick)
    gc_was_on = gc.isenabled()
    gc.disable()  # a large tree is many small objects and no cycles: collecting only costs time
    try:
        # libyaml only parses; _Builder makes plain values, so no YAML tag can ever construct an object.
        parser = _Parser(text)
        get_event, handle = parser.get_event, builder.event
        event = get_event()
        while event is not None:  # None after the end of the stream
            handle(event)
            event = get_event()
    except yaml.YAMLError as error:
        raise YamlSyntaxError(_syntax_issue(error, text)) from None
    except (ValueError, TypeError, RecursionError) as error:
        raise YamlSyntaxError(YamlIssue(Position(1, 1), "yaml", {"detail": f"invalid YAML: {error}"})) from None
    finally:
        if gc_was_on:
            gc.enable()
    return builder.root, builder.issues


@dataclass
class Parsed:
    """A whole file's parse: the document, every YAML problem, and what had to be left out."""

    document: Any
    issues: list[YamlIssue]
    blanked: set[int] = field(default_factory=set)  # 1-based lines left out after syntax errors

    @property
    def complete(self) -> bool:
        """Whether the document is the whole file (no syntax error forced a part out)."""
        return not self.blanked


def _item_indent(lines: list[str]) -> int:
    """The indentation of the outermost list items ('  - id: …' under 'nodes:')."""
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.lstrip(" ").startswith("- ")]
    return min(indents, default=0)


def _is_boundary(line: str, indent: int) -> bool:
    stripped = line.lstrip(" ")
    return bool(stripped) and not stripped.startswith(("#", "\t")) and len(line) - len(stripped) <= indent


def _chunk(lines: list[str], index: int) -> range:
    """The top-level item (a top-level key, a node, a scenario…) around line index (0-based)."""
    indent = _item_indent(lines)
    index = max(0, min(index, len(lines) - 1))
    start = next((i for i in range(index, -1, -1) if _is_boundary(lines[i], indent)), 0)
    if start == index and start > 0:  # parsers often notice a problem only on the next item
        start = next((i for i in range(start - 1, -1, -1) if _is_boundary(lines[i], indent)), 0)
    end = next((i for i in range(index + 1, len(lines)) if _is_boundary(lines[i], indent)), len(lines))
    return range(start, end)


def parse_all(text: str, tick: Callable[[Position], None] = lambda _: None) -> Parsed:
    """Parse text, reporting every syntax error: after each, leave its item out and parse again."""
    lines = text.split("\n")
    issues = [
        YamlIssue(Position(number, len(line) - len(line.lstrip(" ")) + 1), "yaml.tab")
        for number, line in enumerate(lines, 1)
        if line.lstrip(" ").startswith("\t")
    ]
    tab_lines = {issue.position.line for issue in issues}
    blanked: set[int] = set()
    for _ in range(MAX_SYNTAX_ERRORS):
        tick(Position(1, 1))
        try:
            document, found = parse_yaml("\n".join(lines), tick)
        except YamlSyntaxError as error:
            if error.issue.position.line not in tab_lines:
                issues.append(error.issue)
            if error.issue.message_id != "yaml":
                break  # a limit, not a local mistake: parsing again would only hit it again
            chunk = [i for i in _chunk(lines, error.issue.position.line - 1) if i + 1 not in blanked]
            if not chunk:
                break
            for i in chunk:
                lines[i] = ""
                blanked.add(i + 1)
            continue
        issues.extend(issue for issue in found if issue.position.line not in blanked)
        return Parsed(document, issues, blanked)
    return Parsed(None, issues, blanked or {0})

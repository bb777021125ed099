"""Parse YAML into plain values that remember where in the file they came from.

PyYAML drops positions after construction; content staff need the exact line of a
problem, so mappings and sequences built here keep the mark of every value. Problems that
do not stop parsing (a duplicate key, an alias, a tag) are collected, not raised; a real syntax
error stops it (yamlrecovery.py then blanks out the broken part and parses the rest again).
Values are built in C (cbuilder.pyx) where that module was compiled, else by `_Builder` here.
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
try:  # the same builder in C, compiled at install where a compiler and libyaml's headers are (setup.py)
    from .cbuilder import build as _compiled_build
except ImportError:  # pragma: no cover
    _compiled_build = None  # type: ignore[assignment]

_INT = re.compile(r"^[-+]?[0-9]+$")
_ALLOWED_TAGS = (None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map")


class Position(NamedTuple):
    """A 1-based line and column in a source file (a tuple: there are many of them)."""

    line: int
    column: int


_new_position = tuple.__new__  # Position(line, column) without the Python-level __new__ of a NamedTuple


def _position(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


class YamlMap(dict[Any, Any]):
    """A mapping that knows its own position and that of each key and value."""

    __slots__ = ("marks", "position")  # no instance dict: a large tree has 15,000 mappings
    position: Position
    # Per key, the places of the value and of the key (line and column from 0: `line`, `column`,
    # `key_line`, `key_column`), made positions only when asked for: a large tree has 80,000
    # values, and the loader asks for the place of a third of them. One mark and one dict for both
    # places, because each object more is one more to make and to free per value.
    marks: dict[Any, Any]

    def at(self, key: Any) -> Position:
        """Position of the value for key, or of the mapping when the key is absent."""
        mark = self.marks.get(key)
        return self.position if mark is None else _new_position(Position, (mark.line + 1, mark.column + 1))

    def key_at(self, key: Any) -> Position:
        """Position of key (which must be in the mapping)."""
        mark = self.marks[key]
        return _new_position(Position, (mark.key_line + 1, mark.key_column + 1))


class _EntryMark(NamedTuple):
    """The places of a mapping's value and of its key, as the builder in C keeps them (cbuilder.Mark)."""

    line: int
    column: int
    key_line: int
    key_column: int


class YamlList(list[Any]):
    """A sequence that knows its own position and that of each item."""

    __slots__ = ("item_marks", "position")
    position: Position
    item_marks: list[Any]  # the parser's marks, as in YamlMap

    def at(self, index: int) -> Position:
        """Position of item index."""
        mark = self.item_marks[index]
        return _new_position(Position, (mark.line + 1, mark.column + 1))


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


_PLAIN_WORDS: dict[str, Any] = {
    **dict.fromkeys(("true", "True", "TRUE"), True),
    **dict.fromkeys(("false", "False", "FALSE"), False),
    **dict.fromkeys(("", "~", "null", "Null", "NULL"), None),
}
_NOT_SPECIAL = object()
_INT_START = frozenset("+-0123456789")


def _plain(value: str) -> Any:
    """The value of a plain (unquoted) scalar, YAML 1.2 habits: only true/false are booleans,
    so option ids such as `yes` and `no` stay words; quoted and block scalars are always text."""
    special = _PLAIN_WORDS.get(value, _NOT_SPECIAL)
    if special is not _NOT_SPECIAL:
        return special
    if value[0] in _INT_START and _INT.match(value):
        return int(value)
    return value


_CONTAINER_STARTS = (MappingStartEvent, SequenceStartEvent)
_STOP_EVERY = 4096
"""Values between two checks of the time budget while parsing."""


class _Builder:
    """Plain values straight from the parser's events, keeping every position.

    A 2,000-node tree is 100,000 events, so this is written for speed: a recursive descent (the
    nesting is at most MAX_DEPTH deep) in which each mapping or list reads its own events, and the
    common case (a plain or quoted scalar without a tag) is handled in the loop itself, without
    a call per key and value; containers, aliases and tags go through `value`.
    """

    def __init__(self, get_event: Callable[[], Any], tick: Callable[[Position], None]) -> None:
        self.get_event = get_event
        self.tick = tick
        self.values = 0
        self.next_stop = _STOP_EVERY  # when `counted` next has something to do
        self.issues: list[YamlIssue] = []

    def document(self) -> Any:
        """The value of the first document; the events of any later one are read, not built."""
        root, documents = None, 0
        event = self.get_event()
        while event is not None:  # None after the end of the stream
            kind = type(event)
            if kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self.issues.append(YamlIssue(_start_of(event), "yaml.documents"))
                    while self.get_event() is not None:
                        pass  # a syntax error further on is still reported
                    break
            elif kind is ScalarEvent or kind is AliasEvent or kind in _CONTAINER_STARTS:
                root = self.value(event, 0)
            event = self.get_event()
        return root

    def count(self, event: Any) -> None:
        """One more value (the loops below count inline, the same way)."""
        self.values += 1
        if self.values >= self.next_stop:
            self.counted(event)

    def counted(self, event: Any) -> None:
        """Past MAX_VALUES values stop; every _STOP_EVERY values let the time budget be checked."""
        if self.values > MAX_VALUES:
            raise YamlSyntaxError(YamlIssue(_start_of(event), "too-large.values", {"limit": str(MAX_VALUES)}))
        if self.values % _STOP_EVERY == 0:
            self.tick(_start_of(event))
        self.next_stop = min((self.values // _STOP_EVERY + 1) * _STOP_EVERY, MAX_VALUES + 1)

    def value(self, event: Any, depth: int) -> Any:
        """The value that starts with event; depth: the mappings and lists around it."""
        kind = type(event)
        mark = event.start_mark  # (`_start_of`, inline: every mapping and list passes here)
        position = _new_position(Position, (mark.line + 1, mark.column + 1))
        if kind is AliasEvent:
            # Aliases allow exponential documents ("billion laughs"); blocks cover reuse.
            self.issues.append(YamlIssue(position, "yaml.alias"))
            self.count(event)
            return None
        if event.tag is not None:
            self.check_tag(event)
        if kind is ScalarEvent:
            self.count(event)
            return _scalar_value(event)
        if depth >= MAX_DEPTH:
            raise YamlSyntaxError(YamlIssue(position, "too-large.depth", {"limit": str(MAX_DEPTH)}))
        self.values += 1  # `count`, inline: every mapping and list passes here
        if self.values >= self.next_stop:
            self.counted(event)
        if kind is MappingStartEvent:
            return self.mapping(position, depth + 1)
        return self.sequence(position, depth + 1)

    def mapping(self, position: Position, depth: int) -> YamlMap:
        """The entries up to the end of this mapping; a repeated key is reported and its value dropped."""
        mapping = YamlMap()
        mapping.position = position
        marks: dict[Any, _EntryMark] = {}
        mapping.marks = marks
        get_event = self.get_event
        event = get_event()
        while type(event) is not MappingEndEvent:
            key_mark = event.start_mark
            if type(event) is not ScalarEvent or event.tag is not None:
                key = self.key(event)
            else:  # the usual key: what `key` does, inline
                self.values += 1
                if self.values >= self.next_stop:
                    self.counted(event)
                key = event.value
                if not event.style:  # plain: a word, a number, or (refused) true/false/null
                    special = _PLAIN_WORDS.get(key, _NOT_SPECIAL)
                    if special is not _NOT_SPECIAL:
                        raise YamlSyntaxError(YamlIssue(_position(key_mark), "yaml.key"))
                    if key[0] in _INT_START and _INT.match(key):
                        key = int(key)
            event = get_event()
            if type(event) is ScalarEvent and event.tag is None:  # the usual value: `value`, inline
                self.values += 1
                if self.values >= self.next_stop:
                    self.counted(event)
                item = event.value if event.style else _plain(event.value)
            else:
                item = self.value(event, depth)
            if key in mapping:
                self.issues.append(YamlIssue(_position(key_mark), "yaml.duplicate-key", {"key": str(key)}))
            else:
                value_mark = event.start_mark
                mapping[key] = item
                marks[key] = _EntryMark(value_mark.line, value_mark.column, key_mark.line, key_mark.column)
            event = get_event()
        return mapping

    def check_tag(self, event: Any) -> None:
        """A tag is refused (PyYAML's python/… tags would construct objects; here nothing is constructed)."""
        if event.tag is not None and event.tag not in _ALLOWED_TAGS:
            self.issues.append(YamlIssue(_start_of(event), "yaml.tag", {"tag": str(event.tag)}))

    def key(self, event: Any) -> str | int:
        """A mapping's key: a word or a number, never a mapping, a list, true/false or null."""
        if type(event) is ScalarEvent:
            self.check_tag(event)
            self.count(event)
            key = _scalar_value(event)
            if isinstance(key, (str, int)) and not isinstance(key, bool):
                return key
        raise YamlSyntaxError(YamlIssue(_start_of(event), "yaml.key"))

    def sequence(self, position: Position, depth: int) -> YamlList:
        """The items up to the end of this list."""
        items = YamlList()
        items.position = position
        marks: list[Any] = []
        items.item_marks = marks
        get_event = self.get_event
        event = get_event()
        while type(event) is not SequenceEndEvent:
            if type(event) is ScalarEvent and event.tag is None:  # the usual item: `value`, inline
                self.values += 1
                if self.values >= self.next_stop:
                    self.counted(event)
                items.append(event.value if event.style else _plain(event.value))
            else:
                items.append(self.value(event, depth))
            marks.append(event.start_mark)
            event = get_event()
        return items


def _scalar_value(event: Any) -> Any:
    # event.style is '' (libyaml) or None (pure parser) for a plain scalar
    return event.value if event.style else _plain(event.value)


def _start_of(event: Any) -> Position:
    mark = event.start_mark
    return _new_position(Position, (mark.line + 1, mark.column + 1))


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


def build_in_python(text: str, tick: Callable[[Position], None]) -> tuple[Any, list[YamlIssue]]:
    """The document's value and the problems that did not stop it, built by `_Builder`."""
    builder = _Builder(_Parser(text).get_event, tick)
    return builder.document(), builder.issues


def build_in_c(text: str, tick: Callable[[Position], None]) -> tuple[Any, list[YamlIssue]]:
    """The same, three to four times faster: the builder in C (cbuilder.pyx), when it was compiled."""
    kinds = (YamlMap, YamlList, Position, YamlIssue, YamlSyntaxError)
    rules = (_PLAIN_WORDS, _INT, _ALLOWED_TAGS)
    return _compiled_build(text, tick, kinds, rules, (MAX_DEPTH, MAX_VALUES, _STOP_EVERY))


BUILD = build_in_python if _compiled_build is None else build_in_c
"""How parse_yaml builds values (a module attribute, so that a test can choose)."""


def parse_yaml(text: str, tick: Callable[[Position], None] = lambda _: None) -> tuple[Any, list[YamlIssue]]:
    """Parse one YAML document and the problems that did not stop it; YamlSyntaxError when one did."""
    gc_was_on = gc.isenabled()
    gc.disable()  # a large tree is many small objects and no cycles: collecting only costs time
    try:
        # libyaml only parses; the builder makes plain values, so no YAML tag can ever construct an object.
        root, issues = BUILD(text, tick)
    except yaml.YAMLError as error:
        raise YamlSyntaxError(_syntax_issue(error, text)) from None
    except (ValueError, TypeError, RecursionError) as error:
        raise YamlSyntaxError(YamlIssue(Position(1, 1), "yaml", {"detail": f"invalid YAML: {error}"})) from None
    finally:
        if gc_was_on:
            gc.enable()
    return root, issues

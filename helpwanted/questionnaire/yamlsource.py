"""Parse YAML into plain values that remember where in the file they came from.

PyYAML drops positions after construction; content staff need the exact line of a
problem, so mappings and sequences built here keep the mark of every value.
"""

from __future__ import annotations

import gc
import re
from typing import Any, NamedTuple

import yaml

_Parser: Any
try:  # libyaml is bundled in PyYAML's wheels; the pure-Python parser is the fallback.
    from yaml._yaml import CParser

    _Parser = CParser
except ImportError:  # pragma: no cover
    _Parser = yaml.BaseLoader  # its check_event/get_event are the pure parser

_INT = re.compile(r"^[-+]?[0-9]+$")
_ALLOWED_TAGS = (None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map")


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


class YamlSyntaxError(Exception):
    """The text is not YAML we accept; carries a position for the report."""

    def __init__(self, message: str, position: Position) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


def _scalar(event: yaml.ScalarEvent) -> Any:
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


class _Builder:
    """Plain values straight from the parser's events, keeping every position."""

    def __init__(self) -> None:
        self.stack: list[YamlMap | YamlList] = []
        self.keys: list[Any] = []  # the pending key of each open mapping (a sentinel when none)
        self.root: Any = None
        self.documents = 0

    def add(self, value: Any, mark: Any) -> None:
        if not self.stack:
            self.root = value
            return
        top, position = self.stack[-1], _position(mark)
        if isinstance(top, YamlList):
            top.append(value)
            top.item_positions.append(position)
        elif self.keys[-1] is _NO_KEY:
            if not isinstance(value, (str, int)) or isinstance(value, bool):
                raise YamlSyntaxError("a key must be a plain word", position)
            if value in top:
                raise YamlSyntaxError(f"duplicate key {value!r}", position)
            self.keys[-1] = value
            top.key_positions[value] = position
        else:
            key = self.keys[-1]
            top[key] = value
            top.value_positions[key] = position
            self.keys[-1] = _NO_KEY

    def open(self, container: YamlMap | YamlList, mark: Any) -> None:
        container.position = _position(mark)
        self.add(container, mark)
        self.stack.append(container)
        self.keys.append(_NO_KEY)

    def event(self, event: Any) -> None:
        kind = type(event).__name__
        tag = getattr(event, "tag", None)
        if tag not in _ALLOWED_TAGS:
            raise YamlSyntaxError(f"tags such as {tag!r} are not supported", _position(event.start_mark))
        if kind == "ScalarEvent":
            self.add(_scalar(event), event.start_mark)
        elif kind == "MappingStartEvent":
            mapping = YamlMap()
            mapping.key_positions, mapping.value_positions = {}, {}
            self.open(mapping, event.start_mark)
        elif kind == "SequenceStartEvent":
            items = YamlList()
            items.item_positions = []
            self.open(items, event.start_mark)
        elif kind in ("MappingEndEvent", "SequenceEndEvent"):
            self.stack.pop()
            self.keys.pop()
        elif kind == "AliasEvent":
            # Aliases allow exponential documents ("billion laughs"); blocks cover reuse.
            raise YamlSyntaxError(
                "aliases (*name) are not supported; use a block for reuse", _position(event.start_mark)
            )
        elif kind == "DocumentStartEvent":
            self.documents += 1
            if self.documents > 1:
                raise YamlSyntaxError("one file holds one questionnaire: remove the '---'", _position(event.start_mark))


_NO_KEY = object()


def parse_yaml(text: str) -> Any:
    """Parse one YAML document; raise YamlSyntaxError with a position on any failure."""
    try:
        # libyaml only parses; _Builder makes plain values, so no YAML tag can ever
        # construct an object.
        gc_was_on = gc.isenabled()
        gc.disable()  # a large tree is many small objects and no cycles: collecting only costs time
        try:
            parser, builder = _Parser(text), _Builder()
            while parser.check_event():
                builder.event(parser.get_event())
            return builder.root
        finally:
            if gc_was_on:
                gc.enable()
    except YamlSyntaxError:
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        position = _position(mark) if mark is not None else Position(1, 1)
        context = error.context
        if context and error.context_mark is not None and error.context_mark is not mark:
            context += f" (started at line {error.context_mark.line + 1})"
        message = " ".join(part for part in (context, error.problem) if part)
        raise YamlSyntaxError(message or "invalid YAML", position) from None
    except yaml.YAMLError as error:
        raise YamlSyntaxError(str(error).splitlines()[0], Position(1, 1)) from None
    except (ValueError, TypeError, RecursionError) as error:
        raise YamlSyntaxError(f"invalid YAML: {error}", Position(1, 1)) from None

"""Parse YAML into plain values that remember where in the file they came from.

PyYAML drops positions after construction; content staff need the exact line of a
problem, so mappings and sequences built here keep the mark of every value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

try:  # libyaml is bundled in PyYAML's wheels; the pure parser is the fallback.
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover
    _BaseLoader = yaml.SafeLoader


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in a source file."""

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


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """SafeLoader without aliases and without YAML 1.1's yes/no/on/off booleans."""

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        # Each node is built once; meeting one again means an alias (*name). Aliases
        # allow exponential documents ("billion laughs") and blocks cover reuse.
        if node in self.constructed_objects:
            raise YamlSyntaxError(
                "aliases (*name) are not supported; use a block for reuse",
                _position(node.start_mark),
            )
        return super().construct_object(node, deep=deep)


# Only true/false are booleans: option ids such as `yes` and `no` must stay strings.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> YamlMap:
    loader.flatten_mapping(node)
    result = YamlMap()
    result.position = _position(node.start_mark)
    result.key_positions = {}
    result.value_positions = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) or key is None:
            raise YamlSyntaxError("a key must be a plain word", _position(key_node.start_mark))
        if key in result:
            raise YamlSyntaxError(f"duplicate key {key!r}", _position(key_node.start_mark))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_positions[key] = _position(key_node.start_mark)
        result.value_positions[key] = _position(value_node.start_mark)
    return result


def _construct_list(loader: _Loader, node: yaml.SequenceNode) -> YamlList:
    result = YamlList(loader.construct_object(child, deep=True) for child in node.value)
    result.position = _position(node.start_mark)
    result.item_positions = [_position(child.start_mark) for child in node.value]
    return result


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_list)


def parse_yaml(text: str) -> Any:
    """Parse one YAML document; raise YamlSyntaxError with a position on any failure."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
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

"""Read and write a questionnaire's YAML without losing its comments, order or formatting.

The form editor changes single values in the file; everything else stays byte for byte as
the editor (or a developer) wrote it. ruamel.yaml's round-trip mode keeps comments, key
order, flow style and quotes; values we write take the quoting style of the value they replace.
"""

from __future__ import annotations

import io
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.util import load_yaml_guess_indent

from ..questionnaire import MAX_DEPTH, MAX_SOURCE_BYTES, utf8_size

Path = tuple[str | int, ...]
"""Where a value lives in the document, e.g. ('nodes', 3, 'options', 0, 'label')."""


class NotEditable(Exception):
    """The text is not YAML the form can edit (a syntax error, or not a questionnaire's shape)."""


class Document:
    """One questionnaire file held for editing; `dump()` gives the text back."""

    def __init__(self, text: str, list_key: str = "nodes") -> None:
        _refuse_what_ruamel_cannot_bound(text)
        try:
            _, indent, offset = load_yaml_guess_indent(text, yaml=_GUESS_ONLY) if text.strip() else (None, 2, 0)
            self.yaml = _yaml(indent or 2, offset or 0)
            self.data = self.yaml.load(text)
        except Exception as error:  # ruamel.yaml on any text a user saved: see below
            # Not only YAMLError: its indent guesser indexes past the end of a line such as '---'
            # after 'key:' (IndexError, attack 4), and a draft that fails here is opened on every
            # edit page. Whatever it raises, the text is "not editable in the form", never a 500.
            raise NotEditable(str(error).splitlines()[0] if str(error) else "invalid YAML") from None
        wanted = CommentedSeq if list_key == "nodes" else CommentedMap
        if not isinstance(self.data, CommentedMap) or not isinstance(self.data.get(list_key), wanted):
            raise NotEditable(f"the file has no {list_key}")
        self.trailing_newline = text.endswith("\n")

    def dump(self) -> str:
        """The document as text again."""
        out = io.StringIO()
        self.yaml.dump(self.data, out)
        text = out.getvalue()
        return text if self.trailing_newline else text.rstrip("\n")

    def get(self, path: Path) -> Any:
        """The value at path, or None when any part is missing."""
        value: Any = self.data
        for part in path:
            try:
                value = value[part]
            except (KeyError, IndexError, TypeError):
                return None
        return value

    def set_value(self, path: Path, value: Any) -> bool:
        """Set (or with None, remove) the value at path, quoted like the value it replaces."""
        parent, key = self.get(path[:-1]), path[-1]
        if not isinstance(parent, CommentedMap):
            raise NotEditable(f"no place for {'/'.join(map(str, path))}")
        old = parent.get(key)
        if value is None:
            if key in parent:
                del parent[key]
                return True
            return False
        if old is not None and str(old) == str(value) and type(old) is not CommentedMap:
            return False
        parent[key] = styled_like(old, value) if isinstance(value, str) else value
        return True

    def set_text(self, path: Path, language: str, value: str) -> bool:
        """Set one language of the text at path; True when the file changed."""
        text = self.get(path)
        if not isinstance(text, CommentedMap):
            if value.strip() == "":
                return False  # an optional text (hint, introduction) left empty stays absent
            parent = self.get(path[:-1])
            if not isinstance(parent, CommentedMap):
                raise NotEditable(f"no place for {'/'.join(map(str, path))}")
            text = flow_map({})
            parent[path[-1]] = text
        old = text.get(language)
        if old is not None and str(old) == value:
            return False
        text[language] = styled_like(old, value)
        return True


class _GuessOnly:
    """Stands in for the YAML that `load_yaml_guess_indent` loads the text with after guessing.

    The guess reads the lines only; its own load would parse the whole text a second time (half
    the cost of opening an edit page) just to be thrown away: `Document` loads it with its settings.
    """

    def load(self, _text: str) -> None:
        return None


_GUESS_ONLY = _GuessOnly()


def _yaml(indent: int, offset: int) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100_000  # never re-wrap a long line of advice text
    yaml.indent(mapping=2, sequence=max(indent, offset + 2), offset=offset)
    yaml.allow_duplicate_keys = False
    return yaml


def flow_map(values: dict[str, Any]) -> CommentedMap:
    """A `{nl: "…", en: "…"}` mapping, written on one line like the shipped files."""
    mapping = CommentedMap()
    for key, value in values.items():
        mapping[key] = DoubleQuotedScalarString(value) if isinstance(value, str) else value
    mapping.fa.set_flow_style()
    return mapping


def styled_like(old: Any, value: str) -> Any:
    """value, quoted the way the value it replaces was (double quotes for new texts)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(old, LiteralScalarString):
        return LiteralScalarString(value if value.endswith("\n") else value + "\n")
    if isinstance(old, FoldedScalarString):
        return FoldedScalarString(value)
    if isinstance(old, SingleQuotedScalarString) and "\n" not in value:
        return SingleQuotedScalarString(value)
    if type(old) is str and "\n" not in value:
        return value  # it was plain: ruamel keeps it plain where YAML allows, and quotes it where not
    return DoubleQuotedScalarString(value)


def line_of(container: Any, key: str | int) -> int | None:
    """The 1-based line where container[key]'s value starts (None when unknown)."""
    try:
        if isinstance(container, CommentedSeq):
            return int(container.lc.item(key)[0]) + 1
        return int(container.lc.value(key)[0]) + 1
    except (KeyError, IndexError, AttributeError, TypeError):
        return None


def last_line(value: Any, fallback: int) -> int:
    """The last line a mapping or sequence's values start on (for where a text ends)."""
    lines = [fallback]
    if isinstance(value, CommentedMap):
        lines += [line_of(value, key) or fallback for key in value]
        nested = [item for item in value.values() if isinstance(item, (CommentedMap, CommentedSeq))]
        lines += [last_line(item, fallback) for item in nested]
    elif isinstance(value, CommentedSeq):
        lines += [line_of(value, index) or fallback for index in range(len(value))]
        lines += [last_line(item, fallback) for item in value if isinstance(item, (CommentedMap, CommentedSeq))]
    return max(lines)


_OPENS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSES = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_VALUES = (*_OPENS, yaml.ScalarEvent, yaml.AliasEvent)

MAX_FORM_VALUES = 5_000
"""YAML values (keys, texts, lists, mappings) the form editor reads at most.

ruamel.yaml takes about 0.15 ms of processor time per value, on every open of an edit page (the
largest shipped questionnaire, about 1,700 values: 0.25 s); the checker allows 200,000 (30 s).
"""


def _refuse_what_ruamel_cannot_bound(text: str) -> None:
    """NotEditable for a text over the engine's size or nesting limits, before ruamel.yaml sees it.

    ruamel.yaml has no limits of its own: a 10 KB draft of 5,000 nested brackets keeps it busy for
    minutes (its scanner is quadratic in the nesting) or ends in a RecursionError, on every open of
    the edit page. libyaml's event stream is linear, so counting the depth there stops such a text
    at the first level too deep. A text libyaml cannot read is not editable in the form either.
    """
    if utf8_size(text) > MAX_SOURCE_BYTES:
        raise NotEditable(f"the file is larger than {MAX_SOURCE_BYTES // 1024} KiB")
    depth = values = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, _VALUES):
                values += 1
                if values > MAX_FORM_VALUES:
                    raise NotEditable(f"the file has more than {MAX_FORM_VALUES:,} values (the form's limit)")
            if isinstance(event, _OPENS):
                depth += 1
                if depth > MAX_DEPTH:
                    raise NotEditable(f"the file nests more than {MAX_DEPTH} levels deep")
            elif isinstance(event, _CLOSES):
                depth -= 1
    except yaml.YAMLError as error:
        raise NotEditable(str(error).splitlines()[0] if str(error) else "invalid YAML") from None

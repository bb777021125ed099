"""Readable changes: per box of the flow, each text that changed, word by word, side by side.

Texts are matched by where they live (`texts.keyed_texts`: node and option ids, not line
numbers), so moving a node does not show as a change; routing changes are listed apart.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..questionnaire import Tree
from ..questionnaire.texts import keyed_texts

TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Segment:
    """A run of words, changed (deleted on the left, inserted on the right) or not."""

    text: str
    changed: bool


@dataclass(frozen=True)
class TextChange:
    """One language of one text: before and after, as segments."""

    key: str
    language: str
    before: tuple[Segment, ...]
    after: tuple[Segment, ...]


@dataclass
class Group:
    """The changes inside one box (node), block, or the home-page texts."""

    key: str
    changes: list[TextChange] = field(default_factory=list)
    routes: list[tuple[str, str]] = field(default_factory=list)  # (before, after) descriptions


@dataclass(frozen=True)
class Comparison:
    """Everything that differs between two versions, grouped per box."""

    groups: tuple[Group, ...]
    added_nodes: tuple[str, ...]
    removed_nodes: tuple[str, ...]

    @property
    def empty(self) -> bool:
        """Whether nothing visible changed."""
        return not (self.groups or self.added_nodes or self.removed_nodes)


def words(before: str, after: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    """The two texts split into segments, with the changed words marked on each side."""
    old, new = TOKEN.findall(before), TOKEN.findall(after)
    left: list[Segment] = []
    right: list[Segment] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            left.append(Segment("".join(old[i1:i2]), False))
            right.append(Segment("".join(new[j1:j2]), False))
            continue
        if i2 > i1:
            left.append(Segment("".join(old[i1:i2]), True))
        if j2 > j1:
            right.append(Segment("".join(new[j1:j2]), True))
    return _joined(left), _joined(right)


def _joined(segments: list[Segment]) -> tuple[Segment, ...]:
    """Changed words separated only by spaces read as one change: '<del>261 52 75</del>', not three."""
    joined: list[Segment] = []
    for index, segment in enumerate(segments):
        between = (
            not segment.changed
            and not segment.text.strip()
            and 0 < index < len(segments) - 1
            and segments[index - 1].changed
            and segments[index + 1].changed
        )
        if (segment.changed or between) and joined and joined[-1].changed:
            joined[-1] = Segment(joined[-1].text + segment.text, True)
        else:
            joined.append(Segment(segment.text, segment.changed or between))
    return tuple(joined)


def group_of(key: str) -> str:
    """'node:age:option:adult:label' belongs to node 'age'; block and home texts to their own group."""
    parts = key.split(":")
    if parts[0] in ("node", "block"):
        return ":".join(parts[:2])
    return "home"


def _routes(tree: Tree) -> dict[str, str]:
    found = {}
    for node in tree.nodes.values():
        for option in node.options:
            found[f"node:{node.id}:option:{option.id}"] = ", ".join(r.target for r in option.routes)
        found[f"node:{node.id}:next"] = ", ".join(r.target for r in node.routes)
    return found


def compare(before: Tree | None, after: Tree, languages: Sequence[str]) -> Comparison:
    """What changed from before (None: nothing was live yet) to after: texts word by word, routes, boxes."""
    groups: dict[str, Group] = {}
    old, new = keyed_texts(before) if before else {}, keyed_texts(after)
    for key in [*new, *(k for k in old if k not in new)]:
        for language in languages:
            a = old[key].by_language.get(language, "") if key in old else ""
            b = new[key].by_language.get(language, "") if key in new else ""
            if a != b:
                left, right = words(a, b)
                groups.setdefault(group_of(key), Group(group_of(key))).changes.append(
                    TextChange(key, language, left, right)
                )
    old_routes, new_routes = _routes(before) if before else {}, _routes(after)
    for key, target in new_routes.items():
        if key in old_routes and old_routes[key] != target:
            groups.setdefault(group_of(key), Group(group_of(key))).routes.append((old_routes[key], target))
    return Comparison(
        tuple(groups.values()),
        tuple(n for n in after.nodes if before is None or n not in before.nodes),
        tuple(n for n in before.nodes if n not in after.nodes) if before else (),
    )

"""Every path through a tree, and the tree as a DOT or Mermaid graph."""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from .engine import Progress, answer, start, walk
from .limits import BIDI_CONTROLS, CONTROL_CHARACTERS
from .model import Kind, Tree


@dataclass(frozen=True)
class Path:
    """One way through a tree: the answers in order and the outcome reached."""

    answers: tuple[tuple[str, tuple[str, ...]], ...]
    outcome: str

    @property
    def questions(self) -> int:
        """How many questions the visitor answers on this path."""
        return sum(1 for _, choice in self.answers if choice)


def _choices(tree: Tree, node_id: str) -> list[tuple[str, ...]]:
    node = tree.nodes[node_id]
    if node.kind is Kind.INFO:
        return [()]
    # A multiple-choice question is followed with each option alone and all together.
    singles: list[tuple[str, ...]] = [(option.id,) for option in node.options]
    if node.multiple and len(node.options) > 1:
        return [*singles, tuple(option.id for option in node.options)]
    return singles


def all_paths(tree: Tree, limit: int = 10_000) -> list[Path]:
    """Every path from the start to an outcome (at most limit of them), depth first."""
    paths: list[Path] = []
    pending: list[tuple[Progress, tuple[tuple[str, tuple[str, ...]], ...]]] = [(start(tree), ())]
    while pending and len(paths) < limit:
        progress, taken = pending.pop()
        current = walk(tree, progress)
        if current.finished:
            paths.append(Path(taken, current.current.id))
            continue
        for choice in reversed(_choices(tree, current.current.id)):
            step = (current.current.id, choice)
            pending.append((answer(tree, progress, current.current.id, choice), (*taken, step)))
    return paths


def _clean(text: str) -> str:
    """One line, without control or direction characters (they would reorder what staff see)."""
    return BIDI_CONTROLS.sub("", CONTROL_CHARACTERS.sub(" ", text.replace("\n", " ").replace("\r", " ")))


def _dot(text: str) -> str:
    """A DOT quoted string: nothing in text can end the quotes or add attributes."""
    return '"' + _clean(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


_MERMAID_ENTITIES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "|": "#124;", "`": "#96;"}


def _mermaid(text: str) -> str:
    """Text for inside a quoted Mermaid label: quotes, HTML and Markdown strings written as entities."""
    return "".join(_MERMAID_ENTITIES.get(character, character) for character in _clean(text))


def _edges(tree: Tree, language: str | None, condition_label: str) -> list[tuple[str, str, str]]:
    edges = []
    for node in tree.nodes.values():
        for option in node.options:
            for route in option.routes:
                edges.append((node.id, route.target, option.label.get(language or "")))
        for route in node.routes:
            label = ""
            if route.when is not None:
                condition = ", ".join(f"{q}={'/'.join(sorted(o))}" for q, o in route.when.requires)
                label = condition_label.format(condition=condition)
            edges.append((node.id, route.target, label))
    return edges


def to_dot(tree: Tree, language: str | None = None, condition_label: str = "if {condition}") -> str:
    """The tree in Graphviz DOT: boxes for questions, notes for outcomes.

    Texts are in language (None: the tree's source language); condition_label words a
    conditional route in the caller's language, e.g. "als {condition}".
    """
    shapes = {Kind.QUESTION: "box", Kind.INFO: "note", Kind.OUTCOME: "doubleoctagon"}
    lines = [f"digraph {_dot(tree.id)} {{", "  rankdir=TB;", '  node [fontname="sans-serif"];']
    for node in tree.nodes.values():
        title = _dot(node.title.get(language or ""))
        lines.append(f"  {_dot(node.id)} [shape={shapes[node.kind]}, label={title}];")
    for source, target, label in _edges(tree, language, condition_label):
        lines.append(f"  {_dot(source)} -> {_dot(target)} [label={_dot(label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_mermaid(tree: Tree, language: str | None = None, condition_label: str = "if {condition}") -> str:
    """The tree as a Mermaid flowchart (see to_dot for the arguments)."""
    shapes = {Kind.QUESTION: ('["', '"]'), Kind.INFO: ('[/"', '"/]'), Kind.OUTCOME: ('(["', '"])')}
    ids = {node_id: f"n{index}" for index, node_id in enumerate(tree.nodes)}
    lines = ["flowchart TD"]
    for node in tree.nodes.values():
        opening, closing = shapes[node.kind]
        lines.append(f"  {ids[node.id]}{opening}{_mermaid(node.title.get(language or ''))}{closing}")
    for source, target, label in _edges(tree, language, condition_label):
        arrow = f' -->|"{_mermaid(label)}"| ' if label else " --> "
        if target in ids:
            lines.append(f"  {ids[source]}{arrow}{ids[target]}")
    return "\n".join(lines) + "\n"


def longest_remaining(tree: Tree, node_id: str) -> int:
    """The most questions and pages a visitor may still see from node_id, itself included.

    Remembered per tree object (every visitor page asks it): a tree is frozen and unhashable, so
    the table sits beside it, keyed by its identity and dropped when the tree is collected.
    """
    table = _LONGEST.get(id(tree))
    if table is None:
        table = _LONGEST[id(tree)] = {}
        weakref.finalize(tree, _LONGEST.pop, id(tree), None)
    if node_id not in table:  # only the node asked for: the others' figures depend on where a walk began in a loop
        table[node_id] = _longest_from(tree, node_id)[node_id]
    return table[node_id]


_LONGEST: dict[int, dict[str, int]] = {}
"""Per live tree (by id): node id → longest_remaining (a frozen tree's figures never change)."""


def _longest_from(tree: Tree, node_id: str) -> dict[str, int]:
    """longest_remaining for node_id and every node below it; visits each of them once."""
    longest: dict[str, int] = {}
    entered: set[str] = set()
    pending = [node_id]
    while pending:  # iterative post-order, so deep trees cannot overflow the stack
        current = pending[-1]
        below = [r.target for r in tree.nodes[current].all_routes() if r.target in tree.nodes]
        if current not in entered:
            entered.add(current)
            pending.extend(target for target in below if target not in entered)
            continue
        pending.pop()  # second visit: everything below is done
        if current not in longest:
            own = 0 if tree.nodes[current].kind is Kind.OUTCOME else 1
            longest[current] = own + max((longest.get(target, 0) for target in below), default=0)
    return longest

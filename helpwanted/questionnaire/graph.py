"""Every path through a tree, and the tree as a DOT or Mermaid graph."""

from __future__ import annotations

from dataclasses import dataclass

from .engine import Progress, answer, start, walk
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


def _label(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', "'").replace("\n", " ")


def _edges(tree: Tree, language: str) -> list[tuple[str, str, str]]:
    edges = []
    for node in tree.nodes.values():
        for option in node.options:
            for route in option.routes:
                edges.append((node.id, route.target, option.label.get(language)))
        for route in node.routes:
            label = ""
            if route.when is not None:
                label = "als " if language == "nl" else "if "
                label += ", ".join(f"{q}={'/'.join(sorted(o))}" for q, o in route.when.requires)
            edges.append((node.id, route.target, label))
    return edges


def to_dot(tree: Tree, language: str = "nl") -> str:
    """The tree in Graphviz DOT: boxes for questions, notes for outcomes."""
    shapes = {Kind.QUESTION: "box", Kind.INFO: "note", Kind.OUTCOME: "doubleoctagon"}
    lines = [f'digraph "{tree.id}" {{', "  rankdir=TB;", '  node [fontname="sans-serif"];']
    for node in tree.nodes.values():
        lines.append(f'  "{node.id}" [shape={shapes[node.kind]}, label="{_label(node.title.get(language))}"];')
    for source, target, label in _edges(tree, language):
        lines.append(f'  "{source}" -> "{target}" [label="{_label(label)}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_mermaid(tree: Tree, language: str = "nl") -> str:
    """The tree as a Mermaid flowchart."""
    shapes = {Kind.QUESTION: ('["', '"]'), Kind.INFO: ('[/"', '"/]'), Kind.OUTCOME: ('(["', '"])')}
    ids = {node_id: f"n{index}" for index, node_id in enumerate(tree.nodes)}
    lines = ["flowchart TD"]
    for node in tree.nodes.values():
        opening, closing = shapes[node.kind]
        lines.append(f"  {ids[node.id]}{opening}{_label(node.title.get(language))}{closing}")
    for source, target, label in _edges(tree, language):
        arrow = f' -->|"{_label(label)}"| ' if label else " --> "
        if target in ids:
            lines.append(f"  {ids[source]}{arrow}{ids[target]}")
    return "\n".join(lines) + "\n"


def longest_remaining(tree: Tree, node_id: str) -> int:
    """The most questions and pages a visitor may still see from node_id, itself included."""
    cache = tree.__dict__.setdefault("_longest", {})  # a frozen tree may still memoise
    if node_id not in cache:
        order: list[str] = []
        pending = [node_id]
        while pending:  # iterative post-order, so deep trees cannot overflow the stack
            current = pending[-1]
            targets = [r.target for r in tree.nodes[current].all_routes() if r.target not in cache]
            if not targets or current in order:
                pending.pop()
                if current not in cache:
                    node = tree.nodes[current]
                    below = [cache[r.target] for r in node.all_routes() if r.target in cache]
                    cache[current] = (0 if node.kind is Kind.OUTCOME else 1) + max(below, default=0)
            else:
                order.append(current)
                pending.extend(targets)
    return int(cache[node_id])

"""Walking a tree: a visitor's progress is a small value, the tree never changes.

The path is never stored; it is replayed from the start with the answers given, so that
changing an earlier answer keeps exactly the answers still on the new path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .model import Answers, Kind, Node, Route, Step, Tree


class ProgressError(Exception):
    """The progress or the answer does not fit the tree; the visitor should start again."""


class StaleProgress(ProgressError):
    """The progress was made on another version of the tree."""


class InvalidAnswer(ProgressError):
    """An answer names a node that is not on the path or an option the node lacks."""


@dataclass(frozen=True)
class Progress:
    """Where one visitor is in one version of one tree: the answers given, nothing else."""

    tree_id: str
    version: str
    answers: Mapping[str, tuple[str, ...]]

    def to_data(self) -> dict[str, Any]:
        """A JSON-ready form for the signed session."""
        return {"t": self.tree_id, "v": self.version, "a": {k: list(v) for k, v in self.answers.items()}}

    @classmethod
    def from_data(cls, data: Any) -> Progress:
        """Rebuild from to_data(); raise ProgressError on anything else."""
        try:
            answers = {str(k): tuple(str(o) for o in v) for k, v in data["a"].items()}
            return cls(str(data["t"]), str(data["v"]), answers)
        except (KeyError, TypeError, AttributeError) as error:
            raise ProgressError("unreadable progress") from error


@dataclass(frozen=True)
class Walk:
    """The replayed path: node ids from the start, ending at the current node."""

    path: tuple[str, ...]
    current: Node

    @property
    def finished(self) -> bool:
        """Whether the walk has reached an outcome."""
        return self.current.kind is Kind.OUTCOME


def start(tree: Tree) -> Progress:
    """A fresh progress at the start of tree."""
    return Progress(tree.id, tree.version, {})


def follow(routes: tuple[Route, ...], answers: Answers) -> str | None:
    """The target of the first route whose condition holds."""
    for route in routes:
        if route.when is None or route.when.holds(answers):
            return route.target
    return None


def next_node_id(node: Node, choice: tuple[str, ...], answers: Answers) -> str | None:
    """Where a node leads, given its choice and the answers so far."""
    if node.kind is Kind.QUESTION and not node.multiple:
        option = node.option(choice[0]) if choice else None
        if option is not None and option.routes:
            return follow(option.routes, answers)
    return follow(node.routes, answers)


def walk(tree: Tree, progress: Progress, start_at: str | None = None) -> Walk:
    """Replay the answers from the start (or start_at, for previews) to the first open node."""
    if progress.tree_id != tree.id or progress.version != tree.version:
        raise StaleProgress(f"progress is for {progress.tree_id}@{progress.version}")
    path: list[str] = []
    node = tree.nodes[start_at or tree.start]
    while True:
        path.append(node.id)
        if node.kind is Kind.OUTCOME or node.id not in progress.answers:
            return Walk(tuple(path), node)
        target = next_node_id(node, progress.answers[node.id], progress.answers)
        if target is None or target not in tree.nodes or len(path) > len(tree.nodes):
            raise ProgressError(f"no way on from {node.id!r}")  # a checked tree never gets here
        node = tree.nodes[target]


def validate_choice(node: Node, choice: tuple[str, ...]) -> None:
    """Raise InvalidAnswer unless choice is a valid answer to node."""
    if node.kind is Kind.INFO and choice:
        raise InvalidAnswer("an information page takes no answer")
    if node.kind is Kind.QUESTION:
        if not choice or (len(choice) > 1 and not node.multiple) or len(set(choice)) != len(choice):
            raise InvalidAnswer("wrong number of options")
        if any(node.option(option_id) is None for option_id in choice):
            raise InvalidAnswer("unknown option")
    if node.kind is Kind.OUTCOME:
        raise InvalidAnswer("an outcome takes no answer")


def answer(
    tree: Tree, progress: Progress, node_id: str, choice: tuple[str, ...], start_at: str | None = None
) -> Progress:
    """Answer a node on the current path; answers no longer on the path are dropped."""
    return answer_and_walk(tree, progress, node_id, choice, start_at)[0]


def answer_and_walk(
    tree: Tree,
    progress: Progress,
    node_id: str,
    choice: tuple[str, ...],
    start_at: str | None = None,
    before: Walk | None = None,
) -> tuple[Progress, Walk]:
    """`answer`, also returning the new walk; pass the walk of progress as `before` if you have it.

    A request that walked already and then answers replays the path once more, not three times.
    """
    before = before or walk(tree, progress, start_at)
    if node_id not in before.path:
        raise InvalidAnswer(f"{node_id!r} is not on the path")
    validate_choice(tree.nodes[node_id], choice)
    answers = {**progress.answers, node_id: choice}
    after = walk(tree, Progress(tree.id, tree.version, answers), start_at)
    kept = {k: v for k, v in answers.items() if k in after.path}
    if len(kept) < len(answers):  # a condition may have read a dropped answer: walk what is kept
        after = walk(tree, Progress(tree.id, tree.version, kept), start_at)
    return Progress(tree.id, tree.version, kept), after


def answered_path(tree: Tree, progress: Progress, walked: Walk | None = None) -> list[tuple[Node, tuple[str, ...]]]:
    """The questions answered on the path, with their answers, in order (walked: progress's walk, if known)."""
    return [
        (tree.nodes[node_id], progress.answers[node_id])
        for node_id in (walked or walk(tree, progress)).path
        if node_id in progress.answers and tree.nodes[node_id].kind is Kind.QUESTION
    ]


def advice_steps(tree: Tree, outcome: Node, answers: Answers) -> list[Step]:
    """Every step shown for these answers, "do this first" ones first, blocks resolved to their text."""
    first, rest = advice_parts(tree, outcome, answers)
    return first + rest


def advice_parts(tree: Tree, outcome: Node, answers: Answers) -> tuple[list[Step], list[Step]]:
    """The outcome's shown steps split in two: "do this first" (top of the page) and the rest."""
    return _shown(tree, outcome.first, answers), _shown(tree, outcome.steps, answers)


def shown_steps(outcome: Node, answers: Answers) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Which of the outcome's "do this first" steps and other steps are shown, by their index.

    With the tree's version and the outcome they decide everything advice_parts gives.
    """
    return _shown_indexes(outcome.first, answers), _shown_indexes(outcome.steps, answers)


def _shown_indexes(steps: tuple[Step, ...], answers: Answers) -> tuple[int, ...]:
    return tuple(index for index, step in enumerate(steps) if step.when is None or step.when.holds(answers))


def _shown(tree: Tree, steps: tuple[Step, ...], answers: Answers) -> list[Step]:
    """The steps whose conditions hold, blocks resolved to their text."""
    shown = []
    for index in _shown_indexes(steps, answers):
        step = steps[index]
        if step.block is not None:
            block = tree.blocks[step.block]
            step = Step(block.text, None, None, step.contacts, step.position)
        shown.append(step)
    return shown

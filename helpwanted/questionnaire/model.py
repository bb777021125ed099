"""The immutable questionnaire model that the loader builds and the engine walks.

Immutable by type: mypy (strict, in CI) refuses an assignment to any field of a model class, as it
refuses a change to the model's maps, which are Mappings. At run time the classes are plain slotted
dataclasses: a frozen dataclass sets each field through `object.__setattr__`, and that was 9 % of
checking a large tree (77,000 fields on a 2,000-node one). Only the Tree, one per check, is frozen at
run time as well.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TypeVar, dataclass_transform

from .yamlsource import Position

_Class = TypeVar("_Class")


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def model(cls: type[_Class]) -> type[_Class]:
    """A model class: frozen for the type checker, a slotted dataclass at run time (see above).

    Hashed and compared by value, as a frozen dataclass is.
    """
    return dataclass(slots=True, unsafe_hash=True)(cls)


class Kind(str, Enum):
    """What a node is: a question, an information page, or an outcome (advice)."""

    QUESTION = "question"
    INFO = "info"
    OUTCOME = "outcome"


URGENCIES = ("urgent", "high", "normal")

Answers = Mapping[str, tuple[str, ...]]
"""Chosen option ids per question id; an information page answered with ()."""


@model
class Text:
    """Visitor-facing text in every language, keyed by language code."""

    by_language: Mapping[str, str]
    position: Position

    def get(self, language: str, fallback: str | None = None) -> str:
        """The text in language, else in fallback (when given), else in the source language, else empty.

        The loader keeps the configured order, so the first text is the source language's.
        """
        found = self.by_language.get(language)
        if found:
            return found
        if fallback is not None:
            return self.by_language.get(fallback, "")
        return next(iter(self.by_language.values()), "")


@model
class Condition:
    """Holds when, for every named question, one of the listed options was chosen."""

    requires: tuple[tuple[str, frozenset[str]], ...]
    position: Position

    def holds(self, answers: Answers) -> bool:
        """Whether the answers given so far satisfy every requirement."""
        return all(set(answers.get(question, ())) & options for question, options in self.requires)


@model
class Route:
    """Go to target, when the condition holds (no condition: always)."""

    target: str
    when: Condition | None
    position: Position


@model
class Option:
    """One answer to a question, with its own routes (empty: the question's)."""

    id: str
    label: Text
    hint: Text | None
    routes: tuple[Route, ...]
    position: Position


@model
class Step:
    """One advice step: own text or a reusable block, shown when the condition holds."""

    text: Text | None
    block: str | None
    when: Condition | None
    contacts: tuple[str, ...]
    position: Position


@model
class Block:
    """A reusable advice text; a required block must be part of every outcome."""

    id: str
    text: Text
    required: bool
    position: Position


@model
class Node:
    """A question, information page or outcome; fields unused by a kind stay empty."""

    id: str
    kind: Kind
    position: Position
    title: Text
    text: Text | None = None
    multiple: bool = False
    safety: bool = False
    options: tuple[Option, ...] = ()
    routes: tuple[Route, ...] = ()
    steps: tuple[Step, ...] = ()
    first: tuple[Step, ...] = ()  # an outcome's "do this first" (at most three), shown above the steps
    tags: Mapping[str, str] = field(default_factory=dict)
    see_also: tuple[str, ...] = ()

    def option(self, option_id: str) -> Option | None:
        """The option with this id, if the node has one."""
        return next((option for option in self.options if option.id == option_id), None)

    def all_steps(self) -> tuple[Step, ...]:
        """An outcome's steps in the order shown: "do this first", then the rest."""
        return self.first + self.steps

    def all_routes(self) -> tuple[Route, ...]:
        """Every route out of this node, from options and from the node itself."""
        if not self.options:
            return self.routes
        # (a list, not a generator: the checks ask three times per node, and this is 2.7 times faster)
        return tuple([route for option in self.options for route in option.routes]) + self.routes


@model
class Scenario:
    """Given these answers, the walk must reach the expected outcome."""

    name: str
    answers: Answers
    expect: str
    position: Position


@dataclass(frozen=True, slots=True, weakref_slot=True)  # (graph.py forgets its figures for a tree that is gone)
class Tree:
    """One validated questionnaire; version is a hash of its source text."""

    id: str
    version: str
    source: str
    title: Text
    summary: Text
    start: str
    nodes: Mapping[str, Node]
    blocks: Mapping[str, Block]
    scenarios: tuple[Scenario, ...]
    damaged: frozenset[str] = frozenset()
    """Ids of nodes that are in the file but could not be read (reported already); not served."""
    icon: str = ""
    """The name of the topic card's icon (an SVG the visitor templates ship); empty: a calm default."""
    languages: tuple[str, ...] = ()
    """The configured languages every text of the tree has (source language first): it is offered in these."""

    @property
    def outcomes(self) -> list[Node]:
        """The outcome nodes, in file order."""
        return [node for node in self.nodes.values() if node.kind is Kind.OUTCOME]

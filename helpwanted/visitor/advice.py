"""An outcome laid out for a phone: "do this first" (at most three steps), then sections to open.

Pure: takes the outcome and its shown steps, returns dataclasses; the templates only format.
Every step of the tree's advice is kept, in the tree's order: the first steps are the
outcome's `first` steps when the tree has them, else its first three steps. Every step is a
lead (shown) and a body (opens from the lead), so the first steps fit on a phone's first screen
(questionnaire/fold.py; the content rules hold the leads short).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..questionnaire import Node, Step, Tree, advice_parts, split_lead
from ..questionnaire.model import Answers

FIRST_MAX = 3


@dataclass(frozen=True)
class Section:
    """A step as its lead (the summary, always shown) and the rest (opens from the lead)."""

    lead: str
    body: str
    contacts: tuple[str, ...]


@dataclass(frozen=True)
class Advice:
    """The outcome's steps for one language, split for reading on a phone."""

    first: tuple[Section, ...]
    rest: tuple[Section, ...]


def split_advice(tree: Tree, outcome: Node, answers: Answers, language: str) -> Advice:
    """The outcome's shown steps split for a phone: the tree's "first" steps (else its first three)."""
    first, rest = advice_parts(tree, outcome, answers)
    if not first:
        first, rest = rest[:FIRST_MAX], rest[FIRST_MAX:]
    first, rest = first[:FIRST_MAX], first[FIRST_MAX:] + rest  # never drop a step, even past the limit
    return Advice(tuple(section(step, language) for step in first), tuple(section(step, language) for step in rest))


def section(step: Step, language: str) -> Section:
    """A step's lead (its bold opening, else its first sentence) and the text after it."""
    text = step.text.get(language) if step.text is not None else ""
    lead, body = split_lead(text)
    return Section(lead, body, step.contacts)


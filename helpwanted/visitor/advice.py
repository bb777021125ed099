"""An outcome laid out for a phone: "do this first" (at most three steps), then sections to open.

Pure: takes the outcome and its shown steps, returns dataclasses; the templates only format.
Every step of the tree's advice is kept, in the tree's order: the first steps are the
outcome's `first` steps when the tree has them, else its first three steps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..questionnaire import Node, Step, Tree, advice_parts
from ..questionnaire.model import Answers

FIRST_MAX = 3
_BOLD_LEAD = re.compile(r"^\s*\*\*(?P<lead>[^*]+?)\*\*\s*(?P<rest>.*)$", re.DOTALL)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class Section:
    """A later step as a section that opens: its lead as the summary, the rest inside."""

    lead: str
    body: str
    contacts: tuple[str, ...]


@dataclass(frozen=True)
class Advice:
    """The outcome's steps for one language, split for reading on a phone."""

    first: tuple[Step, ...]
    rest: tuple[Section, ...]


def split_advice(tree: Tree, outcome: Node, answers: Answers, language: str) -> Advice:
    """The outcome's shown steps split for a phone: the tree's "first" steps (else its first three)."""
    first, rest = advice_parts(tree, outcome, answers)
    if not first:
        first, rest = rest[:FIRST_MAX], rest[FIRST_MAX:]
    first, rest = first[:FIRST_MAX], first[FIRST_MAX:] + rest  # never drop a step, even past the limit
    return Advice(tuple(first), tuple(section(step, language) for step in rest))


def section(step: Step, language: str) -> Section:
    """A step's lead (its bold opening, else its first sentence) and the text after it."""
    text = step.text.get(language) if step.text is not None else ""
    lead, body = split_lead(text)
    return Section(lead, body, step.contacts)


def split_lead(markdown: str) -> tuple[str, str]:
    """("Block the account.", "Then …") from "**Block the account.** Then …"."""
    match = _BOLD_LEAD.match(markdown)
    if match:
        return plain(match["lead"]), match["rest"].strip()
    parts = _SENTENCE_END.split(markdown.strip(), maxsplit=1)
    return plain(parts[0]), parts[1].strip() if len(parts) > 1 else ""


def plain(markdown: str) -> str:
    """Inline Markdown as plain text: link texts kept, emphasis marks dropped."""
    return _LINK.sub(r"\1", markdown).replace("**", "").replace("__", "").strip()

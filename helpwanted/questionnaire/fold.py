"""What a phone shows first: a step's lead, and whether "do this first" fits on the screen.

The outcome page shows each `first` step as its lead (the step's bold opening, else its first
sentence) with its call/chat buttons; the rest of the step opens from the lead. The content rule
`first-steps.long` (rules.py) limits a lead's length, and `first-steps.fold` estimates, from the
texts alone, where the last first step ends on a 375×667 phone. The numbers below were measured in
Chromium on the site's own layout (docs/content.md, "Do this first fits on a phone"); the estimate
wraps words the way a browser does and rounds every line up, so it errs on the high side.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

_BOLD_LEAD = re.compile(r"^\s*\*\*(?P<lead>[^*]+?)\*\*\s*(?P<rest>.*)$", re.DOTALL)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*+]|\d+[.)])\s)")


@lru_cache(maxsize=1024)  # read for the rules and for each outcome page that shows the step
def split_lead(markdown: str) -> tuple[str, str]:
    """("Block the account.", "Then …") from "**Block the account.** Then …" (else the first sentence)."""
    match = _BOLD_LEAD.match(markdown)
    if match:
        return plain(match["lead"]), match["rest"].strip()
    parts = _SENTENCE_END.split(markdown.strip(), maxsplit=1)
    return plain(parts[0]), parts[1].strip() if len(parts) > 1 else ""


def plain(markdown: str) -> str:
    """Inline Markdown as plain text: link texts kept, emphasis marks dropped."""
    if "](" in markdown:  # (a replacement template is parsed again on every call: only when needed)
        markdown = _LINK.sub(r"\1", markdown)
    return markdown.replace("**", "").replace("__", "").strip()


@dataclass(frozen=True)
class Phone:
    """The outcome page's layout on a 375×667 phone, in CSS px (measured in Chromium, docs/content.md).

    `*_chars` is how many characters a line holds at that place: one less than the most that every
    shipped text allowed when measured, so a line of wide letters still fits. A step's lead is a tap
    target (at least `step_min` high); a step with more text shows a chevron after its lead (about
    `chevron_chars`). Every help channel a step names is one row of buttons (call beside chat) that
    may wrap onto two lines (`contact_row`).
    """

    height: int = 667
    top: int = 116  # where the title starts: quick-exit bar, header, the page's top margin
    title_chars: int = 25
    title_line: int = 27
    title_after: int = 8
    intro_chars: int = 36
    intro_line: int = 27
    intro_gap: int = 18  # between two paragraphs of the introduction
    intro_after: int = 8
    heading: int = 30  # "Do this first" with its margins
    lead_chars: int = 27
    lead_line: int = 27
    lead_padding: int = 11
    chevron_chars: int = 2
    step_min: int = 48
    step_after: int = 8
    contacts_before: int = 4
    contact_row: int = 72
    contact_gap: int = 8


PHONE = Phone()
LEAD_MAX_CHARS = 60  # the longest lead of a "do this first" step: at most three lines on the phone


@lru_cache(maxsize=4096)  # the same title, lead or paragraph is measured for each group and outcome
def lines(text: str, chars: int) -> int:
    """How many lines text takes when words wrap at `chars` characters per line (a long word breaks)."""
    count, used = 0, chars
    for word in text.split():
        if used + 1 + len(word) <= chars:
            used += 1 + len(word)
            continue
        count += 1 + max(0, (len(word) - 1) // chars)
        used = len(word) % chars or chars
    return count


def paragraphs(markdown: str) -> list[str]:
    """The paragraphs of a Markdown text as read (list items count as paragraphs)."""
    return [plain(part) for part in _PARAGRAPH.split(markdown) if part.strip()]


@dataclass(frozen=True)
class FirstStep:
    """A "do this first" step as the phone shows it."""

    lead: str
    more: bool  # more text opens from the lead (a chevron follows it)
    contacts: int  # help channels: one row of call/chat buttons each


def step_height(step: FirstStep, phone: Phone = PHONE) -> int:
    """The height of one "do this first" step: its lead, its rows of buttons and the gap after it."""
    text = step.lead + " " + "»" * phone.chevron_chars if step.more else step.lead
    height = max(phone.step_min, lines(text, phone.lead_chars) * phone.lead_line + phone.lead_padding)
    if step.contacts:
        height += phone.contacts_before + step.contacts * (phone.contact_row + phone.contact_gap) - phone.contact_gap
    return height + phone.step_after


@lru_cache(maxsize=1024)  # the same above every group of first steps that can show together
def first_steps_top(title: str, intro: str, phone: Phone = PHONE) -> int:
    """Where the first "do this first" step starts, in px from the top of the page."""
    height = phone.top + lines(title, phone.title_chars) * phone.title_line + phone.title_after
    parts = paragraphs(intro)
    height += sum(lines(part, phone.intro_chars) * phone.intro_line + phone.intro_gap for part in parts)
    height += phone.intro_after - phone.intro_gap if parts else 0
    return height + phone.heading


def first_steps_bottom(title: str, intro: str, steps: Sequence[FirstStep], phone: Phone = PHONE) -> int:
    """Where the last of steps ends, in px from the top of the page."""
    return first_steps_top(title, intro, phone) + sum(step_height(step, phone) for step in steps) - phone.step_after

"""What a questionnaire may be: the id grammar, size limits, forbidden characters, a time budget.

Every limit here is enforced by the checker, for the web editor and the command line alike,
so that no tree can take a worker down or break a database column (issue 11).
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Collection
from typing import Any

ID_MAX_LENGTH = 64
"""Ids end up in 64-character database columns (usage counters, publications)."""

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
"""Node, option, block, questionnaire ids and tag values: 1–64 of a–z, 0–9, '-', '_';
starting with a letter or digit (so that no id can start a spreadsheet formula)."""

ID_RULE = "1–64 characters: lowercase letters a–z, digits, '-' or '_', starting with a letter or digit"

MAX_SOURCE_BYTES = 1_048_576
"""A whole questionnaire file (UTF-8): 1 MiB. The largest shipped one is 15 KB; a generated
2,000-node tree is 0.55 MB."""

MAX_VALUES = 200_000
"""YAML values (scalars, mappings, lists) in one file, counted while parsing."""

MAX_DEPTH = 16
"""Nesting of YAML mappings and lists; the format itself needs 9."""

MAX_NODES = 3_000
"""Nodes in one questionnaire."""

MAX_TEXT_CHARS = 3_000
"""Characters in one text in one language (a question, a step, a block...)."""

MAX_PROBLEMS = 500
"""Problems reported for one file; more would only bury the first ones."""

CHECK_BUDGET_SECONDS = 0.8
"""Processor time one file may take to check; past it the check ends with an error. Processor time
of the checking thread, not wall-clock time, so that a busy machine does not refuse a good tree
(on an idle one they are the same). 0.8 s so that `flask questionnaires check` on any file ends
within 2 s with its start-up (about 0.6 s on the checker's own app); a real questionnaire checks in
5 ms, the generated 2,000-node one (every node reachable) in 0.17–0.28 s, median 0.20 s (docs/benchmarks.md)."""

# C0 and C1 control characters except tab, newline and carriage return, and DEL: they have no
# place in a visitor text, and PostgreSQL refuses NUL in text columns.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# Characters that reorder how text is displayed (the "Trojan Source" family): a text could show
# something else than what an editor reviewed. Marks (LRM, RLM, ALM) included: nl and en need none.
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

_UNSAFE = re.compile(f"{CONTROL_CHARACTERS.pattern}|{BIDI_CONTROLS.pattern}")
_SAFE_ASCII = bytes(range(0x20, 0x7F)).replace(b"\\", b"") + b"\t\n\r"  # printable, no backslash


def are_clean_texts(texts: Collection[Any], may_be_unsafe: bool) -> bool:
    """Whether texts have nothing to report: strings within the limit, none blank, no unsafe character
    (searched for only when the source may hold one: `may_hold_unsafe`)."""
    for text in texts:
        if type(text) is not str or len(text) > MAX_TEXT_CHARS or text.isspace() or text == "":
            return False
    return not may_be_unsafe or _UNSAFE.search("\n".join(texts)) is None  # one search: never finds "\n"


def may_hold_unsafe(source: str) -> bool:
    """Whether a value read from source may hold a control or direction character.

    An ASCII source cannot, unless it has a control character itself or a backslash (in a
    double-quoted scalar, an escape such as \\x07 or \\u202e makes one): one pass over its bytes
    tells, and spares a search of each text. Any other source has each text searched.
    """
    return not source.isascii() or bool(source.encode("ascii").translate(None, _SAFE_ASCII))


def codepoint(character: str) -> str:
    """U+202E and the like."""
    return f"U+{ord(character):04X}"


def is_valid_id(value: str) -> bool:
    """Whether value follows the id grammar (ID_PATTERN)."""
    return ID_PATTERN.fullmatch(value) is not None


def utf8_size(text: str) -> int:
    """The size of text in UTF-8 bytes."""
    return len(text.encode("utf-8", errors="replace"))


class CheckTimeout(Exception):
    """Checking one file took longer than its budget."""


class Deadline:
    """A budget of processor time after which checking stops; `check` is cheap enough to call often.

    Reading the thread's processor time is a system call (about 3 µs on the servers; a large tree
    checks the budget 20,000 times), reading the wall clock is not (0.1–0.3 µs). A thread never uses
    more processor time than the wall-clock time that has passed, so until the budget has passed on
    the wall clock the processor clock is not read at all: the same deadline, checked cheaply.
    """

    def __init__(self, seconds: float | None) -> None:
        self.ends = None if seconds is None else time.thread_time() + seconds
        self.wall_ends = math.inf if seconds is None else time.perf_counter() + seconds

    def check(self) -> None:
        """Raise CheckTimeout when the time is up."""
        if self.ends is not None and time.perf_counter() >= self.wall_ends and time.thread_time() > self.ends:
            raise CheckTimeout()

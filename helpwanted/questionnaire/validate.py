"""The one entry point for checking a questionnaire text, used by the web editor and the command line.

It enforces the limits (size, nesting, number of values and nodes, a time budget) before and while
parsing, so that no text can keep a worker busy for long; it never raises on any input.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from .checks import Context, check_tree
from .limits import (
    CHECK_BUDGET_SECONDS,
    MAX_PROBLEMS,
    MAX_SOURCE_BYTES,
    CheckTimeout,
    Deadline,
    codepoint,
    is_valid_id,
    utf8_size,
)
from .loader import read_tree
from .model import Tree
from .problems import ProblemList, Severity
from .textchecks import check_texts
from .yamlrecovery import parse_all
from .yamlsource import Position

_START = Position(1, 1)
REPLACEMENT = "\ufffd"  # what a byte that is not UTF-8 becomes when decoded with replacement
_LINE_BREAK = re.compile("\r\n|\r|\n")  # YAML's line breaks, for the line and column of a position
LOCAL_CODES = frozenset(
    {
        "schema",
        "unknown-key",
        "invalid-id",
        "duplicate-id",
        "missing-translation",
        "unknown-language",
        "control-character",
        "not-utf8",
        "bidi-control",
        "too-large",
        "unsafe-markdown",
        "long-sentence",
        "long-paragraph",
    }
)
"""Codes about one place alone: still reported from the rest of a file that has a syntax error."""


@dataclass(frozen=True)
class SourceText:
    """The text of one questionnaire and the name its problems are reported under."""

    tree_id: str
    name: str
    text: str


def check_source(
    source: SourceText,
    languages: tuple[str, ...] = ("nl", "en"),
    context: Context | None = None,
    budget: float | None = CHECK_BUDGET_SECONDS,
) -> tuple[Tree | None, ProblemList]:
    """Load and check one text; the tree comes back even when it has errors (None when unusable).

    Checking ends with a `check-timeout` error after `budget` seconds (None: no budget).
    """
    problems = ProblemList(source.name, Deadline(budget))
    tree = None
    size = utf8_size(source.text)
    if size > MAX_SOURCE_BYTES:
        problems.error(_START, "too-large.bytes", size=size, limit=MAX_SOURCE_BYTES)
        return None, problems
    if not is_valid_id(source.tree_id):
        problems.error(_START, "invalid-id", value=source.tree_id[:80])
    report_undecodable(source.text, problems)
    try:
        with _collector_paused():
            tree = _load_and_check(source, languages, context or Context(), problems)
    except CheckTimeout:
        problems.record(Severity.ERROR, problems.here, "check-timeout", seconds=budget)
    if problems.dropped:
        severity = Severity.ERROR if problems.dropped_errors else Severity.WARNING
        problems.record(severity, _START, "too-many-problems", limit=MAX_PROBLEMS, dropped=problems.dropped)
    unique = sorted(set(problems), key=lambda p: (p.line, p.column, p.code, p.message))
    problems[:] = unique  # one rule may meet the same spot on several paths
    return tree, problems


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Checking builds many small objects and no reference cycles: the garbage collector would
    only walk them again and again (a third of the reading time of a large tree).

    After, what the check built goes straight to the oldest generation (gc.freeze, then gc.unfreeze),
    as it would after two collections that find nothing: a tree is kept whole or dropped whole, and
    the young collection that came first walked all its objects for nothing (44,000 on a 2,000-node
    tree: 10-25 ms). Not when objects were frozen before: unfreezing would undo that.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on and gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if was_on:
            gc.enable()


def _load_and_check(
    source: SourceText, languages: tuple[str, ...], context: Context, problems: ProblemList
) -> Tree | None:
    parsed = parse_all(source.text, problems.tick)
    for issue in parsed.issues:
        problems.error(issue.position, issue.message_id, **issue.args)
    if not parsed.complete:
        if parsed.document is None:
            return None
        # Part of the file was left out after a syntax error: report what is wrong in the rest,
        # but nothing that the missing part might explain (a missing key, an unknown target...).
        partial = ProblemList(source.name, problems.deadline)  # the same budget
        tree = read_tree(parsed.document, source.text, partial, source.name, source.tree_id, languages)
        if tree is not None:
            check_texts(tree, partial)
        problems.extend(p for p in partial if p.code in LOCAL_CODES and p.message_id != "schema.required")
        return None
    tree = read_tree(parsed.document, source.text, problems, source.name, source.tree_id, languages)
    if tree is not None:
        check_tree(tree, problems, context)
    return tree


def report_undecodable(text: str, problems: ProblemList) -> None:
    """A text holding U+FFFD was not UTF-8 where it was read: one located error at the first one.

    Files are decoded with replacement (read_file), and a form post with bytes that are not UTF-8
    reaches the editor the same way (Werkzeug replaces them), so the replacement character is
    where the first bad byte was. A questionnaire has no use for U+FFFD itself: a visitor would
    read "�" (attack F8).
    """
    index = text.find(REPLACEMENT)
    if index < 0:
        return
    lines = _LINE_BREAK.split(text[:index])
    problems.error(Position(len(lines), len(lines[-1]) + 1), "not-utf8", codepoint=codepoint(REPLACEMENT))

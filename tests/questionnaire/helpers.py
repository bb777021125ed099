"""A small valid tree as text, and helpers to break it in one place at a time."""

from __future__ import annotations

from pathlib import Path

from helpwanted.questionnaire import Context, Problem, SourceText, check_source

EXAMPLE = (Path(__file__).parent / "trees" / "example.yaml").read_text()
CONTEXT = Context(frozenset({"example", "other"}), frozenset({"helpwanted", "politie"}))


def check(text: str, context: Context = CONTEXT) -> list[Problem]:
    """Every problem in text, checked as questionnaire 'example'."""
    _, problems = check_source(SourceText("example", "example.yaml", text), ("nl", "en"), context)
    return list(problems)


def broken(old: str, new: str, text: str = EXAMPLE) -> str:
    """The example with one exact, unique piece replaced."""
    assert text.count(old) == 1, f"{old!r} must occur exactly once"
    return text.replace(old, new)


def line_of(text: str, marker: str) -> int:
    """The 1-based line on which marker first occurs."""
    index = text.index(marker)
    return text.count("\n", 0, index) + 1


def position_of(text: str, marker: str) -> tuple[int, int]:
    """The 1-based line and column at which marker first occurs."""
    index = text.index(marker)
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


def codes(problems: list[Problem]) -> set[str]:
    """The codes of the problems."""
    return {problem.code for problem in problems}


def only(problems: list[Problem], code: str) -> Problem:
    """The single problem with this code."""
    found = [problem for problem in problems if problem.code == code]
    assert len(found) == 1, f"expected one {code}, got {[str(p) for p in problems]}"
    return found[0]

"""The loader's path for the usual text (every language, in order, nothing to report; issue 13) lets
nothing through that the full reading reports."""

from __future__ import annotations

import pytest

from helpwanted.questionnaire import MAX_TEXT_CHARS, SourceText, check_source
from helpwanted.questionnaire.limits import may_hold_unsafe

from .helpers import EXAMPLE, broken, check, line_of


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ('""', "missing-translation"),
        ('"  "', "missing-translation"),
        ('"\\n"', "missing-translation"),
        ('"' + "x" * (MAX_TEXT_CHARS + 1) + '"', "too-large"),
        ('"Hoe oud\\x07?"', "control-character"),
        ('"Hoe oud\\u202e?"', "bidi-control"),
        ('"Hoe oud\\e?"', "control-character"),  # an escape makes a control character: ESC
        ('"Hoe oud\\N?"', "control-character"),  # U+0085, YAML's "next line"
        ('"Hoe oud\u202e?"', "bidi-control"),  # the character itself, with no backslash anywhere
        ("Hoe oud\u200f?", "bidi-control"),  # the same, plain
        ("12", "schema"),
    ],
)
def test_a_text_with_both_languages_in_order_is_still_read_in_full(written: str, code: str) -> None:
    text = broken('nl: "Hoe oud ben je?"', f"nl: {written}")
    found = [problem for problem in check(text) if problem.code == code]
    assert found and found[0].line == line_of(text, f"nl: {written}")


def test_only_an_ascii_source_without_backslash_or_control_character_skips_the_search_per_text() -> None:
    """An escape (after a backslash) can make any character; so can any other character than ASCII."""
    usual = 'title: {nl: "Hoe oud ben je?", en: "How old are you?"}\n'
    assert not may_hold_unsafe(usual)
    for written in ("\\", "\x07", "\x7f", "\x1b", "\u202e", "\x85", "é"):
        assert may_hold_unsafe(usual + f"# {written}\n"), written


def test_the_usual_text_keeps_its_languages_in_order() -> None:
    tree, _ = check_source(SourceText("example", "example.yaml", EXAMPLE))
    assert tree is not None
    assert all(tuple(text.by_language) == ("nl", "en") for text in [tree.title, tree.summary])

"""The limits exactly at their edges: what is just allowed and what is just refused (issue 11).

Written for the survivors of the mutation run (docs/mutation-testing.md).
"""

from __future__ import annotations

import pytest

from helpwanted.questionnaire import MAX_SOURCE_BYTES, MAX_TEXT_CHARS, SourceText, check_source
from helpwanted.questionnaire.limits import MAX_DEPTH

from .helpers import EXAMPLE, broken, check, codes, only

INFO = 'nl: "We stellen je nu een paar vragen."'


def checked_codes(text: str) -> set[str]:
    return {problem.code for problem in check_source(SourceText("example", "example.yaml", text))[1]}


@pytest.mark.parametrize("filler", ["x", "é"])  # the limit is in UTF-8 bytes, not characters
def test_a_file_may_be_exactly_the_size_limit(filler: str) -> None:
    room = MAX_SOURCE_BYTES - len(EXAMPLE.encode()) - len(b"#\n")
    padding = "#" + filler * (room // len(filler.encode())) + "\n"
    exact = EXAMPLE + padding + " " * (room % len(filler.encode()))
    assert len(exact.encode()) == MAX_SOURCE_BYTES
    assert "too-large" not in checked_codes(exact)
    assert "too-large" in checked_codes(exact + " ")


def test_a_text_may_be_exactly_the_text_limit() -> None:
    exact = ("Bel ons. " * MAX_TEXT_CHARS)[:MAX_TEXT_CHARS]
    assert "too-large" not in codes(check(broken(INFO, f'nl: "{exact}"')))
    problem = only(check(broken(INFO, f'nl: "{exact}x"')), "too-large")
    assert problem.arguments == {"language": "nl", "count": str(MAX_TEXT_CHARS + 1), "limit": str(MAX_TEXT_CHARS)}


def test_nesting_may_be_exactly_the_depth_limit() -> None:
    def nested(depth: int) -> str:  # the document itself is the first mapping
        return EXAMPLE + "extra: " + "{a: " * (depth - 1) + "1" + "}" * (depth - 1) + "\n"

    assert "too-large" not in codes(check(nested(MAX_DEPTH)))
    problem = only(check(nested(MAX_DEPTH + 1)), "too-large")
    assert problem.arguments == {"limit": str(MAX_DEPTH)}


@pytest.mark.parametrize(("escape", "codepoint"), [("\\x0b", "U+000B"), ("\\x1f", "U+001F"), ("\\x7f", "U+007F")])
def test_control_characters_are_refused(escape: str, codepoint: str) -> None:
    problem = only(check(broken(INFO, f'nl: "Een{escape}twee."')), "control-character")
    assert problem.arguments == {"language": "nl", "codepoint": codepoint}


def test_tabs_and_line_breaks_in_a_text_are_allowed() -> None:
    assert "control-character" not in codes(check(broken(INFO, 'nl: "Een\\ttwee.\\nDrie.\\r\\nVier."')))


@pytest.mark.parametrize("character", ["\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069", "\u061c"])
def test_direction_controls_are_refused(character: str) -> None:
    problem = only(check(broken(INFO, f'nl: "Een {character}twee."')), "bidi-control")
    assert problem.arguments["codepoint"] == f"U+{ord(character):04X}"


def test_joiners_in_emoji_are_not_direction_controls() -> None:
    assert "bidi-control" not in codes(check(broken(INFO, 'nl: "Samen 👩\u200d👩\u200d👧 sterk."')))

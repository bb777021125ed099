"""The structure checks (checks.py) in the words an editor reads, at the place they name."""

from __future__ import annotations

from .helpers import broken, check, line_of, only


def test_an_unknown_start_names_it() -> None:
    assert only(check(broken("start: safety", "start: nowhere")), "unknown-target").message == (
        "start 'nowhere' is not a node"
    )


def test_a_repeated_option_id_names_the_option_and_the_question() -> None:
    problem = only(check(broken("      - id: game\n", "      - id: chat\n")), "duplicate-id")
    assert problem.message == "option id 'chat' is used twice in 'where'"


def test_an_option_without_a_route_names_the_option_and_the_question() -> None:
    text = broken('        label: {nl: "Nee", en: "No"}\n        next: about\n', '        label: {nl: "Nee", en: "No"}\n')
    assert only(check(text), "option-without-route").message == "option 'no' of 'safety' leads nowhere"


def test_a_route_on_an_option_of_a_multiple_choice_question_is_refused_at_the_option() -> None:
    text = broken('        label: {nl: "In een game", en: "In a game"}\n', '        label: {nl: "In een game", en: "In a game"}\n        next: age\n')
    problem = only(check(text), "schema")
    assert problem.message == "options of a multiple-choice question route via the question's 'next'"
    assert problem.line == line_of(text, "      - id: game")

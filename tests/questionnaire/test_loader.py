"""Reading a questionnaire (loader.py) as an editor meets it: the words of each problem, and what is left out."""

from __future__ import annotations

from helpwanted.questionnaire import MAX_TEXT_CHARS, SourceText, check_source

from .helpers import broken, check, codes, only

INFO = 'nl: "We stellen je nu een paar vragen."'


def test_a_missing_or_empty_translation_names_the_text_and_the_language() -> None:
    problem = only(check(broken(' en: "How old are you?"', "")), "missing-translation")
    assert problem.message == "'text' has no 'en' text" and problem.severity.value == "warning"
    problem = only(check(broken('nl: "Hoe oud ben je?"', 'nl: ""')), "missing-translation")
    assert problem.message == "'text' has an empty 'nl' text" and problem.severity.value == "error"


def test_a_control_or_direction_character_is_named_with_its_language() -> None:
    assert only(check(broken(INFO, 'nl: "Een\\x0btwee."')), "control-character").message == (
        "nl: the text contains the control character U+000B; remove it"
    )
    assert only(check(broken(INFO, 'nl: "Een \u202etwee."')), "bidi-control").message == (
        "nl: the text contains U+202E, which changes the direction of text on screen; remove it"
    )


def test_a_text_exactly_at_the_limit_with_a_control_character_is_refused_for_the_character() -> None:
    exact = ("Bel ons. " * MAX_TEXT_CHARS)[: MAX_TEXT_CHARS - 1] + "\\x0b"  # the escape is one character
    found = check(broken(INFO, f'nl: "{exact}"'))
    assert "too-large" not in codes(found) and "control-character" in codes(found)


def test_a_text_with_a_control_or_direction_character_is_left_out_of_the_tree() -> None:
    # It can never reach a page, and nothing else is checked in it (the editor fixes the character first).
    for bad in ('nl: "<b>Een\\x0btwee.</b>"', 'nl: "<b>Een \u202etwee.</b>"', 'nl: "<b>Een\\x0b \u202etwee.</b>"'):
        tree, problems = check_source(SourceText("example", "example.yaml", broken(INFO, bad)))
        assert tree is not None
        about = tree.nodes["about"].text
        assert about is not None and set(about.by_language) == {"en"}, bad
        assert "unsafe-markdown" not in {p.code for p in problems}, bad


def test_a_scenario_that_is_not_a_mapping_says_so() -> None:
    text = broken("  - name: in danger\n    answers: {safety: yes}\n    expect: urgent\n", "  - in danger\n")
    assert only(check(text), "schema").message == "a scenario must be a mapping"

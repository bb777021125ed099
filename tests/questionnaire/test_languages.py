"""Languages grow one by one: a tree is served in the languages it is complete in."""

from __future__ import annotations

from helpwanted.questionnaire import Severity, SourceText, check_source

from .helpers import EXAMPLE, broken


def load(text: str, languages: tuple[str, ...]):  # type: ignore[no-untyped-def]
    return check_source(SourceText("example", "example.yaml", text), languages)


def test_a_complete_tree_is_offered_in_every_configured_language() -> None:
    tree, problems = load(EXAMPLE, ("nl", "en"))
    assert tree is not None and tree.languages == ("nl", "en")
    assert not problems.has_errors


def test_a_missing_text_in_another_language_withdraws_only_that_language() -> None:
    text = broken('text: {nl: "Hoe oud ben je?", en: "How old are you?"}', 'text: {nl: "Hoe oud ben je?"}')
    tree, problems = load(text, ("nl", "en"))
    assert tree is not None and tree.languages == ("nl",)
    missing = [p for p in problems if p.code == "missing-translation"]
    assert len(missing) == 1 and missing[0].severity is Severity.WARNING
    assert not problems.has_errors  # still served, in Dutch


def test_a_new_language_can_be_configured_before_any_tree_has_it() -> None:
    tree, problems = load(EXAMPLE, ("nl", "en", "ar"))
    assert tree is not None and tree.languages == ("nl", "en")
    assert not problems.has_errors
    assert {p.severity for p in problems if p.code == "missing-translation"} == {Severity.WARNING}


def test_a_missing_text_in_the_source_language_is_still_an_error() -> None:
    text = broken('text: {nl: "Hoe oud ben je?", en: "How old are you?"}', 'text: {en: "How old are you?"}')
    _, problems = load(text, ("nl", "en"))
    assert problems.has_errors
    assert [p.severity for p in problems if p.code == "missing-translation"] == [Severity.ERROR]

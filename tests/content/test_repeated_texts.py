"""A text used in several places is checked once per tree (issue 13), yet reported at every place."""

from __future__ import annotations

from helpwanted.questionnaire import Problem, Severity
from helpwanted.questionnaire.problems import ProblemList
from helpwanted.questionnaire.textchecks import MAX_SENTENCE_WORDS, plain_language_findings
from helpwanted.questionnaire.yamlsource import Position

from .test_rules import GOOD, broken, check

REPEATED = "Ga niet onderhandelen. Het komt goed. " + " ".join(["woord"] * (MAX_SENTENCE_WORDS + 1)) + "."


def _places(problems: list[Problem], code: str) -> set[tuple[int, int]]:
    return {(problem.line, problem.column) for problem in problems if problem.code == code}


def test_a_repeated_text_is_reported_at_each_of_its_places() -> None:
    text = broken('title: {nl: "Iemand dreigt met een foto"', f'title: {{nl: "{REPEATED}"')
    text = broken('summary: {nl: "Voor als iemand je afperst."', f'summary: {{nl: "{REPEATED}"', text)
    problems = check(text)
    places = {(2, 8), (3, 10)}
    assert _places(problems, "hard-word") == places  # a content rule (rules.py)
    assert _places(problems, "promise") == places
    assert _places(problems, "long-sentence") == places  # a text check (textchecks.py)
    assert check(GOOD) == []


def test_short_texts_are_skipped_only_when_nothing_can_be_found() -> None:
    # 21 one-letter words fit in 41 characters: the shortest sentence that is too long.
    shortest = " ".join(["a"] * (MAX_SENTENCE_WORDS + 1))
    assert len(shortest) == 2 * MAX_SENTENCE_WORDS + 1
    assert [message_id for _, message_id, _ in plain_language_findings(shortest, "nl")] == ["long-sentence"]
    assert plain_language_findings(shortest[2:], "nl") == []
    # Five sentences in 14 characters: a short paragraph can still be too long.
    assert [message_id for _, message_id, _ in plain_language_findings("A. B. C. D. E.", "nl")] == ["long-paragraph"]
    assert plain_language_findings("A. B. C. D.", "nl") == []


def test_findings_keep_their_arguments_in_order() -> None:
    problems = ProblemList("x.yaml")
    for severity, message_id, args in plain_language_findings("A. B. C. D. E.", "en"):
        problems.add(severity, Position(1, 1), message_id, **args)
    (problem,) = problems
    assert problem.severity is Severity.WARNING
    assert [name for name, _ in problem.args] == ["language", "count", "limit", "start"]

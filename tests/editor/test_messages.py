"""Checker messages in the interface language: every engine message has a Dutch template that fits its arguments."""

from __future__ import annotations

import string

from flask import Flask

from helpwanted.editor.explain import EXPLANATIONS, count_problems, explain
from helpwanted.editor.problem_texts import KINDS, TEMPLATES
from helpwanted.questionnaire import Problem, Severity
from helpwanted.questionnaire.messages import KIND_NAMES, MESSAGES, code_of


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_and_kind_has_a_dutch_template_with_the_same_fields(app: Flask) -> None:
    assert set(TEMPLATES) == set(MESSAGES) - {"yaml"} and set(KINDS) == set(KIND_NAMES)
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        for message_id, english in MESSAGES.items():
            if message_id == "yaml":
                continue
            dutch = str(TEMPLATES[message_id])
            assert dutch != english or message_id == "cycle", message_id
            assert fields(dutch) == fields(english), message_id


def test_every_code_has_an_explanation_and_a_fix() -> None:
    codes = {code_of(message_id) for message_id in MESSAGES}
    assert codes - set(EXPLANATIONS) == set()


def test_a_problem_reads_in_dutch_with_its_arguments(app: Flask) -> None:
    problem = Problem(
        "x.yaml", 3, 5, Severity.ERROR, "'a' leads to unknown node 'b'", "unknown-target", "unknown-target",
        (("node", "a"), ("target", "b")),
    )
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        explained = explain(problem)
        assert explained.message == "'a' gaat naar onbekend vak 'b'"
        assert explained.severity == "Fout" and explained.explanation.startswith("Een antwoord leidt naar een vak")
        assert count_problems(1, 1) == "1 fout, 1 waarschuwing" and count_problems(2, 0) == "2 fouten, 0 waarschuwingen"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert explain(problem).message == "'a' leads to unknown node 'b'"
        assert count_problems(1, 2) == "1 error, 2 warnings"

"""Issue 11, privacy of counters: the rows one visit leaves cannot be put back together."""

from __future__ import annotations

from collections import Counter

import pytest
from flask import Flask
from sqlalchemy import select

from helpwanted.counting import DIMENSIONS, MIXED
from helpwanted.models import UsageCounter

from .visitor.walker import Visitor

pytestmark = pytest.mark.both_databases  # SQLite and the throwaway PostgreSQL

ANSWERS = {"safety": ("no",), "what": ("received",), "who": ("known",), "age": ("yes",), "my-age": ("under18",)}
OTHER = {"safety": ("no",), "what": ("received",), "who": ("stranger",), "age": ("no",), "my-age": ("adult",)}


def rows(app: Flask) -> list[UsageCounter]:
    """Every counter row in the database, after writing what the process holds for writing."""
    app.extensions["helpwanted.counters"].flush(force=True)
    with app.extensions["helpwanted.engine"].connect() as connection:
        return list(connection.execute(select(UsageCounter)))  # type: ignore[arg-type]


def test_one_english_visit_leaves_no_answer_path_or_rare_attribute_with_its_outcome(app: Flask) -> None:
    Visitor(app.test_client(), "en").walk("received", ANSWERS)
    found = rows(app)
    events = Counter(row.event for row in found)
    assert events == {"start": 1, "complete": 1, "outcome": 1}, "the path and answers are held back"
    assert all(row.period.day == 1 for row in found), "no day, only the month"
    outcome = next(row for row in found if row.event == "outcome")
    assert (outcome.version, outcome.language, outcome.option) == ("", "", ""), "an outcome carries no rare attribute"
    for row in found:
        if row.language:
            assert row.node == "" and row.option == "", "language is never stored with a question or outcome"


def test_answers_are_written_only_as_a_mix_of_enough_visits(app: Flask) -> None:
    size = app.config["COUNT_MIX_VISITS"]
    for number in range(size - 1):
        Visitor(app.test_client(), "en" if number == 0 else "nl").walk("received", ANSWERS if number else OTHER)
    assert not [row for row in rows(app) if row.event in MIXED], "fewer visits than a group: nothing written yet"
    Visitor(app.test_client()).walk("received", ANSWERS)
    Visitor(app.test_client()).start("received")  # the next visit's start releases the reach group
    found = rows(app)
    answers = {(row.node, row.option): row.count for row in found if row.event == "answer"}
    assert answers[("who", "stranger")] == 1 and answers[("who", "known")] == size - 1
    per_question = Counter[str]()
    for (node, _), amount in answers.items():
        per_question[node] += amount
    assert set(per_question.values()) == {size}, "each question's answers mix a whole group of visits"
    assert all(row.language == "" for row in found if row.event in MIXED)
    # The one English visit: its start and completion are counted, nothing joins them to its answers.
    english = [row for row in found if row.language == "en"]
    assert {row.event for row in english} == {"start", "complete"}


def test_every_event_fills_only_its_own_dimensions(app: Flask) -> None:
    size = app.config["COUNT_MIX_VISITS"]
    for _ in range(size + 1):
        Visitor(app.test_client(), "en").walk("received", ANSWERS)
    found = rows(app)
    assert {row.event for row in found} == {"start", "complete", "outcome", "reach", "answer"}
    for row in found:
        filled = {name for name in ("version", "language", "node", "option") if getattr(row, name)}
        assert filled <= DIMENSIONS[row.event], (row.event, filled)


def test_a_rarely_used_questionnaire_never_leaves_one_visits_answers(app: Flask) -> None:
    size = app.config["COUNT_MIX_VISITS"]
    Visitor(app.test_client(), "en").walk("received", ANSWERS)  # the month's only visit to 'received'
    for _ in range(size):
        Visitor(app.test_client()).walk("spread", {"safety": ("yes",)})  # enough visits to another one
    found = rows(app)
    assert {row.questionnaire for row in found if row.event == "answer"} == {"spread"}, (
        "answers are grouped per questionnaire version: other questionnaires' visits do not release them"
    )
    assert not [row for row in found if row.event == "reach" and row.questionnaire == "received"]

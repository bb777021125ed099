"""Issue 11, privacy of counters: the rows one visit leaves cannot be put back together.

Not from one read of the table, and not from two reads around one visit (attack F11: start,
completion, outcome and "helpful" were written at once, so the rows that went up by one between
two reads were one visit's language, version, outcome and helpful answer).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from helpwanted.counting import DIMENSIONS, MIXED
from helpwanted.models import UsageCounter
from helpwanted.trees import find_tree

from .visitor.walker import Visitor

pytestmark = pytest.mark.both_databases  # SQLite and the throwaway PostgreSQL

SIZE = 5  # the shipped COUNT_MIX_VISITS
ANSWERS = {"safety": ("no",), "what": ("received",), "who": ("known",), "age": ("yes",), "my-age": ("under18",)}
OTHER = {"safety": ("no",), "what": ("received",), "who": ("stranger",), "age": ("no",), "my-age": ("adult",)}
FORWARDED = {"safety": ("no",), "what": ("forwarded",), "who": ("known",), "age": ("yes",), "my-age": ("under18",)}
Snapshot = Counter[tuple[str, ...]]


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    """The shipped grouping, whatever the suite's default."""
    return {**app_config, "COUNT_MIX_VISITS": SIZE}


def rows(app: Flask) -> list[UsageCounter]:
    """Every counter row in the database, after writing what the process holds for writing."""
    app.extensions["helpwanted.counters"].flush(force=True)
    with app.extensions["helpwanted.engine"].connect() as connection:
        return list(connection.execute(select(UsageCounter)))  # type: ignore[arg-type]


def snapshot(app: Flask) -> Snapshot:
    """What a database reader sees: every counter's key and count."""
    found: Snapshot = Counter()
    for row in rows(app):
        found[(str(row.period), row.questionnaire, row.version, row.event, row.node, row.option, row.language)] = row.count
    return found


def visit(app: Flask, language: str, answers: dict[str, tuple[str, ...]], helpful: str = "yes") -> None:
    """One whole visit to 'received': start, every question, the advice, 'was this helpful?'."""
    visitor = Visitor(app.test_client(), language)
    visitor.walk("received", answers)
    assert visitor.post("/helpful", {"helpful": helpful}).status_code == 303


def test_two_reads_around_one_visit_show_nothing(app: Flask) -> None:
    """F11's reproduction: nl visit, then the English one between two reads, then another nl one."""
    visit(app, "nl", ANSWERS)
    before = snapshot(app)
    visit(app, "en", FORWARDED, helpful="yes")
    after = snapshot(app)
    assert after == before, f"one visit changed the table: {dict(after - before)}"
    Visitor(app.test_client()).walk("spread", {"safety": ("yes",)})
    assert not [key for key in snapshot(app) if key[-1] == "en"], "a language is never written for fewer than 5"


def test_every_change_between_two_reads_mixes_at_least_a_group_of_visits(app: Flask) -> None:
    plan = [("en", FORWARDED, "no")] + [("nl", ANSWERS if n % 2 else OTHER, "yes") for n in range(3 * SIZE)]
    previous = snapshot(app)
    changes = 0
    for language, answers, helpful in plan:
        visit(app, language, answers, helpful)
        current = snapshot(app)
        diff = current - previous
        previous = current
        if not diff:
            continue
        changes += 1
        per_event = Counter[str]()
        for key, amount in diff.items():
            per_event[key[3]] += amount
        # A change is whole released pools: the starts (with paths) or the advice (with outcomes,
        # answers, helpful) of at least SIZE visits, never what one visit added.
        if {"start", "reach"} & set(per_event):
            assert per_event["start"] >= SIZE, dict(diff)
        if {"complete", "outcome", "answer", "helpful"} & set(per_event):
            assert per_event["complete"] >= SIZE and per_event["outcome"] >= SIZE, dict(diff)
    assert changes >= 2, "the groups were written (3 × 5 visits)"
    written = rows(app)
    assert sum(row.count for row in written if row.event == "start") == 3 * SIZE
    assert sum(row.count for row in written if row.event == "complete") == 3 * SIZE
    english = [row for row in written if row.language == "en"]
    assert {row.event for row in english} == {"start", "complete"}
    assert all(row.node == "" and row.option == "" for row in english), "language never with a question or outcome"


def test_a_month_with_fewer_visits_than_a_group_writes_nothing(app: Flask) -> None:
    for number in range(SIZE - 1):
        visit(app, "en" if number == 0 else "nl", ANSWERS if number else OTHER)
    assert rows(app) == [], "no language, outcome, answer or path of a small group is ever in the database"
    assert app.extensions["helpwanted.counters"].status().held_visits == 2 * (SIZE - 1), "held: starts and advice"


def test_answers_are_written_only_as_a_mix_of_enough_visits(app: Flask) -> None:
    for number in range(SIZE - 1):
        Visitor(app.test_client(), "en" if number == 0 else "nl").walk("received", ANSWERS if number else OTHER)
    assert not [row for row in rows(app) if row.event in MIXED], "fewer visits than a group: nothing written yet"
    Visitor(app.test_client()).walk("received", ANSWERS)
    found = rows(app)
    answers = {(row.node, row.option): row.count for row in found if row.event == "answer"}
    assert answers[("who", "stranger")] == 1 and answers[("who", "known")] == SIZE - 1
    per_question = Counter[str]()
    for (node, _), amount in answers.items():
        per_question[node] += amount
    assert set(per_question.values()) == {SIZE}, "each question's answers mix a whole group of visits"
    assert all(row.language == "" for row in found if row.event not in ("start", "complete"))


def test_a_second_outcome_of_one_visit_does_not_count_as_another_visit(app: Flask) -> None:
    for _ in range(SIZE - 1):
        visitor = Visitor(app.test_client(), "en")
        visitor.walk("received", {"safety": ("yes",)})  # urgent advice first…
        visitor.follow(visitor.answer(1, "safety", "no", change=True))  # …then a changed answer: a second outcome
        for number, node in enumerate(("what", "who", "age", "my-age"), start=2):
            response = visitor.follow(visitor.answer(number, node, *ANSWERS[node]))
        assert response.request.path == "/result"
    assert not [row for row in rows(app) if row.event in ("complete", "outcome")], "4 visits, 8 outcomes: held"


def test_every_event_fills_only_its_own_dimensions(app: Flask) -> None:
    for _ in range(2 * SIZE):
        visit(app, "en", ANSWERS)
    found = rows(app)
    assert {row.event for row in found} == set(DIMENSIONS)
    for row in found:
        filled = {name for name in ("version", "language", "node", "option") if getattr(row, name)}
        assert filled <= DIMENSIONS[row.event], (row.event, filled)


def test_a_rarely_used_questionnaire_leaves_nothing(app: Flask) -> None:
    Visitor(app.test_client(), "en").walk("received", ANSWERS)  # the month's only visit to 'received'
    for _ in range(SIZE):
        Visitor(app.test_client()).walk("spread", {"safety": ("yes",)})  # enough visits to another one
    found = rows(app)
    assert {row.questionnaire for row in found} == {"spread"}, (
        "pools are per questionnaire version: other questionnaires' visits do not release them"
    )


def test_the_counter_texts_in_memory_follow_the_questionnaire_not_the_visits(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every counter of a questionnaire version is encoded at once, in the tree's order: what a
    worker's memory holds does not change with what anyone answered, nor tell who came last."""
    from helpwanted import counting, usage

    monkeypatch.setattr(usage, "_ENCODED", {})
    monkeypatch.setattr(counting, "_KNOWN", set())
    encoded: list[object] = []
    encode = usage.encode
    monkeypatch.setattr(usage, "encode", lambda key: encoded.append(key) or encode(key))
    visit(app, "nl", ANSWERS)
    with app.app_context():
        tree = find_tree("received")
        assert tree is not None
        every = list(counting.every_counter(tree, counting.month(), tuple(app.config["LANGUAGES"])))
    assert list(usage._ENCODED) == every and encoded == every, "the whole questionnaire, in its own order"
    encoded.clear()
    for language, answers, helpful in (("en", OTHER, "no"), ("nl", FORWARDED, "yes")):
        visit(app, language, answers, helpful)
    assert list(usage._ENCODED) == every and encoded == [], "every counter a visit adds was known already"

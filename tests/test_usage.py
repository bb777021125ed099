"""Counting by counters only: exact, once per visit, visible in the CSV and on the dashboard."""

from __future__ import annotations

import csv
import io
import threading
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import inspect, select

from helpwanted.models import UsageCounter

from .conftest import sign_in
from .visitor.walker import Visitor

pytestmark = pytest.mark.both_databases  # SQLite and the throwaway PostgreSQL

RECEIVED = {"safety": ("no",), "what": ("received",), "who": ("known",), "age": ("yes",), "my-age": ("under18",)}
THIS_MONTH = date.today().strftime("%Y-%m")


@pytest.fixture
def app_config(app_config: dict[str, object]) -> dict[str, object]:
    """Each visit written at once: these tests count exactly; test_counter_privacy.py tests the mixing."""
    return {**app_config, "COUNT_MIX_VISITS": 1}


def counters(app: Flask) -> dict[tuple[str, str, str, str], int]:
    """(event, questionnaire, node, option) → count, summed over periods, versions and languages."""
    app.extensions["helpwanted.counters"].flush(force=True)
    summed: dict[tuple[str, str, str, str], int] = {}
    with app.extensions["helpwanted.engine"].connect() as connection:
        for row in connection.execute(select(UsageCounter)):
            key = (row.event, row.questionnaire, row.node, row.option)
            summed[key] = summed.get(key, 0) + row.count
    return summed


def test_a_walk_counts_start_reach_answers_and_one_completion(app: Flask) -> None:
    Visitor(app.test_client()).walk("received", RECEIVED)
    found = counters(app)
    assert found[("start", "received", "", "")] == 1
    assert found[("complete", "received", "", "")] == 1
    assert found[("outcome", "received", "received-other", "")] == 1
    for node in ("safety", "what", "who", "age", "my-age"):
        assert found[("reach", "received", node, "")] == 1
        assert found[("answer", "received", node, RECEIVED[node][0])] == 1
    assert sum(found.values()) == 1 + 1 + 1 + 5 + 5


def recorded(app: Flask, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many increments each request gave the spool (a request that counts nothing: none)."""
    counting = app.extensions["helpwanted.counters"]
    calls: list[int] = []
    original = counting.record

    def record(keys: list[object], held: list[tuple[str, list[object], bool]]) -> None:
        calls.append(len(keys) + sum(len(pool_keys) for _, pool_keys, _ in held))
        original(keys, held)

    monkeypatch.setattr(counting, "record", record)
    return calls


def test_a_question_page_is_counted_by_the_post_that_sends_the_visitor_there(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The GET that follows finds it counted and writes nothing to the spool."""
    calls = recorded(app, monkeypatch)
    visitor = Visitor(app.test_client())
    visitor.get("/")
    started = visitor.post("/start", {"questionnaire": "received"})
    assert started.status_code == 303 and calls == [2]  # the start and the first question reached
    assert visitor.follow(started).request.path == "/q/1" and calls == [2]
    answered = visitor.answer(1, "safety", "no")
    assert calls == [2, 1]  # the second question reached
    assert visitor.follow(answered).request.path == "/q/2" and calls == [2, 1]
    found = counters(app)
    assert found[("reach", "received", "safety", "")] == 1 and found[("reach", "received", "what", "")] == 1


def test_the_advice_is_counted_by_the_post_that_sends_the_visitor_there(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The GET /result that follows writes nothing: not to the spool, not to the cookie."""
    calls = recorded(app, monkeypatch)
    visitor = Visitor(app.test_client())
    visitor.start("received")
    for number, node in enumerate(("safety", "what", "who", "age"), 1):
        visitor.follow(visitor.answer(number, node, *RECEIVED[node]))
    calls.clear()
    last = visitor.answer(5, "my-age", *RECEIVED["my-age"])
    assert last.headers["Location"] == "/result"
    assert calls == [1 + 1 + 5]  # the completion, its outcome and the five answers
    shown = visitor.follow(last)
    assert shown.request.path == "/result" and 'name="helpful"' in shown.text
    assert calls == [7] and "Set-Cookie" not in shown.headers  # the cookie the POST sealed a moment ago
    visitor.get("/result")  # a reload
    found = counters(app)
    assert found[("complete", "received", "", "")] == 1
    assert found[("outcome", "received", "received-other", "")] == 1
    assert found[("answer", "received", "my-age", "under18")] == 1


def test_an_advice_the_session_has_not_counted_is_counted_on_its_get(app: Flask) -> None:
    """A cookie sealed before the count moved to the POST: the GET still counts the advice, once."""
    visitor = Visitor(app.test_client())
    visitor.walk("received", RECEIVED)
    with visitor.client.session_transaction() as session:
        session["c"] = [marker for marker in session["c"] if not marker.startswith("complete:")]
    visitor.get("/result")
    visitor.get("/result")
    found = counters(app)
    assert found[("complete", "received", "", "")] == 2  # once by the POST, once by the first GET
    assert found[("outcome", "received", "received-other", "")] == 2


def test_a_page_the_session_has_not_counted_is_counted_on_its_get(app: Flask) -> None:
    """A cookie sealed before the count moved to the POST: the GET still counts the page, once."""
    visitor = Visitor(app.test_client())
    visitor.start("received")
    visitor.follow(visitor.answer(1, "safety", "no"))
    with visitor.client.session_transaction() as session:
        session["c"] = [marker for marker in session["c"] if marker != "reach:what"]
    visitor.get("/q/2")
    visitor.get("/q/2")
    assert counters(app)[("reach", "received", "what", "")] == 2  # once by the POST, once by the first GET


def test_back_change_reload_and_revisits_do_not_double_count(app: Flask) -> None:
    visitor = Visitor(app.test_client())
    visitor.walk("received", RECEIVED)
    visitor.get("/result")  # reload
    visitor.get("/q/2")  # back
    visitor.get("/q/2")
    visitor.follow(visitor.answer(2, "what", "received", change=True))
    visitor.get("/result")
    found = counters(app)
    assert found[("outcome", "received", "received-other", "")] == 1
    assert found[("complete", "received", "", "")] == 1
    assert found[("reach", "received", "what", "")] == 1
    assert found[("start", "received", "", "")] == 1


def test_a_changed_answer_counts_the_final_path_only(app: Flask) -> None:
    visitor = Visitor(app.test_client())
    visitor.walk("received", {"safety": ("yes",)})  # urgent advice first
    visitor.follow(visitor.answer(1, "safety", "no", change=True))
    visitor.follow(visitor.answer(2, "what", "received"))
    visitor.follow(visitor.answer(3, "who", "known"))
    visitor.follow(visitor.answer(4, "age", "yes"))
    visitor.follow(visitor.answer(5, "my-age", "under18"))
    found = counters(app)
    assert found[("outcome", "received", "urgent", "")] == 1
    assert found[("outcome", "received", "received-other", "")] == 1
    assert found[("answer", "received", "safety", "yes")] == 1
    assert found[("answer", "received", "safety", "no")] == 1


def test_walks_show_up_exactly_in_the_csv_and_on_the_dashboard(app: Flask, runner: FlaskCliRunner) -> None:
    for _ in range(6):
        Visitor(app.test_client()).walk("received", RECEIVED)
    for _ in range(2):
        Visitor(app.test_client(), "en").walk("received", {"safety": ("yes",)})
    Visitor(app.test_client()).start("spread")  # started, never finished
    app.extensions["helpwanted.counters"].flush(force=True)

    result = runner.invoke(args=["usage", "export", "--from", THIS_MONTH, "--to", THIS_MONTH])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert {(r["month"], r["questionnaire"], r["outcome"], r["completions"]) for r in rows if r["table"] == "outcome"} == {
        (THIS_MONTH, "received", "received-other", "x"),  # else 8 − 6 gives the hidden 2
        (THIS_MONTH, "received", "urgent", "<5"),  # 2 is a small number
    }
    assert rows[0].keys() >= {"month", "questionnaire", "outcome", "completions", "starts", "language", "version"}

    coordinator = sign_in(app, "co@example.org", "coordinator")
    page = coordinator.get("/staff/usage/").get_data(as_text=True)
    assert '<dd data-figure="completions">8</dd>' in page
    assert '<title id="monthly-title">' in page and '<title id="years-title">' in page  # charts with the table
    assert f'<tr><th scope="row">{THIS_MONTH}</th><td class="number">9</td><td class="number">8</td>' in page
    download = coordinator.get(f"/staff/usage/export.csv?from={THIS_MONTH}&to={THIS_MONTH}")
    assert download.get_data(as_text=True) == result.output
    detail = coordinator.get("/staff/usage/questionnaire/received").get_data(as_text=True)
    assert "&lt; 5" in detail  # the two urgent visits are a small number
    assert '<table id="funnel-table-1">' in detail and ">x<" in detail  # hidden so that 8 − 6 cannot give the 2
    assert '<svg class="chart" id="funnel-0"' in detail


def test_concurrent_completions_are_counted_exactly(app: Flask) -> None:
    visits, errors = 24, []

    def visit() -> None:
        try:
            Visitor(app.test_client()).walk("received", RECEIVED)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=visit) for _ in range(visits)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    found = counters(app)
    assert found[("outcome", "received", "received-other", "")] == visits
    assert found[("complete", "received", "", "")] == visits
    assert found[("start", "received", "", "")] == visits
    assert found[("answer", "received", "who", "known")] == visits


def test_the_schema_has_no_column_that_could_identify_a_visitor(app: Flask) -> None:
    forbidden = ("ip", "agent", "session", "visitor", "user_id", "cookie", "address", "fingerprint", "timestamp")
    with app.extensions["helpwanted.engine"].connect() as connection:
        inspector = inspect(connection)
        counter_columns = {column["name"] for column in inspector.get_columns("usage_counter")}
        assert counter_columns == {
            "id",
            "period",
            "questionnaire",
            "version",
            "event",
            "node",
            "option",
            "language",
            "count",
        }
        types = {column["name"]: str(column["type"]).upper() for column in inspector.get_columns("usage_counter")}
        assert types["period"] == "DATE", "no time finer than a day"
        for table in inspector.get_table_names():
            if table in ("staff_user", "alembic_version", "audit_event", "published_version", "draft"):
                continue
            for column in inspector.get_columns(table):
                assert not any(word in column["name"].lower() for word in forbidden), (table, column["name"])


def test_counting_survives_a_database_that_is_down(app: Flask, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import create_engine

    counting = app.extensions["helpwanted.counters"]
    working = counting.engine
    counting.engine = create_engine(f"sqlite:///{tmp_path}/missing/dir/nothing.sqlite")  # cannot even open
    visitor = Visitor(app.test_client())
    result = visitor.walk("received", RECEIVED)
    assert result.status_code == 200 and "Je kreeg een naaktbeeld" in result.get_data(as_text=True)
    assert counting.status().increments == 13, "the increments are kept in the spool, not lost"
    counting.engine = working  # the database is back
    found = counters(app)
    assert found[("outcome", "received", "received-other", "")] == 1
    assert sum(found.values()) == 13
    assert counting.status().waiting == 0


def test_init_upgrades_an_existing_database_without_losing_counters(app: Flask, runner: FlaskCliRunner) -> None:
    Visitor(app.test_client()).walk("received", RECEIVED)
    before = counters(app)
    assert runner.invoke(args=["init"]).exit_code == 0
    assert counters(app) == before


def test_counters_are_written_after_the_response_without_forcing(app: Flask) -> None:
    Visitor(app.test_client()).walk("received", RECEIVED)  # the visitor closes each page it reads
    assert app.extensions["helpwanted.counters"].status().waiting == 0
    with app.extensions["helpwanted.engine"].connect() as connection:
        stored = connection.execute(select(UsageCounter.count).where(UsageCounter.event == "complete")).scalars()
        assert list(stored) == [1]


def test_csv_cells_never_start_a_spreadsheet_formula() -> None:
    from helpwanted.coordinator.report import spreadsheet_safe

    assert spreadsheet_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert spreadsheet_safe("@sum") == "'@sum"
    assert spreadsheet_safe("sextortion") == "sextortion"

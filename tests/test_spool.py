"""The usage spool: durable, replayed exactly once, one bad row never blocks the others."""

from __future__ import annotations

import multiprocessing
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from helpwanted.models import UsageBatch, UsageCounter
from helpwanted.replay import decode, encode, replay, write_batch
from helpwanted.spool import Spool
from helpwanted.usage import CounterKey, key

from .conftest import empty_postgres
from .visitor.walker import Visitor

RECEIVED = {"safety": ("no",), "what": ("received",), "who": ("known",), "age": ("yes",), "my-age": ("under18",)}


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Both databases: the upsert and the batch ids differ per dialect."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite'}"
    return empty_postgres(request.getfixturevalue("postgres_server"))


def written(app: Flask) -> int:
    """The sum of every counter in the database."""
    with app.extensions["helpwanted.engine"].connect() as connection:
        return int(connection.scalar(select(func.coalesce(func.sum(UsageCounter.count), 0))))


def start_key(questionnaire: str = "received", node: str = "") -> CounterKey:
    return key("start", questionnaire, "v1", "nl", node=node)


def test_a_key_survives_the_spool_unchanged() -> None:
    original = key("answer", "received", "v1", "en", node="who", option="known", today=date(2026, 3, 9))
    assert decode(encode(original), CounterKey) == original


def test_increments_wait_in_the_spool_until_the_database_takes_them(app: Flask) -> None:
    counting = app.extensions["helpwanted.counters"]
    counting.replay = lambda wait=False: None  # as if every worker died right after its response
    for _ in range(5):  # COUNT_MIX_VISITS: the fifth start and the fifth advice release their groups
        Visitor(app.test_client()).walk("received", RECEIVED)
    waiting = counting.status()
    assert written(app) == 0 and waiting.increments >= 5 * 8, "starts, completions, outcomes, answers, paths"
    assert replay(counting.spool, counting.engine, app.logger, CounterKey, wait=True).written == waiting.waiting
    assert written(app) == waiting.increments and counting.status().waiting == 0


def test_a_batch_written_before_a_crash_is_not_written_twice(app: Flask) -> None:
    counting = app.extensions["helpwanted.counters"]
    counting.record([start_key(), start_key(), start_key(node="x")])
    batch = counting.spool.take_batch(500)
    assert batch is not None
    write_batch(counting.spool, counting.engine, batch, CounterKey)  # committed, then the process is killed
    assert written(app) == 3
    again = counting.spool.take_batch(500)  # the next process finds the same batch
    assert again is not None and again.id == batch.id
    counting.flush()
    assert written(app) == 3, "the batch id in usage_batch stops a second write"
    with counting.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(UsageBatch)) == 0, "ids are forgotten afterwards"


def test_one_bad_counter_is_set_aside_and_the_others_are_written(app: Flask) -> None:
    counting = app.extensions["helpwanted.counters"]
    counting.record([start_key(), start_key(node="n" * 65), start_key(node="nul\0byte"), start_key(node="fine")])
    assert counting.flush()
    assert written(app) == 2
    assert counting.status().set_aside == 2
    counting.record([start_key()])  # counting goes on
    assert counting.flush() and written(app) == 3


def test_a_row_the_database_refuses_is_set_aside_row_by_row(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    import helpwanted.replay

    monkeypatch.setattr(helpwanted.replay, "unfit", lambda key: None)  # the database has to refuse it itself
    counting = app.extensions["helpwanted.counters"]
    long_node = "n" * 70
    counting.record([start_key(), start_key(node="a"), start_key(node=long_node), start_key(node="z")])
    counting.flush()
    if counting.engine.dialect.name == "postgresql":  # SQLite does not enforce VARCHAR lengths
        assert written(app) == 3 and counting.status().set_aside == 1
    else:
        assert written(app) == 4
    assert counting.status().waiting == 0


def test_a_spool_from_an_older_version_sets_its_rows_aside(app: Flask) -> None:
    counting = app.extensions["helpwanted.counters"]
    counting.spool.add([('{"event": "start", "gone": "x"}', 2), (encode(start_key()), 1)])
    counting.flush()
    assert written(app) == 1 and counting.status().set_aside == 1


def _spool_and_replay(url: str, spool_path: str, rounds: int) -> None:
    from helpwanted import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "k", "DATABASE_URL": url, "USAGE_SPOOL_PATH": spool_path})
    counting = app.extensions["helpwanted.counters"]
    for index in range(rounds):
        counting.record([start_key(), start_key(node=str(index % 7))])
        counting.replay()
    app.extensions["helpwanted.engine"].dispose()


def test_processes_sharing_a_spool_write_every_increment_exactly_once(app: Flask, tmp_path: Path) -> None:
    url = app.config["DATABASE_URL"]
    spool_path = str(tmp_path / "shared-spool.sqlite")
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_spool_and_replay, args=(url, spool_path, 60)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    from helpwanted.usage import Counting

    Counting(app, Spool(spool_path)).flush()  # what the workers left is replayed by anyone
    assert written(app) == 4 * 60 * 2


def test_mixed_increments_are_written_only_with_enough_visits(app: Flask) -> None:
    app.extensions["helpwanted.counters"].mix = 3
    counting = app.extensions["helpwanted.counters"]
    with app.app_context():
        from helpwanted.usage import count_mixed

        for visit in range(2):
            count_mixed(start_key(node="answer-a"), start_key(node=f"answer-{visit}"))
        counting.flush()
        assert written(app) == 0 and counting.status().held_visits == 2, "two visits are never written alone"
        count_mixed(start_key(node="answer-a"))
        counting.flush()
    assert written(app) == 5 and counting.status().held_visits == 0


def test_the_spool_commands_report_and_replay(app: Flask, tmp_path: Path) -> None:
    runner = app.test_cli_runner()
    other = Spool(tmp_path / "from-another-machine.sqlite")
    other.add([(encode(start_key()), 4)])
    result = runner.invoke(args=["spool", "status", "--path", str(other.path)])
    assert result.exit_code == 0 and "waiting: 1 counters (4 increments)" in result.output, result.output
    result = runner.invoke(args=["spool", "replay", "--path", str(other.path)])
    assert result.exit_code == 0 and "written: 1 counters" in result.output, result.output
    assert written(app) == 4
    assert "no such spool file" in runner.invoke(args=["spool", "replay", "--path", "/nonexistent"]).output
    database = tmp_path / "some-database.sqlite"  # any other SQLite file, e.g. the app's own database
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE usage_counter (id INTEGER PRIMARY KEY)")
    connection.close()
    before = database.read_bytes()
    for command in ("status", "replay"):  # it was opened as a spool: our tables added, switched to WAL
        result = runner.invoke(args=["spool", command, "--path", str(database)])
        assert result.exit_code == 1 and "without the spool's tables" in result.output, result.output
    assert database.read_bytes() == before, "the file is left as it was"
    (tmp_path / "notes.txt").write_text("not a spool\n")
    for command in ("status", "replay"):  # a wrong file was a traceback (sqlite3.DatabaseError)
        result = runner.invoke(args=["spool", command, "--path", str(tmp_path / "notes.txt")])
        assert result.exit_code == 1 and "not a usage spool" in result.output, result.output


def test_a_pool_filled_page_by_page_is_written_once_it_covers_enough_visits(app: Flask) -> None:
    counting = app.extensions["helpwanted.counters"]
    counting.mix = 2
    with app.app_context():
        from helpwanted.usage import count_held

        count_held("reach:received", new_visit=True)  # a visit starts…
        count_held("reach:received", start_key(node="q1"))  # …and reaches pages, one request each
        count_held("reach:received", start_key(node="q2"))
        count_held("reach:other", start_key(questionnaire="other"), new_visit=True)  # another pool
        counting.flush()
        assert written(app) == 0 and counting.status().held_visits == 2
        count_held("reach:received", start_key(node="q1"), new_visit=True)  # the second visit releases the pool
        counting.flush()
    assert written(app) == 3 and counting.status().held_visits == 1


def test_a_page_of_a_counted_visit_adds_all_its_increments_to_its_pool(tmp_path: Path) -> None:
    """Such a page is one INSERT of all its increments (a transaction by itself): each one counted, once."""
    from helpwanted.spool import Held

    spool = Spool(tmp_path / "spool.sqlite")
    spool.add([], [Held("pool", [("a", 1)], new_visit=True)], mix=5)
    page = [("a", 1), ("b", 2), ("c", 1)]
    for _ in range(3):
        spool.add([], [Held("pool", page, new_visit=False)], mix=5)
    held = dict(spool.connection().execute("SELECT counter, amount FROM mixing WHERE pool = 'pool'").fetchall())
    assert held == {"a": 4, "b": 6, "c": 3}
    assert spool.status().held_visits == 1 and spool.status().waiting == 0, "a page adds no visit and releases nothing"
    spool.add([], [Held("pool", [], new_visit=True)], mix=2)  # the next visit releases the pool
    assert spool.status().waiting == 3 and spool.status().held_visits == 0


def test_a_visit_with_more_increments_than_one_statement_takes_adds_them_all(tmp_path: Path) -> None:
    from helpwanted.spool import Held

    spool = Spool(tmp_path / "spool.sqlite")
    many = [(f"counter-{number:04}", 1) for number in range(450)]  # three INSERTs' worth
    for new_visit in (True, False):
        spool.add([], [Held("pool", many, new_visit=new_visit)], mix=5)
    held = dict(spool.connection().execute("SELECT counter, amount FROM mixing WHERE pool = 'pool'").fetchall())
    assert held == {counter: 2 for counter, _ in many} and spool.status().held_visits == 1


def test_a_transaction_left_open_by_a_failure_makes_the_next_page_fail_loudly(tmp_path: Path) -> None:
    """A page's one-statement INSERT inside a transaction that a failed COMMIT left open would never be
    committed, and add would return as if it were: it goes the transaction path, whose BEGIN fails."""
    from helpwanted.spool import Held

    spool = Spool(tmp_path / "spool.sqlite")
    spool.add([], [Held("pool", [("a", 1)], new_visit=True)], mix=5)
    spool.connection().execute("BEGIN")  # as a COMMIT that failed would have left it before
    with pytest.raises(sqlite3.OperationalError):
        spool.add([], [Held("pool", [("a", 1)], new_visit=False)], mix=5)
    spool.connection().execute("ROLLBACK")
    spool.add([], [Held("pool", [("a", 1)], new_visit=False)], mix=5)
    assert spool.connection().execute("SELECT amount FROM mixing WHERE counter = 'a'").fetchone() == (2,)


def test_a_commit_that_fails_leaves_no_transaction_open(tmp_path: Path) -> None:
    """A COMMIT that fails (disk full) is rolled back: the next page's INSERT is committed by itself."""
    import os

    from helpwanted.spool import Held

    spool = Spool(tmp_path / "spool.sqlite")
    real = spool.connection()

    class FailingCommit:
        def __init__(self) -> None:
            self.in_transaction = False

        def execute(self, sql: str, *parameters: object) -> sqlite3.Cursor:
            if sql == "COMMIT":
                raise sqlite3.OperationalError("database or disk is full")
            cursor = real.execute(sql, *parameters)
            self.in_transaction = real.in_transaction
            return cursor

    spool._local.held = (os.getpid(), FailingCommit())
    with pytest.raises(sqlite3.OperationalError):
        spool.add([], [Held("pool", [("a", 1)], new_visit=True)], mix=5)
    spool._local.held = (os.getpid(), real)
    assert not real.in_transaction, "rolled back, not left open"
    spool.add([], [Held("pool", [("a", 1)], new_visit=False)], mix=5)
    assert real.execute("SELECT amount FROM mixing WHERE counter = 'a'").fetchone() == (1,)


def test_held_pools_of_past_months_are_dropped_not_kept(app: Flask) -> None:
    """A pool that did not cover enough visits in its month is never written, and not kept either."""
    from helpwanted.spool import Held

    counting = app.extensions["helpwanted.counters"]
    spool = counting.spool
    this_month = f"{date.today():%Y-%m}"
    last_year = f"{date.today().year - 1}-{date.today():%m}"
    for pool in (f"reach:{last_year}:received:v1", f"answer:{this_month}:received:v1", "visits"):
        spool.add([], [Held(pool, [("a", 1)], new_visit=True)], mix=5)
    assert spool.status().held_visits == 3
    counting.replay(wait=True)
    pools = {row[0] for row in spool.connection().execute("SELECT pool FROM mixing_pool")}
    held = {row[0] for row in spool.connection().execute("SELECT pool FROM mixing")}
    assert pools == held == {f"answer:{this_month}:received:v1", "visits"}, "only the past month's pool is gone"
    assert written(app) == 0, "and nothing of it was written"

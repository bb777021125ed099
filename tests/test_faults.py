"""Faults with real gunicorn workers, a real PostgreSQL and visitors over HTTP: no count lost.

Each test ends with written = seen: every start and every advice a visitor was sent to (the
answer's POST that sends them there counts it) is in the database, none twice. The only slack is a counting request whose answer was cut off by kill -9
after its count was spooled ("uncertain": the visitor never saw it, the database has it); the bound
below allows exactly those. No visitor gets a 5xx or a 409 from the outage.
"""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, delete, func, select

from helpwanted.models import UsageCounter

from .harness import Gunicorn, Load, Postgres, Tally, Visit, app_environment, flask_init, get, publish_edited

pytestmark = pytest.mark.postgres
VISITORS = 6
PUBLISHED_TITLE = "Gepubliceerde titel tijdens de storing"


@pytest.fixture(scope="module")
def cluster() -> Iterator[Postgres]:
    """A cluster of its own: these tests stop and start it."""
    postgres = Postgres()
    postgres.create()
    yield postgres
    postgres.destroy()


@pytest.fixture(scope="module")
def running(cluster: Postgres, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gunicorn]:
    """`init` on a fresh database, and gunicorn with two workers, for the whole module."""
    folder = tmp_path_factory.mktemp("faults")
    environment = app_environment(cluster.url, folder)
    flask_init(environment)
    publish_edited(environment, folder, "received", PUBLISHED_TITLE)  # the live version is not the shipped file
    gunicorn = Gunicorn(environment, workers=2, log=folder / "gunicorn.log")
    gunicorn.start()
    assert PUBLISHED_TITLE in get(gunicorn.port, "/")[1]
    yield gunicorn
    gunicorn.stop()


@pytest.fixture
def server(running: Gunicorn, cluster: Postgres) -> Gunicorn:
    """The running server, its counters emptied (each test counts from zero)."""
    with contextlib.suppress(subprocess.CalledProcessError):
        cluster.start()  # a failed test may have left it stopped (else: it is running)
    engine = create_engine(cluster.url)
    with engine.begin() as connection:
        connection.execute(delete(UsageCounter))
    engine.dispose()
    return running


def written(url: str) -> tuple[int, int]:
    """(starts, completions) in the database."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            totals = dict(
                connection.execute(
                    select(UsageCounter.event, func.sum(UsageCounter.count)).group_by(UsageCounter.event)
                ).all()
            )
    finally:
        engine.dispose()
    return int(totals.get("start", 0)), int(totals.get("complete", 0))


def spool_empty(server: Gunicorn) -> bool:
    """Nothing waits in the machine's spool (pending or in a batch): nothing more can be written."""
    status, body = get(server.port, "/readyz")
    return status == 200 and '"counters_waiting":0' in body


def assert_nothing_lost(url: str, tally: Tally, server: Gunicorn) -> None:
    """Wait (bounded) until what was seen is written and the spool is empty, then compare the two."""
    for _ in range(600):
        starts, completions = written(url)
        if starts >= tally.starts and completions >= tally.completions and spool_empty(server):
            break
        time.sleep(0.1)
    starts, completions = written(url)  # the spool is empty: nothing is in flight, this is final
    report = (
        f"written/seen: starts {starts}/{tally.starts} (+{tally.uncertain_starts} uncertain), completions "
        f"{completions}/{tally.completions} (+{tally.uncertain_completions}); requests {tally.requests}, "
        f"statuses {dict(tally.statuses)}, broken connections {tally.broken}"
    )
    print(report)
    assert tally.starts <= starts <= tally.starts + tally.uncertain_starts, report
    assert tally.completions <= completions <= tally.completions + tally.uncertain_completions, report
    assert tally.errors == 0, report
    assert tally.completions > 0


def test_kill_9_with_the_database_up(server: Gunicorn, cluster: Postgres) -> None:
    with Load(server.port, VISITORS) as load:
        load.completions(10)
        server.kill_worker()
        load.completions(10)
        server.kill_worker()
        load.completions(10)
    assert_nothing_lost(cluster.url, load.tally, server)


def test_the_database_stopped_mid_run(server: Gunicorn, cluster: Postgres) -> None:
    with Load(server.port, VISITORS) as load:
        load.completions(10)
        cluster.stop()
        load.completions(20)
        during = get(server.port, "/readyz")
        cluster.start()
        load.completions(10)
    assert_nothing_lost(cluster.url, load.tally, server)
    assert during[0] == 503 and '"database":"unreachable"' in during[1], during
    after = get(server.port, "/readyz")
    assert after[0] == 200 and '"counters_waiting":0' in after[1], after


def test_kill_9_during_the_outage(server: Gunicorn, cluster: Postgres) -> None:
    with Load(server.port, VISITORS) as load:
        load.completions(10)
        cluster.stop()
        load.completions(10)
        for pid in server.workers():
            server.kill_worker(pid)  # their replacements start while the database is down…
        load.completions(10)
        home = get(server.port, "/")[1]
        cluster.start()
        load.completions(10)
    assert PUBLISHED_TITLE in home, "…and serve the published version, not the shipped file"
    assert_nothing_lost(cluster.url, load.tally, server)  # and no visitor mid-way got a 409


def test_sighup_right_after_the_database_returns(server: Gunicorn, cluster: Postgres) -> None:
    with Load(server.port, VISITORS) as load:
        load.completions(10)
        cluster.stop()
        load.completions(15)
        cluster.start()
        server.reload()  # every worker replaced while the backlog is being written
        load.completions(15)
    assert_nothing_lost(cluster.url, load.tally, server)


def test_a_full_restart_during_the_outage(server: Gunicorn, cluster: Postgres) -> None:
    with Load(server.port, VISITORS) as load:
        load.completions(10)
        cluster.stop()
        load.completions(10)
        server.stop()  # systemctl restart: SIGTERM, the master and every worker go…
        server.start()  # …and come back while the database is still down
        load.completions(10)
        home = get(server.port, "/")[1]
        cluster.start()
        load.completions(10)
    assert PUBLISHED_TITLE in home
    assert_nothing_lost(cluster.url, load.tally, server)


@pytest.fixture
def mixing(cluster: Postgres, tmp_path: Path) -> Iterator[tuple[Gunicorn, Path]]:
    """Gunicorn with the default privacy grouping (COUNT_MIX_VISITS=5) and a spool of its own."""
    with contextlib.suppress(subprocess.CalledProcessError):
        cluster.start()
    environment = app_environment(cluster.url, tmp_path, COUNT_MIX_VISITS="5")
    flask_init(environment)
    engine = create_engine(cluster.url)
    with engine.begin() as connection:
        connection.execute(delete(UsageCounter))
    engine.dispose()
    gunicorn = Gunicorn(environment, workers=2, log=tmp_path / "gunicorn.log")
    gunicorn.start()
    yield gunicorn, tmp_path / "usage-spool.sqlite"
    gunicorn.stop()


def held_visits(spool: Path, event: str) -> int:
    """Visits whose `event` increments wait in the machine's spool file for their group."""
    with contextlib.closing(sqlite3.connect(spool)) as connection:
        query = "SELECT coalesce(sum(visits), 0) FROM mixing_pool WHERE pool LIKE ?"
        return int(connection.execute(query, (f"{event}:%",)).fetchone()[0])


def written_at_safety(url: str, event: str) -> int:
    """Visits whose `event` rows for the first question (every walk answers it) are in the database."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            query = select(func.sum(UsageCounter.count)).where(
                UsageCounter.event == event, UsageCounter.node == "safety"
            )
            return int(connection.execute(query).scalar() or 0)
    finally:
        engine.dispose()


def test_visits_held_for_their_group_survive_kill_9_and_a_restart(
    mixing: tuple[Gunicorn, Path], cluster: Postgres
) -> None:
    server, spool = mixing
    tally = Tally()
    for _ in range(3):
        assert Visit(server.port, "received", tally).walk()
    assert written_at_safety(cluster.url, "answer") == 0, "three visits' answers are never written alone"
    assert held_visits(spool, "answer") == 3 and held_visits(spool, "reach") == 3
    for pid in server.workers():
        server.kill_worker(pid)  # kill -9 every worker that served them…
    server.stop()
    server.start()  # …and restart the whole server (a deploy)
    assert held_visits(spool, "answer") == 3, "the waiting answers are in the spool file, not in a process"
    for _ in range(2):
        assert Visit(server.port, "received", tally).walk()
    for _ in range(300):  # the background replay writes the released group (bounded wait, no timing claim)
        if written_at_safety(cluster.url, "answer") >= 5:
            break
        time.sleep(0.1)
    assert written_at_safety(cluster.url, "answer") == 5, "all five visits' answers, none lost, none twice"
    assert held_visits(spool, "answer") == 0
    # Paths are grouped by starts: the fifth start released the first four visits' pages.
    assert written_at_safety(cluster.url, "reach") == 4 and held_visits(spool, "reach") == 0

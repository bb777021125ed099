"""Faults with real gunicorn workers, a real PostgreSQL and visitors over HTTP: no count lost.

Each test ends with written = seen: every start and every advice page a visitor received is in
the database, none twice. The only slack is a counting request whose answer was cut off by kill -9
after its count was spooled ("uncertain": the visitor never saw it, the database has it); the bound
below allows exactly those. No visitor gets a 5xx or a 409 from the outage.
"""

from __future__ import annotations

import contextlib
import subprocess
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, delete, func, select

from helpwanted.models import UsageCounter

from .harness import Gunicorn, Load, Postgres, Tally, app_environment, flask_init, get, publish_edited

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


def assert_nothing_lost(url: str, tally: Tally) -> None:
    """Wait (bounded) for the spool to drain, then compare what was written with what was seen."""
    starts, completions = written(url)
    for _ in range(600):
        if starts >= tally.starts and completions >= tally.completions:
            break
        time.sleep(0.1)
        starts, completions = written(url)
    time.sleep(1.5)  # anything still in flight lands; then nothing may be over the bound either
    starts, completions = written(url)
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
    assert_nothing_lost(cluster.url, load.tally)


def test_the_database_stopped_mid_run(server: Gunicorn, cluster: Postgres) -> None:
    with Load(server.port, VISITORS) as load:
        load.completions(10)
        cluster.stop()
        load.completions(20)
        during = get(server.port, "/readyz")
        cluster.start()
        load.completions(10)
    assert_nothing_lost(cluster.url, load.tally)
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
    assert_nothing_lost(cluster.url, load.tally)  # and no visitor mid-way got a 409


def test_sighup_right_after_the_database_returns(server: Gunicorn, cluster: Postgres) -> None:
    with Load(server.port, VISITORS) as load:
        load.completions(10)
        cluster.stop()
        load.completions(15)
        cluster.start()
        server.reload()  # every worker replaced while the backlog is being written
        load.completions(15)
    assert_nothing_lost(cluster.url, load.tally)


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
    assert_nothing_lost(cluster.url, load.tally)

"""Shared fixtures: an app with a fresh database per test, its client and CLI runner.

What is the same for every test is done once per session (see `shared_work` and `migrated_sqlite`):
the suite's time goes into what each test checks, not into rebuilding identical state.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from helpwanted import create_app

from .pages import CheckedClient
from .pgcluster import ClusterError, throwaway_cluster
from .sharing import empty_postgres, migrate, migrated_postgres, shared_work  # noqa: F401 (shared_work: a fixture)

ROOT = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def checked_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every app a test makes hands out the checked client: each HTML page of every test is checked."""
    monkeypatch.setattr(Flask, "test_client_class", CheckedClient)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL cluster for the session; $HELPWANTED_TEST_POSTGRES_URL wins."""
    given = os.environ.get("HELPWANTED_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    try:
        with throwaway_cluster() as url:
            yield url
    except ClusterError as error:
        pytest.fail(str(error))  # a missing database is a failure, never a skip


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database migrated once for the session; each test gets a copy of it."""
    path = tmp_path_factory.mktemp("migrated") / "template.sqlite"
    migrate(f"sqlite:///{path}")
    return path


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A module marked `both_databases` runs each of its tests on SQLite and on PostgreSQL."""
    if metafunc.definition.get_closest_marker("both_databases") and "database_url" in metafunc.fixturenames:
        metafunc.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """SQLite in a temporary folder, or (in a `both_databases` module) the throwaway PostgreSQL too.

    Empty; but a test that uses the `app` fixture (which migrates it) gets it already migrated,
    faster: a copy of a migrated SQLite file, or PostgreSQL's migrated tables emptied.
    """
    migrated = "app" in request.fixturenames
    if getattr(request, "param", "sqlite") == "sqlite":
        database = tmp_path / "test.sqlite"
        if migrated:
            shutil.copyfile(request.getfixturevalue("migrated_sqlite"), database)
        return f"sqlite:///{database}"
    server = request.getfixturevalue("postgres_server")
    return migrated_postgres(server) if migrated else empty_postgres(server)


@pytest.fixture
def app_config(database_url: str, tmp_path: Path) -> dict[str, Any]:
    """The test configuration; override in a module to change one setting."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "DATABASE_URL": database_url,
        "ARGON2_PROFILE": "fast-for-tests",
        "QUESTIONNAIRES_DIR": str(ROOT / "questionnaires"),
    }


@pytest.fixture
def app(app_config: dict[str, Any]) -> Iterator[Flask]:
    """A fresh app on a fresh, migrated database."""
    application = create_app(app_config)
    with application.app_context():
        from helpwanted.database import upgrade_schema

        upgrade_schema()
    yield application
    application.extensions["helpwanted.engine"].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """A CLI runner."""
    return app.test_cli_runner()


def csrf_token(html: str) -> str:
    """The CSRF token in a rendered page."""
    match = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def sign_in(app: Flask, email: str, role: str, password: str = "correct horse battery") -> FlaskClient:  # noqa: S107
    """A client signed in as a new user with this role."""
    from helpwanted.accounts import create_user

    with app.app_context():
        create_user(email, password, role)
    client = app.test_client()
    token = csrf_token(client.get("/staff/login").get_data(as_text=True))
    response = client.post("/staff/login", data={"csrf_token": token, "email": email, "password": password})
    assert response.status_code == 303, response.get_data(as_text=True)
    return client

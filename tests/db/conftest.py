"""Every test in this folder runs twice: on SQLite and on the throwaway PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ..conftest import csrf_token, empty_postgres


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The database under test."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite'}"
    return empty_postgres(request.getfixturevalue("postgres_server"))


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

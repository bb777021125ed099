"""Fixtures for the editor tests: signed-in staff clients."""

from __future__ import annotations

from typing import Any

from flask import Flask

from ..conftest import csrf_token

PASSWORD = "correct horse battery"


def sign_in(app: Flask, email: str, role: str = "editor") -> Any:
    """A test client signed in as a new staff member with this role."""
    from helpwanted.accounts import create_user

    with app.app_context():
        create_user(email, PASSWORD, role)
    client = app.test_client()
    token = csrf_token(client.get("/staff/login").get_data(as_text=True))
    response = client.post("/staff/login", data={"csrf_token": token, "email": email, "password": PASSWORD})
    assert response.status_code == 303, response.get_data(as_text=True)
    return client


def post(client: Any, url: str, data: dict[str, str], page: str | None = None) -> Any:
    """POST with the CSRF token of page (default: url itself, or the staff index)."""
    html = client.get(page or "/staff/questionnaires/").get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_token(html), **data})

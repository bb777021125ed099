"""Fixtures for the editor tests: signed-in staff clients."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from ..conftest import csrf_token
from ..conftest import sign_in as shared_sign_in


def sign_in(app: Flask, email: str, role: str = "editor") -> FlaskClient:
    """A test client signed in as a new staff member (an editor unless told otherwise)."""
    return shared_sign_in(app, email, role)


def post(client: Any, url: str, data: dict[str, str], page: str | None = None) -> Any:
    """POST with the CSRF token of page (default: url itself, or the staff index)."""
    html = client.get(page or "/staff/questionnaires/").get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_token(html), **data})

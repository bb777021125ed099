"""Input the whole site refuses before any view runs (helpwanted/security.py), on SQLite and PostgreSQL."""

from __future__ import annotations

import itsdangerous.timed
import pytest
from flask import Flask, session
from flask.testing import FlaskClient

from helpwanted import security
from helpwanted.visitor.forms import StartForm

from .conftest import csrf_token, sign_in

pytestmark = pytest.mark.both_databases  # PostgreSQL is where a NUL byte was a 500

PASSWORD = "correct horse battery"


def _token(client: FlaskClient, page: str) -> str:
    return csrf_token(client.get(page).get_data(as_text=True))


def test_a_nul_byte_in_the_sign_in_e_mail_is_a_400_not_a_500(app: Flask, client: FlaskClient) -> None:
    sign_in(app, "admin@example.org", "admin")
    for email in ("admin@example.org\x00", "a\x00@example.org"):
        token = _token(client, "/staff/login")
        response = client.post("/staff/login", data={"csrf_token": token, "email": email, "password": PASSWORD})
        assert response.status_code == 400, email


@pytest.mark.parametrize(
    "path",
    [
        "/staff/usage/questionnaire/a%00b",  # an id in the URL went straight into a query
        "/staff/usage/?from=2026-01%00",
        "/staff/questionnaires/sextortion%00",
        "/staff/questionnaires/sextortion/preview?at=%00",
        "/?lang=%00",
        "/q/1?change=1%00",
    ],
)
def test_a_nul_byte_in_a_url_is_a_400(app: Flask, path: str) -> None:
    client = sign_in(app, "admin@example.org", "admin")
    assert client.get(path).status_code == 400


def test_a_nul_byte_in_any_staff_form_field_is_a_400_and_changes_nothing(app: Flask) -> None:
    client = sign_in(app, "admin@example.org", "admin")
    token = _token(client, "/staff/questionnaires/worried")
    response = client.post(
        "/staff/questionnaires/worried/listing", data={"csrf_token": token, "listed": "0", "note": "a\x00b"}
    )
    assert response.status_code == 400  # a 500 (DataError) on PostgreSQL before
    assert "worried" in client.get("/").get_data(as_text=True)  # still on the home page
    response = client.post("/staff/questionnaires/worried/listing", data={"csrf_token": token, "listed\x00": "0"})
    assert response.status_code == 400  # field names too


def test_a_nul_byte_in_a_visitor_form_is_a_400(client: FlaskClient) -> None:
    token = _token(client, "/")
    for data in ({"lang": "en", "back": "/\x00"}, {"lang": "en\x00"}):
        assert client.post("/language", data={"csrf_token": token, **data}).status_code == 400
    assert client.post("/start", data={"csrf_token": token, "questionnaire": "spread\x00"}).status_code == 400


def test_ordinary_input_still_passes(app: Flask) -> None:
    client = sign_in(app, "admin@example.org", "admin")
    token = _token(client, "/staff/questionnaires/worried")
    response = client.post(
        "/staff/questionnaires/worried/listing", data={"csrf_token": token, "listed": "1", "note": "tab\there, ok"}
    )
    assert response.status_code == 303


def test_a_nul_byte_the_quick_checks_could_miss_is_still_a_400(app: Flask, client: FlaskClient) -> None:
    # security._refuse_nul parses the query only when its raw bytes hold "%00" or a NUL, and the
    # body only when it has a content type: each way a NUL can arrive still reaches the full check.
    assert client.get("/", environ_overrides={"QUERY_STRING": "lang=a\x00b"}).status_code == 400
    assert client.get("/", query_string="a=1&b%00=2").status_code == 400  # in a name
    form = {"content_type": "application/x-www-form-urlencoded"}
    assert client.get("/", data="x=%00", **form).status_code == 400  # a form on a GET is parsed too
    assert client.get("/", query_string="lang=%2500").status_code == 200  # the text "%00" is no NUL


def test_a_csrf_token_of_another_session_is_refused(app: Flask) -> None:
    first, second = app.test_client(), app.test_client()
    token = _token(first, "/")
    _token(second, "/")  # the second visitor has a session (and a token) of their own
    response = second.post("/start", data={"csrf_token": token, "questionnaire": "spread"})
    assert response.status_code == 400
    assert first.post("/start", data={"csrf_token": token, "questionnaire": "spread"}).status_code == 303


def test_staff_hooks_stay_off_visitor_pages(app: Flask, client: FlaskClient) -> None:
    # Flask-Login and Flask-Limiter run only in the staff area (hooks.only_for): a stale remember-me
    # cookie on a visitor page gets no answer at all, and the sign-in limits still count on staff pages.
    client.set_cookie("remember_token", "1|stale")
    response = client.get("/")
    assert response.status_code == 200
    assert not [c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token=")]
    hooks = {name: [getattr(f, "__qualname__", repr(f)) for f in funcs] for name, funcs in app.after_request_funcs.items()}
    assert not any("remember" in hook or "Limiter" in hook for hook in hooks[None])
    assert any("remember" in hook for hook in hooks["staff"])


def test_a_page_that_builds_a_form_still_carries_the_remembered_token(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A WTForms form signs a token of its own when it is built; the page's forms carry the remembered one."""
    with app.test_request_context("/"):
        first = security.csrf_token()
        raw = session["csrf_token"]
    later = itsdangerous.timed.time.time() + 60  # a new signature would carry a new time
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: later)
    with app.test_request_context("/"):
        session["csrf_token"] = raw
        StartForm()
        assert security.csrf_token() == first

"""Staff accounts, sign-in and roles: every staff route refuses the wrong people."""

from __future__ import annotations

import re
import time

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from ..conftest import csrf_token, sign_in
from ..pages import page

pytestmark = pytest.mark.both_databases  # SQLite and the throwaway PostgreSQL


def staff_routes(app: Flask) -> list[str]:
    """Every GET route under /staff except the sign-in page and the editor's CSS/JS, with sample arguments."""
    routes = []
    for rule in app.url_map.iter_rules():
        public = rule.endpoint in ("staff.login", "editor.static")
        if rule.rule.startswith("/staff") and "GET" in (rule.methods or ()) and not public:
            routes.append(re.sub(r"<int:\w+>", "1", rule.rule.replace("<tree_id>", "received")))
    return routes


def test_users_create_with_password_from_stdin(runner: FlaskCliRunner, app: Flask) -> None:
    result = runner.invoke(
        args=["users", "create", "Ed@Example.org", "--role", "editor", "--password-stdin"],
        input="a long enough secret\n",
    )
    assert result.exit_code == 0, result.output
    again = runner.invoke(
        args=["users", "create", "ed@example.org", "--role", "editor", "--password-stdin"],
        input="a long enough secret\n",
    )
    assert again.exit_code == 1 and "exists already" in again.output
    short = runner.invoke(
        args=["users", "create", "x@example.org", "--role", "editor", "--password-stdin"], input="short\n"
    )
    assert short.exit_code == 1 and "at least 12" in short.output
    bad_role = runner.invoke(args=["users", "create", "x@example.org", "--role", "boss", "--password-stdin"])
    assert bad_role.exit_code == 2


def test_passwords_are_stored_as_argon2_hashes(app: Flask) -> None:
    from sqlalchemy import select

    from helpwanted.accounts import create_user
    from helpwanted.database import db
    from helpwanted.models import StaffUser

    with app.app_context():
        create_user("hash@example.org", "correct horse battery", "coordinator")
        stored = db().scalars(select(StaffUser)).one()
        assert stored.password_hash.startswith("$argon2id$")
        assert "correct horse" not in stored.password_hash


def test_there_is_no_default_account(app: Flask) -> None:
    from sqlalchemy import func, select

    from helpwanted.database import db
    from helpwanted.models import StaffUser

    with app.app_context():
        assert db().scalar(select(func.count()).select_from(StaffUser)) == 0


def test_sign_in_page_has_email_and_password_fields(app: Flask) -> None:
    response = app.test_client().get("/staff/login")
    found = page(response, visitor=False)
    html = response.get_data(as_text=True)
    assert 'name="email"' in html and 'name="password"' in html
    assert 'autocomplete="current-password"' in html  # password managers welcome (WCAG 3.3.8)
    assert found.title.strip()


def test_wrong_password_and_unknown_email_get_the_same_401(app: Flask) -> None:
    sign_in(app, "co@example.org", "coordinator")
    client = app.test_client()
    token = csrf_token(client.get("/staff/login").get_data(as_text=True))
    wrong = client.post(
        "/staff/login", data={"csrf_token": token, "email": "co@example.org", "password": "nope nope nope"}
    )
    unknown = client.post("/staff/login", data={"csrf_token": token, "email": "who@example.org", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 401
    message = "The e-mail address or password is not right."
    assert message in wrong.get_data(as_text=True) or "klopt niet" in wrong.get_data(as_text=True)


def test_sign_in_without_csrf_token_is_refused(app: Flask) -> None:
    sign_in(app, "co@example.org", "coordinator")
    response = app.test_client().post(
        "/staff/login", data={"email": "co@example.org", "password": "correct horse battery"}
    )
    assert response.status_code == 400


def test_sign_in_is_rate_limited(app: Flask) -> None:
    client = app.test_client()
    token = csrf_token(client.get("/staff/login").get_data(as_text=True))
    codes = [
        client.post(
            "/staff/login", data={"csrf_token": token, "email": "x@example.org", "password": "guess"}
        ).status_code
        for _ in range(12)
    ]
    assert codes[:10] == [401] * 10
    assert codes[10:] == [429, 429]


def test_every_staff_route_refuses_anonymous_visitors(app: Flask) -> None:
    client = app.test_client()
    routes = staff_routes(app)
    assert "/staff/usage/" in routes and "/staff/" in routes
    for route in routes:
        response = client.get(route)
        assert response.status_code == 302 and "/staff/login" in response.location, route


def test_every_coordinator_route_refuses_an_editor(app: Flask) -> None:
    editor = sign_in(app, "ed@example.org", "editor")
    for route in (r for r in staff_routes(app) if r.startswith("/staff/usage")):
        assert editor.get(route).status_code == 403, route


def test_coordinator_and_admin_can_open_the_dashboard(app: Flask) -> None:
    for email, role in (("co@example.org", "coordinator"), ("admin@example.org", "admin")):
        client = sign_in(app, email, role)
        response = client.get("/staff/usage/")
        assert response.status_code == 200
        page(response, visitor=False)


@pytest.mark.parametrize("query", ["?year=abc", "?from=2026-13", "?from=2026-05&to=2026-01", "?year=99999"])
def test_bad_dashboard_filters_get_400(app: Flask, query: str) -> None:
    client = sign_in(app, "co@example.org", "coordinator")
    assert client.get("/staff/usage/" + query).status_code == 400


def test_sign_out_ends_the_session(app: Flask) -> None:
    client = sign_in(app, "co@example.org", "coordinator")
    html = client.get("/staff/usage/").get_data(as_text=True)
    response = client.post("/staff/logout", data={"csrf_token": csrf_token(html)})
    assert response.status_code == 303
    assert client.get("/staff/usage/").status_code == 302


def test_staff_session_times_out(app: Flask) -> None:
    client = sign_in(app, "co@example.org", "coordinator")
    with client.session_transaction() as session:
        session["staff_since"] = time.time() - 61 * 60
    assert client.get("/staff/usage/").status_code == 302


def test_a_deactivated_account_is_signed_out(app: Flask) -> None:
    from sqlalchemy import update

    from helpwanted.models import StaffUser

    client = sign_in(app, "co@example.org", "coordinator")
    with app.extensions["helpwanted.engine"].begin() as connection:
        connection.execute(update(StaffUser).values(active=False))
    assert client.get("/staff/usage/").status_code == 302


@pytest.mark.parametrize(
    ("language", "message"),
    [("nl", "E-mailadres: Dit veld is vereist."), ("en", "E-mail address: This field is required.")],
)
def test_sign_in_errors_are_in_the_users_language(app: Flask, language: str, message: str) -> None:
    client = app.test_client()
    headers = {"Accept-Language": language}
    token = csrf_token(client.get("/staff/login", headers=headers).get_data(as_text=True))
    response = client.post("/staff/login", data={"csrf_token": token, "email": "", "password": ""}, headers=headers)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


@pytest.mark.parametrize(("language", "march"), [("nl", "mrt"), ("en", "Mar")])
def test_dashboard_months_are_named_in_the_users_language(app: Flask, language: str, march: str) -> None:
    client = sign_in(app, "co@example.org", "coordinator")
    html = client.get("/staff/usage/", headers={"Accept-Language": language}).get_data(as_text=True)
    assert f'<th scope="row">{march}</th>' in html

"""Staff sign-in hardening: sessions end everywhere, no enumeration, limits that can't lock staff out."""

from __future__ import annotations

from http.cookies import SimpleCookie

import pytest
from argon2 import extract_parameters
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from .conftest import csrf_token, sign_in

pytestmark = pytest.mark.both_databases  # SQLite and the throwaway PostgreSQL

PASSWORD = "correct horse battery"


def _attempt(client: FlaskClient, email: str, password: str, address: str = "192.0.2.1") -> int:
    token = csrf_token(client.get("/staff/login").get_data(as_text=True))
    response = client.post(
        "/staff/login",
        data={"csrf_token": token, "email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )
    return response.status_code


def _sign_out(client: FlaskClient) -> None:
    html = client.get("/staff/usage/").get_data(as_text=True)
    assert client.post("/staff/logout", data={"csrf_token": csrf_token(html)}).status_code == 303


def test_a_copied_session_cookie_stops_working_after_sign_out(app: Flask) -> None:
    client = sign_in(app, "co@example.org", "coordinator")
    copied = client.get_cookie("s")
    assert copied is not None
    _sign_out(client)
    thief = app.test_client()
    thief.set_cookie("s", copied.value)
    assert thief.get("/staff/usage/").status_code == 302


def test_a_copied_session_cookie_stops_working_after_a_password_change(app: Flask, runner: FlaskCliRunner) -> None:
    client = sign_in(app, "co@example.org", "coordinator")
    assert client.get("/staff/usage/").status_code == 200
    result = runner.invoke(
        args=["users", "set-password", "co@example.org", "--password-stdin"], input="new moon over the dunes\n"
    )
    assert result.exit_code == 0, result.output
    assert client.get("/staff/usage/").status_code == 302
    assert _attempt(app.test_client(), "co@example.org", "new moon over the dunes") == 303


def test_a_session_from_another_browser_is_refused(app: Flask) -> None:
    client = sign_in(app, "co@example.org", "coordinator")
    copied = client.get_cookie("s")
    assert copied is not None
    other = app.test_client()
    other.set_cookie("s", copied.value)
    assert other.get("/staff/usage/", headers={"User-Agent": "another browser"}).status_code == 302


def test_unknown_and_known_addresses_cost_the_same_hash(app: Flask) -> None:
    from helpwanted.accounts import _dummy_hash, create_user

    for profile, cheap in (("default", False), ("fast-for-tests", True)):
        app.config["ARGON2_PROFILE"] = profile
        with app.app_context():
            user = create_user(f"{profile}@example.org", PASSWORD, "editor")
            assert extract_parameters(_dummy_hash(cheap)) == extract_parameters(user.password_hash)


@pytest.mark.parametrize(
    "password",
    ["aaaaaaaaaaaa", " " * 12, "password1234", "qwertyuiop12", "helpwanted2026", "short"],
)
def test_weak_passwords_are_refused(runner: FlaskCliRunner, password: str) -> None:
    result = runner.invoke(
        args=["users", "create", "x@example.org", "--role", "editor", "--password-stdin"], input=password + "\n"
    )
    assert result.exit_code == 1
    assert "password" in result.output


@pytest.mark.parametrize("email", ["not-an-email@", "@example.org", "a b@example.org", "x@", "plain"])
def test_invalid_email_addresses_are_refused(runner: FlaskCliRunner, email: str) -> None:
    result = runner.invoke(
        args=["users", "create", email, "--role", "editor", "--password-stdin"], input=PASSWORD + "\n"
    )
    assert result.exit_code == 1
    assert "e-mail" in result.output


def test_guesses_against_one_account_from_many_addresses_are_limited(app: Flask) -> None:
    sign_in(app, "admin@example.org", "admin")
    attacker = app.test_client()
    codes = [_attempt(attacker, "admin@example.org", "guess", f"198.51.100.{n}") for n in range(12)]
    assert codes[:10] == [401] * 10
    assert codes[10:] == [429, 429]


def test_one_ipv6_network_counts_as_one_address(app: Flask) -> None:
    # A home or a server has a whole /64: a fresh address per guess must not give a fresh limit.
    attacker = app.test_client()
    codes = [_attempt(attacker, f"user{n}@example.org", "guess", f"2001:db8:1:2::{n:x}") for n in range(12)]
    assert codes == [401] * 10 + [429, 429]
    assert _attempt(attacker, "user99@example.org", "guess", "2001:db8:1:3::1") == 401  # the next /64 is apart
    assert _attempt(attacker, "user98@example.org", "guess", "::ffff:192.0.2.7") == 401  # IPv4 as before


def test_successful_sign_ins_do_not_count_against_the_limits(app: Flask) -> None:
    sign_in(app, "co@example.org", "coordinator")
    assert [_attempt(app.test_client(), "co@example.org", PASSWORD) for _ in range(12)] == [303] * 12


def test_an_attack_cannot_lock_the_owner_out_of_their_own_browser(app: Flask) -> None:
    owner = sign_in(app, "admin@example.org", "admin")
    _sign_out(owner)
    attacker = app.test_client()
    for _ in range(12):  # from the owner's own (shared) address
        _attempt(attacker, "admin@example.org", "guess")
    assert _attempt(attacker, "admin@example.org", PASSWORD) == 429  # a stranger stays locked out
    assert _attempt(owner, "admin@example.org", PASSWORD) == 303  # the owner's browser is known


def test_a_device_cookie_for_one_account_does_not_unlock_another(app: Flask) -> None:
    sign_in(app, "admin@example.org", "admin")
    mine = sign_in(app, "co@example.org", "coordinator")
    for n in range(10):
        _attempt(app.test_client(), "admin@example.org", "guess", f"198.51.100.{n}")
    assert _attempt(mine, "admin@example.org", PASSWORD, "203.0.113.9") == 429


def test_no_cookie_but_the_session_and_the_device_cookie_is_ever_set(app: Flask) -> None:
    client = sign_in(app, "co@example.org", "coordinator")
    client.set_cookie("remember_token", "stale")
    responses = [client.get("/staff/usage/"), client.get("/staff/login"), client.get("/")]
    html = responses[0].get_data(as_text=True)
    copied = client.get_cookie("s")
    assert copied is not None
    other = app.test_client()
    other.set_cookie("s", copied.value)
    responses.append(other.get("/staff/usage/", headers={"User-Agent": "another browser"}))
    responses.append(client.post("/staff/logout", data={"csrf_token": csrf_token(html)}))
    for response in responses:
        for header in response.headers.getlist("Set-Cookie"):
            assert list(SimpleCookie(header)) in (["s"], ["staff_device"]), header

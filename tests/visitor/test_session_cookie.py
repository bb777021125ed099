"""The visitor's session cookie: encrypted, gone with the browser, idle limit on the server."""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import time
import zlib
from http.cookies import SimpleCookie

import pytest
from cryptography.fernet import Fernet
from flask import Flask, session
from flask.testing import FlaskClient
from werkzeug.http import dump_cookie

from helpwanted import create_app
from helpwanted.sessions import IDLE_CLOCK_STEP, Sealer, SessionKeyError, derive_key

from .walker import Visitor

WALK = {"safety": ("no",), "what": ("received",), "who": ("known",), "age": ("yes",), "my-age": ("under18",)}


def _every_decoding(value: str) -> str:
    """All that an attacker without the key could read: the value and every base64 piece of it."""
    readable = [value]
    for piece in value.replace(".", " ").split():
        padded = piece + "=" * (-len(piece) % 4)
        for decode in (base64.urlsafe_b64decode, base64.b64decode):
            try:
                raw = decode(padded)
            except (binascii.Error, ValueError):
                continue
            readable.append(raw.decode("latin-1"))
            with contextlib.suppress(zlib.error):  # itsdangerous compresses long payloads
                readable.append(zlib.decompress(raw).decode("latin-1"))
    return "\n".join(readable)


def test_cookie_reveals_neither_topic_nor_answers_without_the_key(client: FlaskClient) -> None:
    visitor = Visitor(client)
    visitor.walk("received", WALK)
    cookie = client.get_cookie("s")
    assert cookie is not None
    readable = _every_decoding(cookie.value).lower()
    for secret in ("received", "safety", "known", "yes", '"p"', '"a"'):
        assert secret not in readable, secret


def test_cookie_is_a_browser_session_cookie(client: FlaskClient) -> None:
    visitor = Visitor(client)
    visitor.get("/")
    response = visitor.post("/start", {"questionnaire": "spread"})
    (header,) = response.headers.getlist("Set-Cookie")
    morsel = SimpleCookie(header)["s"]
    assert not morsel["expires"] and not morsel["max-age"], header


def _cookie_made_at(app: Flask, secret: str, data: dict[str, object], at: float) -> str:
    return Sealer([secret]).seal(json.dumps(data).encode(), int(at))


def _fernet_cookie_made_at(secret: str, data: dict[str, object], at: float) -> str:
    """A cookie of the previous format (Fernet), as visitors may still hold right after a deploy."""
    return Fernet(derive_key(secret)).encrypt_at_time(json.dumps(data).encode(), int(at)).decode()


def test_an_idle_session_is_empty_on_the_server(app: Flask) -> None:
    idle = app.permanent_session_lifetime.total_seconds()
    for age, readable in ((idle - 60, True), (idle + 5, False)):
        token = _cookie_made_at(app, app.config["SECRET_KEY"], {"lang": "en"}, time.time() - age)
        with app.test_request_context(headers={"Cookie": f"s={token}"}):
            assert (session.get("lang") == "en") is readable, age


def _sealed_at(app: Flask, token: str) -> int:
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    Sealer([app.config["SECRET_KEY"]]).open(token, 3600)  # ours, and whole
    return int.from_bytes(raw[1:9], "big")


def test_a_page_renews_the_idle_clock_unless_the_cookie_was_sealed_a_moment_ago(app: Flask) -> None:
    """The idle limit runs from the latest page, give or take IDLE_CLOCK_STEP seconds; the page right
    after a POST's redirect does not seal again what that POST sealed."""
    idle = app.permanent_session_lifetime.total_seconds()
    secret = str(app.config["SECRET_KEY"])
    client = app.test_client()
    for age, renewed in ((0, False), (IDLE_CLOCK_STEP - 2, False), (IDLE_CLOCK_STEP + 1, True), (idle - 60, True)):
        visit = {"lang": "en", "csrf_token": "f" * 40}  # a token already: a page has nothing else to write
        client.set_cookie("s", _cookie_made_at(app, secret, visit, time.time() - age))
        response = client.get("/about")
        assert "Talk to someone now" in response.get_data(as_text=True)  # English: the cookie was read
        cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("s=")]
        assert bool(cookies) is renewed, age
        if renewed:
            token = SimpleCookie(cookies[0])["s"].value
            assert time.time() - _sealed_at(app, token) < 2, "the idle clock starts again at this page"


def test_a_cookie_of_a_fallback_key_is_sealed_again_with_the_new_key_at_once(app_config: dict[str, object]) -> None:
    rotated = create_app(
        {**app_config, "SECRET_KEY": "new-key-new-key-new-key-new-key!", "SECRET_KEY_FALLBACKS": ["old-key-old-key-old-key!"]}
    )
    client = rotated.test_client()
    visit = {"lang": "en", "csrf_token": "f" * 40}
    client.set_cookie("s", _cookie_made_at(rotated, "old-key-old-key-old-key!", visit, time.time()))
    response = client.get("/about")
    assert "Talk to someone now" in response.get_data(as_text=True)
    (cookie,) = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("s=")]
    Sealer(["new-key-new-key-new-key-new-key!"]).open(SimpleCookie(cookie)["s"].value, 60)  # the new key alone opens it


def test_a_cookie_made_with_a_retired_key_is_read_only_while_it_is_a_fallback(app_config: dict[str, object]) -> None:
    old = create_app({**app_config, "SECRET_KEY": "old-key-old-key-old-key-old-key!"})
    token = _cookie_made_at(old, "old-key-old-key-old-key-old-key!", {"lang": "en"}, time.time())
    rotated = create_app(
        {**app_config, "SECRET_KEY": "new-key-new-key-new-key-new-key!", "SECRET_KEY_FALLBACKS": [old.secret_key]}
    )
    retired = create_app({**app_config, "SECRET_KEY": "new-key-new-key-new-key-new-key!"})
    for application, readable in ((rotated, True), (retired, False)):
        with application.test_request_context(headers={"Cookie": f"s={token}"}):
            assert (session.get("lang") == "en") is readable


def test_fallback_keys_from_the_environment_are_whole_keys_not_characters(
    app_config: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Found from outside: HELPWANTED_SECRET_KEY_FALLBACKS=<old key> was iterated character by character,
    # so "k" (any one character of the old key) decrypted sessions and the old key itself did not.
    monkeypatch.setenv("HELPWANTED_SECRET_KEY_FALLBACKS", "old-key-old-key-old-key-old-key!, second-old-key-0123")
    rotated = create_app(
        {key: value for key, value in app_config.items() if key != "SECRET_KEY"} | {"SECRET_KEY": "n" * 32}
    )
    assert rotated.config["SECRET_KEY_FALLBACKS"] == ["old-key-old-key-old-key-old-key!", "second-old-key-0123"]
    for secret, readable in (("old-key-old-key-old-key-old-key!", True), ("second-old-key-0123", True), ("o", False)):
        token = _cookie_made_at(rotated, secret, {"lang": "en"}, time.time())
        with rotated.test_request_context(headers={"Cookie": f"s={token}"}):
            assert (session.get("lang") == "en") is readable, secret


@pytest.mark.parametrize(
    "settings",
    [
        {"SECRET_KEY": "short"},
        {"SECRET_KEY": "x" * 32, "SECRET_KEY_FALLBACKS": ["old"]},
        {"SECRET_KEY": "x" * 32, "SECRET_KEY_FALLBACKS": 12345},
    ],
)
def test_keys_too_short_to_be_secret_stop_the_start(app_config: dict[str, object], settings: dict[str, object]) -> None:
    production = {key: value for key, value in app_config.items() if key not in ("TESTING", "SECRET_KEY")}
    with pytest.raises(SessionKeyError):
        create_app(production | settings)


def test_a_cookie_of_the_previous_format_is_read_and_resealed(app: Flask) -> None:
    idle = app.permanent_session_lifetime.total_seconds()
    for age, readable in ((idle - 60, True), (idle + 5, False)):
        token = _fernet_cookie_made_at(app.config["SECRET_KEY"], {"lang": "en"}, time.time() - age)
        with app.test_request_context(headers={"Cookie": f"s={token}"}):
            assert (session.get("lang") == "en") is readable, age
    client = app.test_client()
    client.set_cookie("s", _fernet_cookie_made_at(app.config["SECRET_KEY"], {"lang": "en"}, time.time()))
    assert "Talk to someone now" in client.get("/").get_data(as_text=True)  # English: the cookie was read
    resealed = client.get_cookie("s")
    assert resealed is not None and not resealed.value.startswith("gAAAAA")


def test_a_damaged_forged_or_future_cookie_is_an_empty_session(app: Flask) -> None:
    secret = app.config["SECRET_KEY"]
    good = _cookie_made_at(app, secret, {"lang": "en"}, time.time())
    raw = bytearray(base64.urlsafe_b64decode(good + "=" * (-len(good) % 4)))
    raw[-1] ^= 1  # one bit of the tag
    damaged = base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
    raw = bytearray(base64.urlsafe_b64decode(good + "=" * (-len(good) % 4)))
    raw[8] ^= 1  # the sealing time is authenticated too
    retimed = base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
    future = _cookie_made_at(app, secret, {"lang": "en"}, time.time() + 3600)
    other_key = _cookie_made_at(app, "another-key-another-key-another!", {"lang": "en"}, time.time())
    for token in (good, damaged, retimed, future, other_key, good[:20], "AQ", "ü", "gAAAAAnonsense"):
        with app.test_request_context(headers={"Cookie": f"s={token}"}):
            assert (session.get("lang") == "en") is (token == good), token


@pytest.mark.parametrize("secure", [False, True])
def test_the_set_cookie_header_is_the_one_werkzeug_writes(app_config: dict[str, object], secure: bool) -> None:
    """The header is put together from Werkzeug's own text around the value: nothing may differ."""
    application = create_app({**app_config, "SESSION_COOKIE_SECURE": secure, "SESSION_COOKIE_DOMAIN": "example.org"})
    response = application.test_client().get("/")  # a first page: the session's CSRF token is new
    assert response.status_code == 200
    (header,) = response.headers.getlist("Set-Cookie")
    value = SimpleCookie(header)["s"].value
    assert header == dump_cookie(
        "s", value, domain="example.org", path="/", secure=secure, samesite="Lax", httponly=True
    )
    assert ("Secure" in header) is secure and "HttpOnly" in header and "Expires" not in header

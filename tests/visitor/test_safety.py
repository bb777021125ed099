"""Visitor safety: headers on every response, neutral URLs, forged input, tampered cookies, exit."""

from __future__ import annotations

import re
import time
from http.cookies import SimpleCookie

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from helpwanted.sessions import IDLE_CLOCK_STEP

from ..pages import TOPIC_WORDS, page
from .walker import Visitor

FULL_WALK = {"safety": ("no",), "what": ("received",), "who": ("known",), "age": ("yes",), "my-age": ("under18",)}


def assert_safe_headers(response: TestResponse) -> None:
    headers = response.headers
    assert headers["Cache-Control"].startswith("no-store")
    assert headers["Referrer-Policy"] == "no-referrer"
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_every_visitor_response_has_the_safety_headers(client: FlaskClient) -> None:
    visitor = Visitor(client)
    responses = [visitor.get("/"), visitor.get("/about"), visitor.start("received")]
    responses.append(visitor.answer(1, "safety", "no"))
    responses.append(visitor.answer(2, "what"))  # error state
    responses += [visitor.get("/static/site.css"), visitor.get("/static/exit.js"), visitor.get("/nope")]
    responses.append(visitor.walk("received", FULL_WALK))
    responses.append(visitor.get("/exit"))
    for response in responses:
        assert_safe_headers(response)


def test_pages_load_nothing_from_other_hosts_and_use_no_inline_script(client: FlaskClient) -> None:
    visitor = Visitor(client)
    for response in (visitor.get("/"), visitor.start("spread"), visitor.walk("received", FULL_WALK)):
        html = response.get_data(as_text=True)
        page(response)
        assert not re.search(r"<script(?![^>]*\bsrc=\"/static/)", html), "inline script"
        assert " style=" not in html and "<style" not in html, "inline style"
        assert " on" + "click=" not in html


def test_no_url_or_title_reveals_topic_or_answers(client: FlaskClient, app: Flask) -> None:
    catalog = app.extensions["helpwanted.trees"].catalog
    visitor = Visitor(client)
    for tree in catalog.trees.values():
        for scenario in tree.scenarios:
            client.delete_cookie("s")
            result = visitor.walk(tree.id, dict(scenario.answers))
            page(result)
    ids = {n.id for tree in catalog.trees.values() for n in tree.nodes.values()}
    ids |= {o.id for tree in catalog.trees.values() for n in tree.nodes.values() for o in n.options}
    for url in visitor.visited:
        lowered = url.lower()
        assert not [w for w in TOPIC_WORDS if w in lowered], url
        assert not [w for w in ids if len(w) > 3 and w in lowered], url  # no node or answer id
        assert re.fullmatch(r"/(|about|start|restart|result|exit|language|q/\d+(\?change=1)?|static/[\w.]+)", url), url


def test_only_the_session_cookie_is_set_and_it_is_locked_down(client: FlaskClient) -> None:
    visitor = Visitor(client)
    visitor.get("/")
    response = visitor.post("/start", {"questionnaire": "spread"})
    cookies = response.headers.getlist("Set-Cookie")
    assert len(cookies) == 1
    cookie = SimpleCookie(cookies[0])
    assert list(cookie) == ["s"]
    morsel = cookie["s"]
    assert morsel["httponly"] and morsel["samesite"] == "Lax" and morsel["path"] == "/"


def test_session_cookie_is_secure_outside_debug_and_testing(app: Flask) -> None:
    from helpwanted import create_app

    production = create_app({"SECRET_KEY": "x" * 32, "DATABASE_URL": app.config["DATABASE_URL"]})
    assert production.config["SESSION_COOKIE_SECURE"] is True
    assert production.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SECURE"] is False  # plain http in tests and debug only


def test_session_expires_when_idle(app: Flask) -> None:
    assert app.permanent_session_lifetime.total_seconds() == 30 * 60


@pytest.mark.parametrize(
    ("number", "data"),
    [
        (1, {"node": "safety", "answer": "maybe"}),  # unknown option
        (1, {"node": "safety", "answer": ["yes", "no"]}),  # two answers to a single choice
        (1, {"node": "what", "answer": "received"}),  # a node that is not at this step
        (3, {"node": "who", "answer": "known"}),  # a step the visitor has not reached
    ],
)
def test_forged_answers_get_a_4xx_and_change_nothing(client: FlaskClient, number: int, data: dict[str, object]) -> None:
    visitor = Visitor(client)
    visitor.start("received")
    response = visitor.post(f"/q/{number}", data)
    assert 400 <= response.status_code < 500, response.status_code
    page(response)
    assert visitor.get("/q/1").status_code == 200
    assert "checked" not in visitor.get("/q/1").get_data(as_text=True)


def test_post_without_csrf_token_is_refused(client: FlaskClient) -> None:
    visitor = Visitor(client)
    visitor.start("received")
    response = client.post("/q/1", data={"node": "safety", "answer": "no"})
    assert response.status_code == 400
    page(response)


def test_unknown_questionnaire_is_refused(client: FlaskClient) -> None:
    visitor = Visitor(client)
    visitor.get("/")
    assert visitor.post("/start", {"questionnaire": "../../etc/passwd"}).status_code == 400


def test_tampered_cookie_gets_a_start_again_page(client: FlaskClient) -> None:
    visitor = Visitor(client)
    visitor.start("received")
    value = client.get_cookie("s")
    assert value is not None
    client.set_cookie("s", value.value[:-3] + "AAA")
    response = client.get("/q/1")
    assert response.status_code == 400
    assert "Begin opnieuw" in response.get_data(as_text=True) or "Opnieuw beginnen" in response.get_data(as_text=True)


def test_head_answers_like_get_on_every_visitor_page(client: FlaskClient) -> None:
    visitor = Visitor(client)
    visitor.start("received")
    for url in ("/", "/about", "/q/1", "/q/9", "/result", "/brand.css", "/logo.svg", "/favicon.ico"):
        assert client.head(url).status_code == client.get(url).status_code, url  # /q/1 was a 400


def test_no_session_gets_a_start_again_page(client: FlaskClient) -> None:
    for url in ("/q/1", "/q/9", "/result"):
        response = client.get(url)
        assert response.status_code == 400
        page(response)


def test_progress_on_an_unknown_version_gets_409(client: FlaskClient) -> None:
    visitor = Visitor(client)
    visitor.start("received")
    with client.session_transaction() as session:
        session["p"] = {**session["p"], "v": "000000000000"}  # a version that was never published
    response = visitor.get("/q/1")
    assert response.status_code == 409
    assert "veranderd" in response.get_data(as_text=True)


def test_step_beyond_the_path_redirects_to_the_current_question(client: FlaskClient) -> None:
    visitor = Visitor(client)
    visitor.start("received")
    response = visitor.get("/q/5")
    assert response.status_code == 303 and response.location == "/q/1"


def test_quick_exit_clears_the_session_and_leaves_without_referrer(client: FlaskClient, app: Flask) -> None:
    visitor = Visitor(client)
    visitor.walk("received", FULL_WALK)
    response = visitor.get("/exit")
    assert response.status_code == 303
    assert response.location == app.config["EXIT_URL"]
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "cookies" in response.headers["Clear-Site-Data"]
    assert visitor.get("/result").status_code == 400


def test_every_page_has_the_quick_exit_in_three_forms(client: FlaskClient) -> None:
    visitor = Visitor(client)
    for response in (visitor.get("/"), visitor.start("spread"), visitor.get("/about"), visitor.get("/missing")):
        html = response.get_data(as_text=True)
        body = html.split("<body", 1)[1]
        first_link = re.search(r"<a [^>]*>", body)
        assert first_link and 'href="/exit"' in first_link.group(0), "the first link must be the quick exit"
        assert 'class="exit-button"' in html and 'rel="nofollow noreferrer"' in html
        assert '<span class="visually-hidden">Nood:</span> Snel weg' in html
        assert 'role="status" data-exit-status' in html


def test_error_pages_are_friendly_and_in_the_visitors_language(client: FlaskClient) -> None:
    english = client.get("/nope", headers={"Accept-Language": "en"})
    dutch = client.get("/nope", headers={"Accept-Language": "nl"})
    assert english.status_code == dutch.status_code == 404
    assert "Page not found" in english.get_data(as_text=True)
    assert "Pagina niet gevonden" in dutch.get_data(as_text=True)
    assert client.put("/").status_code == 405


def test_an_unexpected_error_gets_the_500_page_without_traceback(app: Flask) -> None:
    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("secret detail")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "secret detail" not in html and "Traceback" not in html
    assert "Er ging bij ons iets mis" in html


def test_oversized_post_is_refused(client: FlaskClient) -> None:
    response = client.post("/start", data={"questionnaire": "x" * (600 * 1024)})
    assert response.status_code == 413


@pytest.mark.parametrize(
    "url", ["sqlite:////nonexistent/folder/helpwanted.sqlite", "postgresql+psycopg://app@/helpwanted?host=/nonexistent"]
)
def test_visitors_get_their_advice_while_the_database_is_down(url: str) -> None:
    from helpwanted import create_app

    config = {"TESTING": True, "SECRET_KEY": "k", "DATABASE_URL": url, "CATALOG_REFRESH_SECONDS": 0}
    app = create_app({**config, "COUNT_MIX_VISITS": 1})  # each visit its own group: its counts are due at once
    result = Visitor(app.test_client()).walk("received", FULL_WALK)
    assert result.status_code == 200
    assert "Je kreeg een naaktbeeld van iemand anders" in result.get_data(as_text=True)
    # Kept for later, all of the visit's counts: start, path, completion, outcome and answers.
    assert app.extensions["helpwanted.counters"].status().increments == 13
    app.extensions["helpwanted.engine"].dispose()


def test_keep_refreshes_the_session_only_with_a_csrf_token(client: FlaskClient) -> None:
    visitor = Visitor(client)
    visitor.start("received")
    assert client.post("/keep").status_code == 400
    kept = client.post("/keep", headers={"X-CSRFToken": visitor.token})
    assert kept.status_code == 204
    assert kept.headers.getlist("Set-Cookie"), "the session cookie is sent again with a fresh expiry"


def test_only_pages_refresh_the_session_cookie(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """A late favicon or stylesheet response must never bring back a session the exit cleared."""
    visitor = Visitor(client)
    visitor.start("received")
    later = time.time() + IDLE_CLOCK_STEP + 1  # past the moment in which a page leaves a fresh cookie as it is
    monkeypatch.setattr(time, "time", lambda: later)
    for url in ("/favicon.ico", "/static/site.css", "/static/exit.js"):
        response = client.get(url)
        response.close()
        assert not response.headers.getlist("Set-Cookie"), url
    assert client.get("/q/1").headers.getlist("Set-Cookie"), "a page refreshes the idle expiry"
    exit_response = client.get("/exit")
    assert [c for c in exit_response.headers.getlist("Set-Cookie") if c.startswith("s=;")], "the exit deletes it"

"""/healthz and /readyz: cheap, no cookie, no visitor data; 503 with the reason when not ready."""

from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskClient

from helpwanted import create_app

from .visitor.walker import Visitor

RECEIVED = {"safety": ("no",), "what": ("received",), "who": ("known",), "age": ("yes",), "my-age": ("under18",)}


def test_healthz_answers_without_touching_anything(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}
    assert not response.headers.getlist("Set-Cookie")


def test_readyz_is_ready_with_a_database_a_catalogue_and_an_empty_spool(client: FlaskClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200, response.json
    assert response.json == {
        "status": "ok",
        "database": "ok",
        "catalogue": "ok",
        "spool": "ok",
        "counters_waiting": 0,
        "counters_set_aside": 0,
    }
    assert not response.headers.getlist("Set-Cookie")


def test_readyz_says_503_when_the_database_is_down_and_the_spool_backs_up() -> None:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "k",
            "DATABASE_URL": "sqlite:////nonexistent/folder/helpwanted.sqlite",
            "READY_SPOOL_SECONDS": 0,
            "COUNT_MIX_VISITS": 1,  # each visit is its own group, so its counts are due at once
        }
    )
    Visitor(app.test_client()).walk("received", RECEIVED)  # the visitor is served all the same
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json is not None
    assert response.json["database"] == "unreachable" and response.json["spool"] == "backing up"
    assert response.json["counters_waiting"] == 13  # every count of the visit: start, path, completion, outcome, answers
    assert app.test_client().get("/healthz").status_code == 200, "the process itself is fine"
    app.extensions["helpwanted.engine"].dispose()


def test_readyz_wants_a_catalogue(app_config: dict[str, object], tmp_path: Path) -> None:
    (tmp_path / "no-trees").mkdir()
    app = create_app({**app_config, "QUESTIONNAIRES_DIR": str(tmp_path / "no-trees")})
    with app.app_context():
        from helpwanted.database import upgrade_schema

        upgrade_schema()
    response = app.test_client().get("/readyz")
    assert response.status_code == 503 and response.json is not None and response.json["catalogue"] == "empty"


def test_proxy_fix_believes_only_the_configured_hops(app_config: dict[str, object]) -> None:
    from flask import request

    seen: list[str | None] = []
    for hops, expected in ((0, "127.0.0.1"), (1, "203.0.113.7")):
        app = create_app({**app_config, "PROXY_FIX_HOPS": hops})

        @app.get("/whoami")
        def whoami() -> str:
            seen.append(request.remote_addr)
            return ""

        forged_then_real = {"X-Forwarded-For": "198.51.100.1, 203.0.113.7"}
        app.test_client().get("/whoami", headers=forged_then_real, environ_base={"REMOTE_ADDR": "127.0.0.1"})
        assert seen[-1] == expected
        app.extensions["helpwanted.engine"].dispose()


def test_forms_work_over_https_behind_the_proxy_without_a_referer(app_config: dict[str, object]) -> None:
    """Pages send Referrer-Policy: no-referrer, so a POST over HTTPS never carries a Referer."""
    from .conftest import csrf_token

    app = create_app({**app_config, "PROXY_FIX_HOPS": 1, "SESSION_COOKIE_SECURE": True})
    client = app.test_client()
    proxy = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    token = csrf_token(client.get("/", headers=proxy).get_data(as_text=True))
    started = client.post("/start", data={"csrf_token": token, "questionnaire": "received"}, headers=proxy)
    assert started.status_code == 303, started.get_data(as_text=True)[:300]
    app.extensions["helpwanted.engine"].dispose()

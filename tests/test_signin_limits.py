"""The sign-in limit shared for real: two gunicorn servers, one redis-server, one limit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from helpwanted import create_app

from .harness import Browser, Gunicorn, app_environment, flask_init, form_fields
from .redisserver import RedisError, throwaway_redis


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    """A real redis-server for this module."""
    try:
        with throwaway_redis() as url:
            yield url
    except RedisError as error:
        pytest.fail(str(error))  # a missing server is a failure, never a skip


def test_two_processes_share_one_sign_in_limit_through_redis(redis_url: str, tmp_path: Path) -> None:
    environment = app_environment(
        f"sqlite:///{tmp_path / 'shared.sqlite'}",
        tmp_path,
        RATELIMIT_STORAGE_URI=redis_url,
        LOGIN_RATE_LIMIT="3 per minute",
    )
    flask_init(environment)
    servers = [Gunicorn(environment, workers=1, log=tmp_path / f"gunicorn-{n}.log") for n in (1, 2)]
    try:
        for server in servers:
            server.launch()  # both boot at once
        for server in servers:
            server.wait_ready()
        browser = Browser(servers[0].port)
        token = form_fields(browser.request("GET", "/staff/login")[2])[0]["csrf_token"]
        wrong = {"csrf_token": token, "email": "someone@example.org", "password": "not the password"}
        statuses = []
        for attempt in range(5):
            browser.port = servers[attempt % 2].port  # alternate between the two processes
            statuses.append(browser.request("POST", "/staff/login", wrong)[0])
    finally:
        for server in servers:
            server.stop()
    assert statuses == [401, 401, 401, 429, 429], "3 per minute in total, not 3 per process"


def test_a_redis_url_without_the_client_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "redis", None)  # as if the [redis] extra were not installed
    with pytest.raises(RuntimeError, match=r"pip install 'helpwanted\[redis\]'"):
        create_app({"TESTING": True, "SECRET_KEY": "k", "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0"})

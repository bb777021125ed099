"""A live server for the real Chromium: the app, plus a stand-in 'neutral site' for the exit."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, request
from werkzeug.serving import make_server

from helpwanted import create_app

from ..pages import check_served_pages

ROOT = Path(__file__).parent.parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = (ROOT / "tests" / "vendor" / "axe.min.js").read_text()
HTMLCS = (ROOT / "tests" / "vendor" / "HTMLCS.js").read_text()  # @pa11y/html_codesniffer 2.6.0, the build pa11y runs
SERVED_PAGE_PROBLEMS: list[str] = []  # filled by every live app's page check, emptied after each test


@pytest.fixture(autouse=True)
def served_pages_are_checked() -> Iterator[None]:
    """Every page a live app served during the test passed the page checker and the HTML parse."""
    SERVED_PAGE_PROBLEMS.clear()
    yield
    assert SERVED_PAGE_PROBLEMS == []


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium, never a downloaded browser."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


class Served:
    """A WSGI app on a free local port, in a thread."""

    def __init__(self, app: Flask) -> None:
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(5)


@pytest.fixture(scope="session")
def neutral_site() -> Iterator[tuple[str, list[dict[str, str]]]]:
    """Where the quick exit goes; it records each request's Referer and Cookie."""
    site = Flask("neutral")
    seen: list[dict[str, str]] = []

    @site.get("/weather")
    def weather() -> str:
        seen.append({"referer": request.headers.get("Referer", ""), "cookie": request.headers.get("Cookie", "")})
        return "<!doctype html><html lang='en'><title>Weather</title><h1>Weather</h1></html>"

    served = Served(site)
    yield served.url + "/weather", seen
    served.stop()


def fresh_app(folder: Path, **settings: Any) -> Flask:
    """An app on a new, migrated SQLite database in folder."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "browser-test-key",
            "DATABASE_URL": f"sqlite:///{folder / 'live.sqlite'}",
            "QUESTIONNAIRES_DIR": str(ROOT / "questionnaires"),
            "ARGON2_PROFILE": "fast-for-tests",
            **settings,
        }
    )
    with app.app_context():
        from helpwanted.database import upgrade_schema

        upgrade_schema()
    check_served_pages(app, SERVED_PAGE_PROBLEMS)
    return app


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory, neutral_site: tuple[str, list[dict[str, str]]]) -> Flask:
    """The visitor site on a fresh database, quick exit to the stand-in neutral site."""
    return fresh_app(tmp_path_factory.mktemp("live"), EXIT_URL=neutral_site[0])


@pytest.fixture(scope="session")
def live_server(live_app: Flask) -> Iterator[str]:
    """The base URL of the running app."""
    served = Served(live_app)
    yield served.url
    served.stop()


def run_axe(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.2 A/AA violations on the current page (injected past the CSP)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},
            resultTypes: ['violations']})"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]


def run_htmlcs(page: Any, standard: str = "WCAG2AA") -> list[dict[str, str]]:
    """HTML_CodeSniffer's errors on the current page, as pa11y reports them by default (its second engine).

    pa11y injects the same build, runs HTMLCS.process(standard, document) and keeps the messages
    of type 1 (errors; 2 and 3 are warnings and notices, which it leaves out unless asked).
    """
    if not page.evaluate("typeof window.HTMLCS !== 'undefined'"):
        page.evaluate(HTMLCS)
    messages: list[dict[str, str]] = page.evaluate(
        """standard => new Promise((resolve, reject) => {
            HTMLCS.process(standard, document, () => resolve(HTMLCS.getMessages()
                .filter(m => m.type === 1)
                .map(m => ({code: m.code, message: m.msg,
                            element: m.element && m.element.outerHTML ? m.element.outerHTML.slice(0, 160) : ''}))),
                error => reject(error), 'en');
        })""",
        standard,
    )
    return messages


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """A Dutch phone-sized browser by default, as most visitors have."""
    return {**browser_context_args, "locale": "nl-NL"}

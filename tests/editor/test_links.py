"""Link checking against a real HTTP server on this machine: dead links are found, good ones pass."""

from __future__ import annotations

import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from helpwanted import create_app
from helpwanted.editor.links import Link, check_all

from ..httpserver import local_http_server

ROOT = Path(__file__).parent.parent.parent


class Handler(BaseHTTPRequestHandler):
    """/ok answers 200, /no-head refuses HEAD but answers GET, anything else 404."""

    def do_HEAD(self) -> None:
        self.send_response(200 if self.path == "/ok" else 405 if self.path == "/no-head" else 404)
        self.end_headers()

    def do_GET(self) -> None:
        self.send_response(200 if self.path in ("/ok", "/no-head") else 404)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with local_http_server(Handler) as base:
        yield base


@pytest.fixture
def app_config(app_config: dict[str, Any], server: str, tmp_path: Path) -> dict[str, Any]:
    """The example tree with a good and a dead link in its texts."""
    folder = tmp_path / "trees"
    folder.mkdir()
    text = (ROOT / "tests" / "questionnaire" / "trees" / "example.yaml").read_text(encoding="utf-8")
    text = text.replace("Blokkeer de persoon in de app.", f"Blokkeer de persoon. Zie {server}/ok").replace(
        "Also tell a parent.", f"Also tell a parent: {server}/gone"
    )
    (folder / "example.yaml").write_text(text, encoding="utf-8")
    return {**app_config, "QUESTIONNAIRES_DIR": str(folder)}


def test_dead_and_unreachable_links_are_broken_and_a_head_refusal_is_not(server: str) -> None:
    closed = "http://127.0.0.1:9"  # discard port: nothing listens
    links = [Link(f"{server}/ok", ["a"]), Link(f"{server}/gone", ["b"]), Link(f"{server}/no-head", ["c"]), Link(closed, ["d"])]
    results = {result.url: result for result in check_all(links, timeout=3)}
    assert not results[f"{server}/ok"].broken and results[f"{server}/ok"].status == 200
    assert results[f"{server}/gone"].broken and results[f"{server}/gone"].status == 404
    assert not results[f"{server}/no-head"].broken
    assert results[closed].broken and results[closed].status is None and results[closed].error


def test_cli_reports_the_dead_link_where_it_is_used_and_exits_1(app: Flask, server: str) -> None:
    result = app.test_cli_runner().invoke(args=["questionnaires", "links", "--format", "json", "--timeout", "3"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    broken = [link for link in data["links"] if link["broken"]]
    urls = {link["url"] for link in broken}
    assert f"{server}/gone" in urls and f"{server}/ok" not in urls
    dead = next(link for link in broken if link["url"] == f"{server}/gone")
    assert dead["status"] == 404 and len(dead["used_in"]) == 1
    assert dead["used_in"][0].startswith("example node:chat-advice:") and dead["used_in"][0].endswith("(en)")
    text = app.test_cli_runner().invoke(args=["questionnaires", "links", "--timeout", "3"])
    assert f"BROKEN 404  {server}/gone" in text.stdout and text.exit_code == 1


def test_cli_exits_0_when_every_link_works(app_config: dict[str, Any], server: str, tmp_path: Path) -> None:
    folder = Path(app_config["QUESTIONNAIRES_DIR"])
    text = (folder / "example.yaml").read_text(encoding="utf-8").replace(f"{server}/gone", f"{server}/ok")
    (folder / "example.yaml").write_text(text.replace("(https://example.org)", ""), encoding="utf-8")
    channels = tmp_path / "channels.yaml"
    channels.write_text(  # one channel the example names, without a web address
        'channels:\n  helpwanted: {name: Helpwanted, what: {nl: "Hulp", en: "Help"}, phone: "020 261 52 75"}\n',
        encoding="utf-8",
    )
    app = create_app({**app_config, "HELP_CHANNELS_FILE": str(channels)})
    try:
        result = app.test_cli_runner().invoke(args=["questionnaires", "links", "--timeout", "3"])
    finally:
        app.extensions["helpwanted.engine"].dispose()
    assert result.exit_code == 0, result.output
    assert "1 link(s) checked, 0 broken." in result.stderr

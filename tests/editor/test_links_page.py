"""The staff link-check page lists the links and shows a dead one as broken."""

from __future__ import annotations

from flask import Flask

from .conftest import post, sign_in
from .test_links import app_config, server  # noqa: F401 - the same local server and tree


def test_the_link_page_shows_the_dead_link_first(app: Flask, server: str) -> None:  # noqa: F811
    editor = sign_in(app, "ed@example.org")
    before = editor.get("/staff/questionnaires/links").get_data(as_text=True)
    assert "Controleer nu alle links" in before or "Check every link now" in before
    html = post(editor, "/staff/questionnaires/links", {}, "/staff/questionnaires/links").get_data(as_text=True)
    rows = html[html.index('id="link-results"') :]
    assert rows.index(f"{server}/gone") < rows.index(f"{server}/ok")
    assert 'class="broken"' in rows and "404" in rows

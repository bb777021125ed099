"""A NUL byte in the editor is refused with a 4xx, on SQLite and on PostgreSQL (issue 11: it was a 500)."""

from __future__ import annotations

import pytest
from flask import Flask

from ..conftest import sign_in
from .test_editor import OLD_TITLE, open_editor, save

pytestmark = pytest.mark.both_databases  # SQLite and the throwaway PostgreSQL


def test_a_nul_byte_in_the_editor_is_refused_and_nothing_is_saved(app: Flask) -> None:
    editor = sign_in(app, "ed@example.org", "editor")
    _, source, revision = open_editor(editor)
    assert OLD_TITLE in source
    response = save(editor, source.replace(OLD_TITLE, "Wat is er\x00 gebeurd?", 1), revision)
    assert response.status_code == 400
    _, after, after_revision = open_editor(editor)
    assert after == source and after_revision == revision  # no draft was stored


@pytest.mark.parametrize("revision", ["", "x", "-1", "1e9", "9" * 30])
def test_a_forged_revision_is_refused_and_nothing_is_saved(app: Flask, revision: str) -> None:
    editor = sign_in(app, "forger@example.org", "editor")
    _, source, _ = open_editor(editor)
    response = save(editor, source.replace(OLD_TITLE, "Vervalst?", 1), revision)
    assert response.status_code == 400  # was a 500 for a revision that is not a number
    _, after, after_revision = open_editor(editor)
    assert after == source and after_revision == "0"


@pytest.mark.parametrize(
    "hostile",
    [
        pytest.param("a: " + "[" * 5000 + "]" * 5000, id="5000-nested-brackets"),
        pytest.param(
            "".join(f"{'  ' * depth}k{depth}:\n" for depth in range(400)) + "  " * 400 + "x: 1\n", id="400-nested-maps"
        ),
    ],
)
def test_a_deeply_nested_draft_is_kept_from_the_form_reader_on_every_open(app: Flask, hostile: str) -> None:
    """Attack F1: such a draft kept ruamel.yaml busy for minutes or ended in a RecursionError, on every open."""
    editor = sign_in(app, "deep@example.org", "editor")
    _, _, revision = open_editor(editor)
    saved = save(editor, hostile, revision)
    assert saved.status_code in (200, 303, 400, 422), saved.status_code
    for path in ("edit", "form"):
        page = editor.get(f"/staff/questionnaires/received/{path}")
        assert page.status_code < 500, (path, page.status_code)
    html, source, _ = open_editor(editor)
    assert source.strip() == hostile.strip()  # the raw editor still shows the draft, so it can be fixed
    assert "nest" in html  # the reason the form cannot show it (libyaml's or our own limit)

"""Hostile drafts in the editor: refused with a 4xx (a NUL byte was a 500), or kept from the form when it could not
bound its work; on SQLite and on PostgreSQL (issue 11)."""

from __future__ import annotations

import pytest
from flask import Flask

from helpwanted.editor.roundtrip import MAX_FORM_VALUES, Document, NotEditable
from helpwanted.editor.textform import MAX_FORM_NODES, read_form

from ..conftest import csrf_token, sign_in
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


def _chain(boxes: int) -> str:
    """A questionnaire of `boxes` questions in a row, three answers each, then one advice page."""
    lines = ["title: {nl: Titel, en: Title}", "summary: {nl: Kort., en: Short.}", "start: q0", "nodes:"]
    for number in range(boxes):
        lines += [
            f"  - id: q{number}",
            "    type: question",
            f"    text: {{nl: Vraag {number}?, en: Question {number}?}}",
        ]
        lines += ["    options:"] + [
            f"      - {{id: o{option}, label: {{nl: Antwoord {option}, en: Answer {option}}}, next: q{number + 1}}}"
            for option in range(3)
        ]
    lines += [f"  - {{id: q{boxes}, type: outcome, title: {{nl: Klaar, en: Done}}, tags: {{topic: harassment}}}}"]
    return "\n".join(lines) + "\n"


def test_a_draft_with_more_boxes_than_the_form_shows_is_kept_from_it_on_every_open(app: Flask) -> None:
    """Attack 4: every route in the form lists every box, so the page grew with the square of the boxes.

    300 boxes (a 100 KB draft, under every limit of the checker) made an 18 MB form page that took a
    worker 18 s; 3,500 boxes outlived the worker's 30 s timeout on every open of the form.
    """
    editor = sign_in(app, "boxes@example.org", "editor")
    _, _, revision = open_editor(editor)
    assert save(editor, _chain(MAX_FORM_NODES + 40), revision).status_code == 200
    form = editor.get("/staff/questionnaires/received/form")
    html = form.get_data(as_text=True)
    assert form.status_code == 200 and len(html) < 200_000, len(html)  # was 2.5 MB for 100 boxes
    assert f"more than {MAX_FORM_NODES} boxes" in html  # the reason, and the way to the YAML editor
    assert 'href="/staff/questionnaires/received/edit"' in html
    _, source, _ = open_editor(editor)
    assert source.strip() == _chain(MAX_FORM_NODES + 40).strip()  # the raw editor still has it, to fix or to publish


def test_a_questionnaire_the_size_of_the_form_limit_is_still_shown_as_a_form(app: Flask) -> None:
    with app.test_request_context():
        view = read_form(_chain(MAX_FORM_NODES - 1), ("nl", "en"))
    assert len(view.nodes) == MAX_FORM_NODES
    with pytest.raises(NotEditable, match="boxes"), app.test_request_context():
        read_form(_chain(MAX_FORM_NODES), ("nl", "en"))


def test_the_form_reader_refuses_a_text_with_more_values_than_it_reads() -> None:
    """ruamel.yaml costs about 0.15 ms per value on every open: its input is bounded like its depth."""

    def text(tags: int) -> str:  # 14 values besides the tags
        return "title: {nl: a, en: b}\nnodes:\n  - id: a\n    tags: [" + ", ".join(["x"] * tags) + "]\n"

    with pytest.raises(NotEditable, match="values"):
        Document(text(MAX_FORM_VALUES - 13))
    assert len(Document(text(MAX_FORM_VALUES - 14)).data["nodes"][0]["tags"]) == MAX_FORM_VALUES - 14


@pytest.mark.parametrize(
    "hostile",
    [
        pytest.param("%TAG ! tag:example.org,2026:\n---\ntitle: {nl: a, en: b}\nnodes: []\n", id="tag-directive"),
        pytest.param("title:\n---\nnodes: []\n", id="document-start-after-a-key"),
    ],
)
def test_a_draft_the_form_reader_fails_on_does_not_break_the_edit_pages(app: Flask, hostile: str) -> None:
    """Attack 4: ruamel.yaml's indent guesser raised IndexError on these; saved as a draft, the save, the YAML
    page and the form page were a 500 for every editor, on every open, until someone replaced the draft."""
    editor = sign_in(app, "directive@example.org", "editor")
    _, _, revision = open_editor(editor)
    assert save(editor, hostile, revision).status_code == 200
    for path in ("edit", "form"):
        page = editor.get(f"/staff/questionnaires/received/{path}")
        assert page.status_code == 200, (path, page.status_code)
    _, source, _ = open_editor(editor)
    assert source.strip() == hostile.strip()
    form = editor.get("/staff/questionnaires/received/form").get_data(as_text=True)
    assert 'class="text-form"' not in form and 'href="/staff/questionnaires/received/edit"' in form  # use the YAML


@pytest.mark.parametrize(
    "operation",
    [
        "remove-option:",
        "up:",
        "down:",
        "add-option:",
        "remove-option:nodes",
        "up:nodes/0",
        "add-option:nodes/0/options/0",
        "remove-option:title/0",
        "down:nodes/x/options/0",
        "up:nodes/0/options/0/label",
        "remove-option:nodes/0/hint/0",
    ],
)
def test_a_forged_form_operation_is_refused_not_a_500(app: Flask, operation: str) -> None:
    """Attack 4: 'remove-option:' (no path) indexed an empty path: a 500. The page only sends nodes/N and
    nodes/N/options/M; anything else is 'cannot be made in the form' and nothing is saved."""
    editor = sign_in(app, "forms@example.org", "editor")
    html, source, revision = open_editor(editor)
    posted = editor.post(
        "/staff/questionnaires/received/form",
        data={"csrf_token": csrf_token(html), "revision": revision, "op": operation},
    )
    assert posted.status_code == 303, posted.status_code
    _, after, after_revision = open_editor(editor)
    assert after == source and after_revision == revision

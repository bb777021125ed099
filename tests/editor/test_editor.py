"""The content staff area: drafts, checks at the right line, publishing, history, never live with errors."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import insert, select
from werkzeug.test import TestResponse

from helpwanted.models import UsageCounter

from ..conftest import csrf_token, sign_in
from ..pages import page
from ..visitor.walker import Visitor

pytestmark = pytest.mark.both_databases  # SQLite and the throwaway PostgreSQL

ROOT = Path(__file__).parent.parent.parent
OLD_TITLE = "Wat is er gebeurd?"
NEW_TITLE = "Wat is er precies gebeurd?"


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    """These tests publish alone (two-person publishing: tests/editor/test_review.py) and count each visit at once
    (the grouping of counters: tests/test_counter_privacy.py)."""
    return {**app_config, "TWO_PERSON_PUBLISHING": False, "COUNT_MIX_VISITS": 1}


def open_editor(client: FlaskClient, tree_id: str = "received") -> tuple[str, str, str]:
    """The edit page: its HTML, the YAML in the textarea and the draft revision."""
    html = client.get(f"/staff/questionnaires/{tree_id}/edit").get_data(as_text=True)
    source = re.search(r"<textarea[^>]*>\n?(.*?)</textarea>", html, re.S)
    revision = re.search(r'name="revision" type="hidden" value="(\d+)"', html)
    assert source and revision
    import html as html_module

    return html, html_module.unescape(source.group(1)), revision.group(1)


def save(client: FlaskClient, text: str, revision: str, tree_id: str = "received") -> TestResponse:
    html = client.get(f"/staff/questionnaires/{tree_id}/edit").get_data(as_text=True)
    return client.post(
        f"/staff/questionnaires/{tree_id}/edit",
        data={"csrf_token": csrf_token(html), "source": text, "revision": revision},
    )


def publish(
    client: FlaskClient, revision: str, note: str = "test", acknowledge: bool = False, tree_id: str = "received"
) -> TestResponse:
    html = client.get(f"/staff/questionnaires/{tree_id}/edit").get_data(as_text=True)
    data = {"csrf_token": csrf_token(html), "revision": revision, "note": note}
    if acknowledge:
        data["acknowledge"] = "y"
    return client.post(f"/staff/questionnaires/{tree_id}/publish", data=data)


def live_title(app: Flask) -> str:
    with app.test_request_context():
        from helpwanted.trees import find_tree

        tree = find_tree("received")
        assert tree is not None
        return tree.nodes["what"].title.get("nl")


def test_editing_routes_refuse_anonymous_and_other_roles(app: Flask) -> None:
    anonymous = app.test_client()
    coordinator = sign_in(app, "co@example.org", "coordinator")
    routes = [
        r.rule
        for r in app.url_map.iter_rules()
        if r.rule.startswith("/staff/questionnaires") and r.endpoint != "editor.static"  # CSS and JS are public
    ]
    assert len(routes) >= 8
    tokens = {
        id(anonymous): csrf_token(anonymous.get("/staff/login").get_data(as_text=True)),
        id(coordinator): csrf_token(coordinator.get("/staff/usage/").get_data(as_text=True)),
    }
    for rule in routes:
        url = re.sub(r"<int:\w+>", "1", rule.replace("<tree_id>", "received").replace("<fmt>", "dot"))
        for client, expected in ((anonymous, 302), (coordinator, 403)):
            for method in ("get", "post"):
                data = {"csrf_token": tokens[id(client)], "source": "x", "revision": "0"} if method == "post" else None
                response = getattr(client, method)(url, data=data)
                assert response.status_code in (expected, 405), (url, method, response.status_code)


def test_index_lists_every_questionnaire_with_status_and_coverage(app: Flask) -> None:
    editor = sign_in(app, "ed@example.org", "editor")
    response = editor.get("/staff/questionnaires/")
    page(response, visitor=False)
    html = response.get_data(as_text=True)
    shipped = sorted(file.stem for file in (ROOT / "questionnaires").glob("*.yaml"))
    for tree_id in shipped:
        assert f'<span class="tag">{tree_id}</span>' in html
    assert html.count(">100%<") == 2 * len(shipped)  # both languages complete in every tree


def test_error_is_shown_at_its_line_saved_as_draft_but_never_published(app: Flask) -> None:
    editor = sign_in(app, "ed@example.org", "editor")
    _, source, revision = open_editor(editor)
    broken = source.replace("        next: what", "        next: whaat", 1)
    line = broken[: broken.index("next: whaat")].count("\n") + 1
    response = save(editor, broken, revision)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Concept opgeslagen." in html
    assert f'<a href="#line-{line}" data-line="{line}"' in html and f"Regel {line}, kolom 15</a>" in html
    assert "gaat naar onbekend vak &#39;whaat&#39;" in html  # the checker message in the interface language
    assert f'<li id="line-{line}" class="problem">' in html
    assert 'name="revision" value="1"' not in html.split('action="/staff/questionnaires/received/publish"')[-1]
    refused = publish(editor, "1")
    assert refused.status_code == 303
    assert live_title(app) == OLD_TITLE
    assert "Los eerst de fouten op." in editor.get("/staff/questionnaires/received/edit").get_data(as_text=True)


def test_publish_changes_what_new_visitors_see_and_old_visitors_finish_on_their_version(app: Flask) -> None:
    editor = sign_in(app, "ed@example.org", "editor")
    midway = Visitor(app.test_client())
    midway.start("received")
    midway.follow(midway.answer(1, "safety", "no"))

    _, source, revision = open_editor(editor)
    changed = source.replace(f'nl: "{OLD_TITLE}"', f'nl: "{NEW_TITLE}"').replace(
        'en: "What happened?"', 'en: "What exactly happened?"'
    )
    assert save(editor, changed, revision).status_code == 200
    response = publish(editor, "1", note="clearer question")
    assert response.status_code == 303 and response.location.endswith("/staff/questionnaires/received")
    assert live_title(app) == NEW_TITLE

    old_page = midway.get("/q/2").get_data(as_text=True)
    assert OLD_TITLE in old_page and NEW_TITLE not in old_page
    result = midway.follow(midway.answer(2, "what", "forwarded"))
    result = midway.follow(midway.answer(3, "who", "known"))
    result = midway.follow(midway.answer(4, "age", "yes"))
    result = midway.follow(midway.answer(5, "my-age", "under18"))
    assert result.request.path == "/result" and "Je hebt een naaktbeeld doorgestuurd" in result.get_data(as_text=True)

    newcomer = Visitor(app.test_client())
    newcomer.start("received")
    assert NEW_TITLE in newcomer.follow(newcomer.answer(1, "safety", "no")).get_data(as_text=True)

    app.extensions["helpwanted.counters"].flush(force=True)
    with app.extensions["helpwanted.engine"].connect() as connection:
        versions = set(connection.execute(select(UsageCounter.version).where(UsageCounter.event == "start")).scalars())
    assert len(versions) == 2, "the counters stay attributable per version"

    detail = editor.get("/staff/questionnaires/received").get_data(as_text=True)
    assert "clearer question" in detail and "ed@example.org" in detail
    audit = editor.get("/staff/questionnaires/audit").get_data(as_text=True)
    assert all(f'data-action="{action}"' in audit for action in ("publish", "save-draft", "sign-in"))


def test_rollback_publishes_the_earlier_version_again(app: Flask) -> None:
    editor = sign_in(app, "ed@example.org", "editor")
    _, source, revision = open_editor(editor)
    save(editor, source.replace(OLD_TITLE, NEW_TITLE).replace("What happened?", "What exactly?"), revision)
    publish(editor, "1")
    assert live_title(app) == NEW_TITLE
    _, source, revision = open_editor(editor)
    save(editor, source.replace(NEW_TITLE, "Wat gebeurde er?").replace("What exactly?", "What went on?"), revision)
    publish(editor, "1")
    assert live_title(app) == "Wat gebeurde er?"
    detail = editor.get("/staff/questionnaires/received").get_data(as_text=True)
    links = re.findall(r'href="(/staff/questionnaires/received/rollback/\d+)"', detail)
    # Newest first: the first edit, then the shipped file it replaced; the live one has no link.
    assert len(links) == 2
    confirm = editor.get(links[0])
    html = confirm.get_data(as_text=True)
    assert (
        "Wat <del>gebeurde</del> er?" in html and "Wat <ins>is</ins> er<ins> precies gebeurd</ins>?" in html
    )  # what goes back
    response = editor.post(links[0], data={"csrf_token": csrf_token(html), "note": "", "action": "publish"})
    assert response.status_code == 303
    assert live_title(app) == NEW_TITLE
    assert editor.get("/staff/questionnaires/received/rollback/999999").status_code == 404


def test_warnings_must_be_acknowledged_and_stale_translations_are_flagged(app: Flask) -> None:
    editor = sign_in(app, "ed@example.org", "editor")
    _, source, revision = open_editor(editor)
    response = save(editor, source.replace(OLD_TITLE, NEW_TITLE), revision)  # English left as it was
    html = response.get_data(as_text=True)
    assert "stale-translation" in html and "maar de &#39;en&#39;-tekst niet" in html  # in the interface language
    publish(editor, "1")
    assert live_title(app) == OLD_TITLE
    publish(editor, "1", acknowledge=True)
    assert live_title(app) == NEW_TITLE


def test_second_editor_saving_the_same_draft_gets_a_conflict(app: Flask) -> None:
    first = sign_in(app, "one@example.org", "editor")
    second = sign_in(app, "two@example.org", "editor")
    _, source, revision = open_editor(first)
    _, _, revision_two = open_editor(second)
    assert save(first, source.replace(OLD_TITLE, "Eerste versie?"), revision).status_code == 200
    conflict = save(second, source.replace(OLD_TITLE, "Tweede versie?"), revision_two)
    assert conflict.status_code == 409
    assert "Iemand anders heeft dit concept" in conflict.get_data(as_text=True)
    _, saved, _ = open_editor(first)
    assert "Eerste versie?" in saved and "Tweede versie?" not in saved


def test_diff_preview_and_graph(app: Flask) -> None:
    editor = sign_in(app, "ed@example.org", "editor")
    _, source, revision = open_editor(editor)
    save(editor, source.replace(OLD_TITLE, NEW_TITLE).replace("What happened?", "What exactly?"), revision)
    diff = editor.get("/staff/questionnaires/received/diff?from=live&to=draft").get_data(as_text=True)
    assert "Wat is er <ins>precies </ins>gebeurd?" in diff  # word by word, not line by line
    assert "What <del>happened</del>" in diff and "What <ins>exactly</ins>?" in diff

    preview = editor.get("/staff/questionnaires/received/preview?version=draft&lang=en&at=what")
    page(preview, visitor=False)
    assert "What exactly?" in preview.get_data(as_text=True)
    assert "what=forwarded → who=known → age=yes → my-age=under18</td><td>forwarded" in preview.get_data(as_text=True)
    answered = editor.post(
        "/staff/questionnaires/received/preview?version=draft&lang=en&at=what",
        data={
            "csrf_token": csrf_token(preview.get_data(as_text=True)),
            "node": "what",
            "answer": "received",
        },
    )
    assert "Who is in the photo or video?" in answered.get_data(as_text=True)
    app.extensions["helpwanted.counters"].flush(force=True)
    with app.extensions["helpwanted.engine"].connect() as connection:
        assert connection.execute(select(UsageCounter)).first() is None, "a preview is never counted"

    detail = editor.get("/staff/questionnaires/received").get_data(as_text=True)
    assert "<svg" in detail and "/staff/questionnaires/received/preview?version=live&amp;at=who" in detail
    assert editor.get("/staff/questionnaires/received/graph.dot").get_data(as_text=True).startswith("digraph")
    assert "flowchart TD" in editor.get("/staff/questionnaires/received/graph.mmd").get_data(as_text=True)


def test_cli_import_refuses_errors_and_export_writes_live_versions(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    broken = tmp_path / "received.yaml"
    broken.write_text((ROOT / "questionnaires" / "received.yaml").read_text().replace("next: what", "next: x", 1))
    result = runner.invoke(args=["questionnaires", "import", str(broken)])
    assert result.exit_code == 1 and "not imported" in result.output
    assert live_title(app) == OLD_TITLE

    fixed = tmp_path / "fixed" / "received.yaml"
    fixed.parent.mkdir()
    fixed.write_text(
        (ROOT / "questionnaires" / "received.yaml")
        .read_text()
        .replace(OLD_TITLE, NEW_TITLE)
        .replace("What happened?", "What exactly?")
    )
    assert runner.invoke(args=["questionnaires", "import", str(fixed)]).exit_code == 0
    assert live_title(app) == NEW_TITLE
    graph = runner.invoke(args=["questionnaires", "graph", "received", "--format", "mermaid"])
    assert NEW_TITLE in graph.output  # paths and graph show the live version
    out = tmp_path / "export"
    assert runner.invoke(args=["questionnaires", "export", "--to", str(out)]).exit_code == 0
    assert (out / "received.yaml").read_text() == fixed.read_text()
    assert sorted(p.name for p in out.glob("*.yaml")) == sorted(
        p.name for p in (ROOT / "questionnaires").glob("*.yaml")
    )
    again = runner.invoke(args=["questionnaires", "import", str(out / "received.yaml")])
    assert "already live" in again.output


def test_init_imports_shipped_files_but_never_a_broken_one(app_config: dict[str, Any], tmp_path: Path) -> None:
    from helpwanted import create_app

    folder = tmp_path / "trees"
    folder.mkdir()
    shipped = sorted((ROOT / "questionnaires").glob("*.yaml"))  # all of them: trees link to each other
    for file in shipped:
        (folder / file.name).write_text(file.read_text())
    (folder / "spread.yaml").write_text((folder / "spread.yaml").read_text().replace("next: age-then", "next: nope"))
    app = create_app({**app_config, "QUESTIONNAIRES_DIR": str(folder)})
    result = app.test_cli_runner().invoke(args=["init"])
    assert result.exit_code == 0, result.output
    assert "spread.yaml has errors and was not imported" in result.output
    assert "Imported received.yaml." in result.output
    catalog = app.extensions["helpwanted.trees"].catalog
    assert "spread" not in catalog.trees and "spread" in catalog.refused
    served = Visitor(app.test_client()).get("/").get_data(as_text=True).count('name="questionnaire"')
    assert served == len(shipped) - 1
    paths = app.test_cli_runner().invoke(args=["questionnaires", "paths", "spread"])
    assert paths.exit_code == 1 and "has errors and is not live" in paths.output
    assert "unknown node 'nope' [unknown-target]" in paths.output
    app.extensions["helpwanted.engine"].dispose()


def test_a_broken_version_in_the_database_is_never_served(app: Flask) -> None:
    from datetime import UTC, datetime

    from helpwanted.models import Publication, QuestionnaireVersion
    from helpwanted.trees import refresh

    broken = (ROOT / "questionnaires" / "received.yaml").read_text().replace("next: what", "next: x", 1)
    with app.extensions["helpwanted.engine"].begin() as connection:  # bypassing every check on purpose
        version_id = connection.execute(
            insert(QuestionnaireVersion).values(
                questionnaire="received",
                version="broken",
                source=broken,
                created_at=datetime.now(UTC),
                created_by="x",
            )
        ).inserted_primary_key[0]
        connection.execute(
            insert(Publication).values(
                questionnaire="received",
                version_id=version_id,
                published_at=datetime.now(UTC),
                published_by="x",
                note="",
            )
        )
    with app.test_request_context():
        refresh(force=True)
    assert live_title(app) == OLD_TITLE  # the last good text (the shipped file) stays live


def test_another_process_sees_a_publication(app: Flask, app_config: dict[str, Any]) -> None:
    from helpwanted import create_app

    other = create_app({**app_config, "CATALOG_REFRESH_SECONDS": 0})
    editor = sign_in(app, "ed@example.org", "editor")
    _, source, revision = open_editor(editor)
    save(editor, source.replace(OLD_TITLE, NEW_TITLE).replace("What happened?", "What exactly?"), revision)
    publish(editor, "1")
    visitor = Visitor(other.test_client())
    visitor.start("received")
    assert NEW_TITLE in visitor.follow(visitor.answer(1, "safety", "no")).get_data(as_text=True)
    other.extensions["helpwanted.engine"].dispose()


@pytest.mark.parametrize("tree_id", ["nope", "..%2Fetc"])
def test_unknown_questionnaire_is_404(app: Flask, tree_id: str) -> None:
    editor = sign_in(app, "ed@example.org", "editor")
    assert editor.get(f"/staff/questionnaires/{tree_id}/edit").status_code == 404


def test_an_advice_page_shows_the_new_title_of_a_topic_it_points_to(app: Flask) -> None:
    """A kept advice page follows a new version of a questionnaire in its see_also (visitor/kept.py)."""
    visitor = Visitor(app.test_client(), "en")
    answers = {"safety": ("no",), "what": ("pressure",), "who": ("partner",), "sent": ("yes",), "age": ("under18",)}
    before = visitor.walk("pressure", answers).get_data(as_text=True)
    assert "threatening to share my nude photo" in before and "Someone threatens to share a nude" not in before
    editor = sign_in(app, "ed@example.org", "editor")
    _, source, revision = open_editor(editor, "sextortion")
    changed = source.replace(
        'en: "Someone\'s threatening to share my nude photo or video"', 'en: "Someone threatens to share a nude of me"'
    )
    assert changed != source and save(editor, changed, revision, "sextortion").status_code == 200
    assert publish(editor, "1", acknowledge=True, tree_id="sextortion").status_code == 303
    after = visitor.get("/result").get_data(as_text=True)
    assert "Someone threatens to share a nude of me" in after and "threatening to share my nude photo" not in after

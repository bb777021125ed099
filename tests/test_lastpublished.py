"""A process that starts while the database is down serves the last published versions, not the files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from helpwanted import create_app

from .conftest import ROOT
from .visitor.walker import Visitor

DOWN = "postgresql+psycopg://app@/helpwanted?host=/nonexistent"
PUBLISHED_TITLE = "Gepubliceerde titel van de redactie"


def publish_new_title(app: Flask, title: str = PUBLISHED_TITLE) -> str:
    """Publish the received questionnaire with another Dutch title; its new version."""
    from helpwanted.editor.publishing import publish

    text = (ROOT / "questionnaires" / "received.yaml").read_text(encoding="utf-8")
    old_title = text.split("nl: ", 1)[1].split("\n", 1)[0]
    with app.app_context():
        publication = publish("received", text.replace(old_title, f'"{title}"', 1), "ops@example.org", "", True)
        from helpwanted.database import db
        from helpwanted.models import QuestionnaireVersion

        return str(db().get(QuestionnaireVersion, publication.version_id).version)  # type: ignore[union-attr]


@pytest.fixture
def snapshot_path(tmp_path: Path) -> Path:
    return tmp_path / "instance" / "published-snapshot.json"


@pytest.fixture
def app_config(app_config: dict[str, Any], snapshot_path: Path) -> dict[str, Any]:
    return {**app_config, "CATALOG_SNAPSHOT_PATH": str(snapshot_path), "CATALOG_REFRESH_SECONDS": 0}


def started_during_an_outage(app_config: dict[str, Any]) -> Flask:
    """Another process on the same machine, started while the database is unreachable."""
    return create_app({**app_config, "DATABASE_URL": DOWN})


def test_a_process_started_during_an_outage_serves_the_published_version(
    app: Flask, app_config: dict[str, Any]
) -> None:
    publish_new_title(app)
    assert PUBLISHED_TITLE in app.test_client().get("/").get_data(as_text=True)  # read, and kept on disk
    outage = started_during_an_outage(app_config)
    assert PUBLISHED_TITLE in outage.test_client().get("/").get_data(as_text=True), "never the older file"
    outage.extensions["helpwanted.engine"].dispose()


def test_a_visitor_mid_way_finishes_during_the_outage_without_a_409(app: Flask, app_config: dict[str, Any]) -> None:
    client = app.test_client()
    first = publish_new_title(app, "Eerste gepubliceerde titel")
    visitor = Visitor(client)
    visitor.start("received")  # mid-way through a published version…
    visitor.follow(visitor.answer(1, "safety", "no"))
    assert "Eerste gepubliceerde titel" in visitor.get("/").get_data(as_text=True)
    assert publish_new_title(app) != first  # …when the next one is published
    Visitor(app.test_client()).get("/")  # the new version is read and saved, with the recent ones
    outage = started_during_an_outage(app_config)
    visitor.client = outage.test_client()
    visitor.client.set_cookie("s", client.get_cookie("s").value)  # type: ignore[union-attr]
    page = visitor.get("/q/2")
    assert page.status_code == 200, page.status_code
    result = visitor.follow(visitor.answer(2, "what", "received"))
    result = visitor.follow(visitor.answer(3, "who", "known"))
    result = visitor.follow(visitor.answer(4, "age", "yes"))
    result = visitor.follow(visitor.answer(5, "my-age", "under18"))
    assert result.status_code == 200 and "Je kreeg een naaktbeeld" in result.get_data(as_text=True)
    outage.extensions["helpwanted.engine"].dispose()


def test_a_damaged_snapshot_is_refused_and_logged(
    app: Flask, app_config: dict[str, Any], snapshot_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    publish_new_title(app)
    app.test_client().get("/")
    document = json.loads(snapshot_path.read_text())
    document["content"] = document["content"].replace(PUBLISHED_TITLE, "Tampered")
    snapshot_path.write_text(json.dumps(document))
    outage = started_during_an_outage(app_config)
    page = outage.test_client().get("/").get_data(as_text=True)
    assert "Tampered" not in page and PUBLISHED_TITLE not in page
    assert "snapshot of the published versions unusable" in caplog.text
    outage.extensions["helpwanted.engine"].dispose()

"""An old version that fails today's checks is checked once, not on every report (trees.find_version)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import insert

from helpwanted import trees
from helpwanted.models import QuestionnaireVersion
from helpwanted.questionnaire import content_version

from ..conftest import ROOT

Q = "sextortion"


@pytest.fixture
def checks(app: Flask, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text find_version checks, by its source name."""
    seen: list[str] = []
    real = trees.check_source

    def counted(source: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(source.name)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(trees, "check_source", counted)
    return seen


def _store(app: Flask, text: str) -> str:
    version = content_version(text)
    with app.extensions["helpwanted.engine"].begin() as connection:
        connection.execute(
            insert(QuestionnaireVersion),
            [{"questionnaire": Q, "version": version, "source": text, "created_at": datetime.now(UTC), "created_by": "t"}],
        )
    return version


def test_a_refused_old_version_is_checked_once_until_what_it_may_refer_to_changes(
    app: Flask, checks: list[str]
) -> None:
    shipped = (ROOT / "questionnaires" / f"{Q}.yaml").read_text(encoding="utf-8")
    old = _store(app, shipped.replace("contacts: [fraudehelpdesk]", "contacts: [a-line-that-came-later]"))
    with app.test_request_context("/"):
        assert [trees.find_version(Q, old) for _ in range(3)] == [None, None, None]
        assert len(checks) == 1, "refused once, remembered"
        # A help channel of that name appears (a new snapshot, as after publishing channels): checked again.
        state = trees.live()
        current = state.current()
        state.snapshot = dataclasses.replace(current, contacts=current.contacts | {"a-line-that-came-later"})
        found = trees.find_version(Q, old)
        assert found is not None and found.version == old
        assert len(checks) == 2
        assert trees.find_version(Q, old) is found and len(checks) == 2, "a tree that passes is kept as before"

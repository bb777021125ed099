"""Migration 0007 moves old counters to the private dimensions and drops rows that could be read back."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from flask import Flask
from sqlalchemy import insert, select

from helpwanted import create_app
from helpwanted.database import MIGRATIONS
from helpwanted.models import UsageCounter

pytestmark = pytest.mark.both_databases  # SQLite and the throwaway PostgreSQL

def migrate(app: Flask, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with app.extensions["helpwanted.engine"].begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


@pytest.fixture
def old_app(app_config: dict[str, Any]) -> Flask:
    """An app whose database stops at 0003, with counters in the old dimensions (days, language everywhere)."""
    application = create_app(app_config)
    migrate(application, "0003")
    old = [
        (date(2026, 3, 4), "start", "", "", "en", 1),
        (date(2026, 3, 4), "complete", "bluff", "", "en", 1),
        (date(2026, 3, 4), "reach", "real", "", "en", 1),
        (date(2026, 3, 1), "answer", "real", "no", "en", 1),  # one English visit: could be read back
        (date(2026, 4, 2), "start", "", "", "nl", 4),
        (date(2026, 4, 9), "start", "", "", "nl", 3),
        (date(2026, 4, 2), "complete", "not-paid", "", "nl", 3),
        (date(2026, 4, 9), "complete", "not-paid", "", "en", 3),
        (date(2026, 4, 2), "reach", "real", "", "nl", 4),
        (date(2026, 4, 9), "reach", "real", "", "en", 3),
        (date(2026, 4, 1), "answer", "real", "yes", "nl", 3),
        (date(2026, 4, 1), "answer", "real", "yes", "en", 3),
    ]
    rows = [
        {
            "period": p,
            "questionnaire": "sextortion",
            "version": "v1",
            "event": e,
            "node": n,
            "option": o,
            "language": lang,
            "count": c,
        }
        for p, e, n, o, lang, c in old
    ]
    with application.extensions["helpwanted.engine"].begin() as connection:
        connection.execute(insert(UsageCounter), rows)
    return application


def test_old_counters_get_months_outcomes_and_lose_unmixed_answers(old_app: Flask) -> None:
    migrate(old_app, "head")
    with old_app.extensions["helpwanted.engine"].connect() as connection:
        found = {
            (r.period, r.event, r.version, r.node, r.option, r.language): r.count
            for r in connection.execute(select(UsageCounter))
        }
    march, april = date(2026, 3, 1), date(2026, 4, 1)
    assert found == {
        (march, "start", "v1", "", "", "en"): 1,
        (march, "complete", "v1", "", "", "en"): 1,
        (march, "outcome", "", "bluff", "", ""): 1,
        (april, "start", "v1", "", "", "nl"): 7,
        (april, "complete", "v1", "", "", "nl"): 3,
        (april, "complete", "v1", "", "", "en"): 3,
        (april, "outcome", "", "not-paid", "", ""): 6,
        (april, "reach", "v1", "real", "", ""): 7,
        (april, "answer", "v1", "real", "yes", ""): 6,
    }, "March's single visit keeps its start and outcome but not its path or answers"
    old_app.extensions["helpwanted.engine"].dispose()

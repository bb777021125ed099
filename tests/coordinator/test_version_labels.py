"""Versions in words: 'version 2 · published 12 Nov 2026', the same on every page and in both exports."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime

import openpyxl
import pytest
from flask import Flask
from sqlalchemy import insert, select

from helpwanted.models import Publication, QuestionnaireVersion

from ..conftest import ROOT, sign_in
from ..usage_seed import Q, live_version, put, seed_year

YEAR = 2026
OLD = "0ld0ld0ld0ld"  # a published version whose text today's checks no longer load


def _publish(app: Flask, version: str, source: str, when: datetime, by: str = "editor@example.org") -> None:
    with app.extensions["helpwanted.engine"].begin() as connection:
        connection.execute(
            insert(QuestionnaireVersion),
            [{"questionnaire": Q, "version": version, "source": source, "created_at": when, "created_by": by}],
        )
        stored = connection.scalar(select(QuestionnaireVersion.id).where(QuestionnaireVersion.version == version))
        connection.execute(
            insert(Publication),
            [{"questionnaire": Q, "version_id": stored, "published_at": when, "published_by": by, "note": ""}],
        )


@pytest.fixture
def coordinator(app: Flask) -> object:
    """Version 1 published 3 Oct, version 2 (today's live text) 12 Nov 2026 (23:30 UTC: the 13th in
    Amsterdam), one counted version that was never recorded; counters for all three."""
    live = seed_year(app, YEAR)
    _publish(app, OLD, "not: [a questionnaire", datetime(2026, 10, 3, 9, 0, tzinfo=UTC))
    text = (ROOT / "questionnaires" / f"{Q}.yaml").read_text(encoding="utf-8")
    _publish(app, live, text, datetime(2026, 11, 12, 23, 30, tzinfo=UTC))
    app.extensions["helpwanted.trees"].snapshot = None  # read the publications now
    put(app, date(YEAR, 4, 1), "start", 9, version=OLD, language="nl")
    put(app, date(YEAR, 4, 1), "complete", 8, version=OLD, language="nl")
    put(app, date(YEAR, 4, 1), "helpful", 6, version=OLD, node="bluff", option="yes")
    put(app, date(YEAR, 4, 1), "reach", 8, version=OLD, node="safety")
    put(app, date(YEAR, 4, 1), "start", 7, version="v0", language="nl")
    put(app, date(YEAR, 3, 1), "helpful", 7, version=live, node="bluff", option="yes")
    return sign_in(app, "co@example.org", "coordinator")


NAMES = {
    "nl": ("Versie 1 · gepubliceerd 3 okt 2026", "Versie 2 · gepubliceerd 13 nov 2026", "Versie v0 (niet bewaard)"),
    "en": ("Version 1 · published 3 Oct 2026", "Version 2 · published 13 Nov 2026", "Version v0 (not recorded)"),
}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_versions_are_named_by_number_and_date_everywhere(app: Flask, coordinator: object, language: str) -> None:
    live = live_version(app)
    first, second, unknown = NAMES[language]
    headers = {"Accept-Language": language}
    query = f"year={YEAR}&questionnaire={Q}"
    dashboard = coordinator.get(f"/staff/usage/?{query}", headers=headers).get_data(as_text=True)
    options = dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', _select(dashboard, "version")))
    assert {options[OLD], options[live], options["v0"]} == {first, second, unknown}
    assert options[OLD] == first and options[live] == second
    versions = _cells(dashboard, "per-version")
    assert any(label.endswith(first) for label in versions) and any(label.endswith(second) for label in versions)
    helpful = _html(dashboard, "helpful")
    assert first in helpful and second in helpful
    detail = coordinator.get(f"/staff/usage/questionnaire/{Q}?{query}", headers=headers).get_data(as_text=True)
    headings = re.findall(r'<h2 id="version-\d+">([^<]*)</h2>', detail)
    assert any(first in h for h in headings) and any(second in h for h in headings)
    for page in (dashboard, detail):
        visible = re.sub(r'<[^>]+>|value="[^"]*"', " ", page)
        assert live not in visible and OLD not in visible, "no hash a coordinator has to read"

    text = coordinator.get(f"/staff/usage/export.csv?{query}", headers=headers).get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    named = {(r["version"], r["version_title"]) for r in rows if r["version"]}
    assert named >= {(OLD, first), (live, second), ("v0", unknown)}
    assert all(title for version, title in named), "every row with a version id names it"
    book = openpyxl.load_workbook(
        io.BytesIO(coordinator.get(f"/staff/usage/export.xlsx?{query}", headers=headers).data), read_only=True
    )
    sheet = list(book["version"].iter_rows(values_only=True))
    column = sheet[0].index("version_title")
    assert {line[column] for line in sheet[1:]} == {first, second, unknown}


def test_the_cli_names_versions_in_the_language_asked(app: Flask, coordinator: object) -> None:
    del coordinator
    runner = app.test_cli_runner()
    result = runner.invoke(args=["usage", "export", "--from", f"{YEAR}-01", "--to", f"{YEAR}-12", "--titles", "en"])
    assert result.exit_code == 0, result.output
    assert NAMES["en"][0] in result.output and NAMES["en"][1] in result.output


def _select(page: str, name: str) -> str:
    found = re.search(rf'<select id="{name}".*?</select>', page, re.S)
    assert found, f"no select {name}"
    return found.group(0)


def _html(page: str, table_id: str) -> str:
    found = re.search(rf'<table[^>]*id="{table_id}".*?</table>', page, re.S)
    assert found, f"no table {table_id}"
    return found.group(0)


def _cells(page: str, table_id: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", label).strip() for label in re.findall(r'<th scope="row">(.*?)</th>', _html(page, table_id))
    ]

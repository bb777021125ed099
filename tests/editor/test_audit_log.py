"""The audit log in the interface language: what happened and its details, not the English they are stored in."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from flask import Flask
from sqlalchemy import insert

from helpwanted.models import AuditEvent

from .conftest import sign_in

BASE = "/staff/questionnaires"
STORED = [  # (action, questionnaire, detail) as the code that records them writes them
    ("save-draft", "received", "revision 4"),
    ("ask-review", "received", "revision 4: titel was fout"),
    ("ask-review", "received", "revision 5: "),
    ("approve", "received", "asked by alice@example.org: klopt"),
    ("send-back", "received", "asked by alice@example.org: nog niet"),
    ("publish", "received", "version 746c823ef52f: titel was fout — klopt"),
    ("publish", ":channels", "version 0a1b2c3d4e5f: nieuw nummer"),
    ("create", "gaming", "from the template"),
    ("channel-figure", "", "2026-01 phone: 120"),
    ("channel-figure", "", "2026-02 chat: 45 (was 40)"),
    ("emergency-publish", "received", "verkeerd nummer stond live"),
    ("unlist", "received", "even offline"),
    ("publish", "received", "something an older release wrote"),
]
EXPECTED = {
    "nl": [
        "revisie 4",
        "revisie 4: titel was fout",
        "revisie 5",
        "gevraagd door alice@example.org: klopt",
        "gevraagd door alice@example.org: nog niet",
        "versie 746c823ef52f: titel was fout — klopt",
        "versie 0a1b2c3d4e5f: nieuw nummer",
        "vanuit het sjabloon",
        "2026-01 Telefoon: 120",
        "2026-02 Chat: 45 (eerder 40)",
        "verkeerd nummer stond live",
        "even offline",
        "something an older release wrote",
    ],
    "en": [
        "revision 4",
        "revision 4: titel was fout",
        "revision 5",
        "asked by alice@example.org: klopt",
        "asked by alice@example.org: nog niet",
        "version 746c823ef52f: titel was fout — klopt",
        "version 0a1b2c3d4e5f: nieuw nummer",
        "from the template",
        "2026-01 Phone: 120",
        "2026-02 Chat: 45 (was 40)",
        "verkeerd nummer stond live",
        "even offline",
        "something an older release wrote",
    ],
}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_details_and_actions_are_in_the_interface_language(app: Flask, language: str) -> None:
    admin = sign_in(app, "admin@example.org", "admin")
    with app.extensions["helpwanted.engine"].begin() as connection:
        connection.execute(
            insert(AuditEvent),
            [
                {
                    "at": datetime(2026, 3, 1, 9, n, tzinfo=UTC),
                    "actor": "bob@example.org",
                    "action": a,
                    "questionnaire": q,
                    "detail": d,
                }
                for n, (a, q, d) in enumerate(reversed(STORED))
            ],
        )
    page = admin.get(f"{BASE}/audit", headers={"Accept-Language": language}).get_data(as_text=True)
    rows = re.findall(r"<tr><td[^>]*>.*?</tr>", page, re.S)
    bob = [row for row in rows if "bob@example.org" in row]
    details = [re.sub(r"<[^>]+>", "", re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[-1]).strip() for row in bob]
    assert details == EXPECTED[language]
    what = {re.search(r'data-action="([^"]+)">([^<]*)<', row).groups() for row in bob}  # type: ignore[union-attr]
    assert all(name != action for action, name in what), "every action in words"
    if language == "nl":
        assert ("channel-figure", "vulde een cijfer van een ander kanaal in") in what

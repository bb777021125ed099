"""Every interface text has a Dutch translation, and the compiled catalogues are current."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask import Flask, render_template_string
from flask.testing import FlaskClient

ROOT = Path(__file__).parent.parent


def test_template_and_dutch_catalogue_are_complete(tmp_path: Path) -> None:
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as file:
        wanted = {message.id for message in read_po(file) if message.id}
    with (ROOT / "translations" / "nl" / "LC_MESSAGES" / "messages.po").open("rb") as file:
        dutch = {message.id: message for message in read_po(file) if message.id}
    missing = sorted(str(m) for m in wanted if m not in dutch or not dutch[m].string or dutch[m].fuzzy)
    assert missing == [], "run pybabel update and translate these"


def test_compiled_catalogues_match_their_sources() -> None:
    for language in ("nl", "en"):
        folder = ROOT / "translations" / language / "LC_MESSAGES"
        with (folder / "messages.po").open("rb") as file:
            source = {_key(m.id): _key(m.string) for m in read_po(file) if m.id and m.string and not m.fuzzy}
        with (folder / "messages.mo").open("rb") as file:
            compiled = {_key(m.id): _key(m.string) for m in read_mo(file) if m.id}
        assert compiled == source, f"run: pybabel compile -d translations ({language})"


def test_page_texts_are_translated_escaped_and_formatted_like_jinjas_i18n(app: Flask) -> None:
    # The page's gettext is bound once per render (helpwanted/i18n.py); it must behave as Jinja's newstyle one.
    template = (
        '{{ _("Call") }}|{{ _("a %(x)s", x="<b>") }}|{{ _("100%% sure") }}|{{ ngettext("%(num)s x", "%(num)s xs", 2) }}'
    )
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert render_template_string(template + "|{{ language() }}") == "Call|a &lt;b&gt;|100% sure|2 xs|en"
    with app.test_request_context("/", headers={"Accept-Language": "nl"}):
        assert render_template_string('{{ _("Call") }}|{{ language() }}') == "Bel|nl"


def _key(value: object) -> object:
    """Plural messages are lists in a .mo file and tuples in a .po file."""
    return tuple(value) if isinstance(value, (list, tuple)) else value


def test_the_browsers_language_is_the_best_offered_match_else_dutch(client: FlaskClient) -> None:
    # i18n._best_match keeps its answer per Accept-Language header: each header still gets its own.
    def lang(header: str | None) -> str | None:
        headers = {"Accept-Language": header} if header is not None else {}
        match = re.search(r'<html lang="(\w+)"', client.get("/about", headers=headers).get_data(as_text=True))
        return match.group(1) if match else None

    for _ in range(2):  # the second time from memory
        assert lang("en-GB,en;q=0.9,nl;q=0.8") == "en"
        assert lang("fr-FR, nl;q=0.5, en;q=0.4") == "nl"
        assert lang("fr, de;q=0.5") == "nl"  # nothing offered: the default
        assert lang("") == "nl"
        assert lang(None) == "nl"

"""The help block is rendered once and kept (visitor/help.py): never stale, never another visitor's.

It is kept per language, layout (compact or full), age, set of channels and minute; each test
changes one of those while the others stay, and checks that the page follows at once.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from helpwanted.editor import channels as channel_editor

from .fixtures import at, write_channels
from .test_experience import PAID_UNDER_18
from .walker import Visitor


def help_block(app: Flask, language: str = "en") -> str:
    html = app.test_client().get("/", headers={"Accept-Language": language}).get_data(as_text=True)
    return html.split('class="help-block', 1)[1].split("</aside>", 1)[0]


def test_the_block_changes_the_minute_a_line_opens(lines_app: Flask) -> None:
    lines_app.extensions["helpwanted.clock"] = at("2026-11-30 13:59:00")
    before = help_block(lines_app)
    assert "Closed now. Opens at 14:00" in before
    lines_app.extensions["helpwanted.clock"] = at("2026-11-30 13:59:59.999")  # the same minute: the same block
    assert help_block(lines_app) == before
    lines_app.extensions["helpwanted.clock"] = at("2026-11-30 14:00:00")
    opened = help_block(lines_app)
    assert "Open now, until 20:00" in opened and "Opens at 14:00" not in opened
    lines_app.extensions["helpwanted.clock"] = at("2026-11-30 20:00:00")  # and closes on the minute
    assert "Closed now. Opens tomorrow at 14:00" in help_block(lines_app)


def test_the_block_follows_midnight(lines_app: Flask) -> None:
    lines_app.extensions["helpwanted.clock"] = at("2026-11-30 23:59:30")
    assert "Closed now. Opens tomorrow at 14:00" in help_block(lines_app)
    lines_app.extensions["helpwanted.clock"] = at("2026-12-01 00:00:00")  # tomorrow became today
    after = help_block(lines_app)
    assert "Closed now. Opens at 14:00" in after and "tomorrow" not in after


def test_each_language_gets_its_own_block_in_the_same_minute(lines_app: Flask) -> None:
    lines_app.extensions["helpwanted.clock"] = at("2026-11-30 15:00")
    english = help_block(lines_app, "en")
    dutch = help_block(lines_app, "nl")
    assert "Talk to someone now" in english and "Open now, until 20:00" in english
    assert "Talk to someone now" not in dutch and "For everyone under 18." not in dutch
    assert "Voor iedereen tot 18 jaar." in dutch
    assert help_block(lines_app, "en") == english


def test_a_channels_publication_shows_on_the_next_page(lines_app: Flask) -> None:
    lines_app.extensions["helpwanted.clock"] = at("2026-11-30 15:00")
    assert "Helpwanted" in help_block(lines_app)
    text = write_channels(Path(lines_app.instance_path)).read_text(encoding="utf-8")
    renamed = text.replace("name: Helpwanted", "name: Helpwanted Nu")
    assert renamed != text
    with lines_app.test_request_context():
        channel_editor.publish(renamed, "editor@example.org", "new name")
    assert "Helpwanted Nu" in help_block(lines_app)  # the same minute, the new channels


def test_compact_and_full_blocks_and_ages_are_kept_apart(lines_app: Flask) -> None:
    lines_app.extensions["helpwanted.clock"] = at("2026-11-30 15:00")
    client = lines_app.test_client()
    visitor = Visitor(client, "en")
    question = visitor.start("sextortion").get_data(as_text=True)
    home = visitor.get("/").get_data(as_text=True)
    assert '<details class="help-details">' in question and '<h2 id="help-title">' not in question
    assert '<details class="help-details">' not in home and '<h2 id="help-title">' in home
    under = visitor.walk("sextortion", PAID_UNDER_18).get_data(as_text=True)
    client.delete_cookie("s")
    adult = Visitor(client, "en").walk("sextortion", {**PAID_UNDER_18, "age": ("adult",)}).get_data(as_text=True)
    assert "is-other-age" not in under.split('class="help-block', 1)[1]
    assert "is-other-age" in adult.split('class="help-block', 1)[1]  # Kindertelefoon: for under-18s


def test_a_block_is_rendered_for_the_minute_it_is_kept_for(lines_app: Flask) -> None:
    moments = iter([at("2026-11-30 13:59:59.999")()])  # the first reading; the render then runs into 14:00
    lines_app.extensions["helpwanted.clock"] = lambda: next(moments, at("2026-11-30 14:00:00.5")())
    kept = help_block(lines_app)
    assert "Closed now. Opens at 14:00" in kept and "Open now" not in kept  # as at 13:59, the minute it is kept for

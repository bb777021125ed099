"""Small rules of the edit pages: where a page comes back after saving, and times in Dutch time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from flask import Flask

from helpwanted.editor.clock import local_time
from helpwanted.editor.editing import anchor_after, safe_anchor


def test_saving_comes_back_at_the_box_an_operation_changed_or_where_the_editor_was() -> None:
    assert anchor_after({"op": "add-option:nodes/3", "anchor": "node-1"}) == "node-3"
    assert anchor_after({"op": "up:nodes/12/options/2"}) == "node-12"
    assert anchor_after({"op": "", "anchor": "node-7"}) == "node-7"
    assert anchor_after({"anchor": "channel-kindertelefoon"}) == "channel-kindertelefoon"
    assert anchor_after({}) is None


def test_an_anchor_is_never_arbitrary_text() -> None:
    for forged in ("javascript:alert(1)", 'x"><script>', "node-1#top", "Node-1", "a" * 200, "", "1node"):
        assert safe_anchor(forged) is None
    assert anchor_after({"op": "add-option:../../x", "anchor": "//evil.example"}) is None


def test_times_show_in_dutch_time_winter_and_summer() -> None:
    assert local_time(datetime(2026, 11, 29, 13, 59, tzinfo=UTC)) == "2026-11-29 14:59"
    assert local_time(datetime(2026, 7, 1, 13, 59)) == "2026-07-01 15:59"  # SQLite: naive, stored as UTC
    assert local_time(datetime(2026, 7, 1, 13, 59, tzinfo=timezone(timedelta(hours=-5)))) == "2026-07-01 20:59"
    assert local_time(None) == ""


def test_a_changed_text_is_named_as_the_form_names_its_field(app: Flask) -> None:
    from helpwanted.editor.explain import describe_key

    with app.test_request_context(headers={"Accept-Language": "nl"}):
        assert describe_key("node:forwarded:title") == "Titel"
        assert describe_key("node:what:option:received:label") == "Antwoord received"
        assert describe_key("node:forwarded:first:2") == "Doe dit eerst, stap 2"
        assert describe_key("node:forwarded:step:9") == "Stap 9"
        assert describe_key("title") == "Titel op de startpagina"
        assert describe_key("block:talk") == "Gedeeld blok talk"
        assert describe_key("something:else") == "something:else"

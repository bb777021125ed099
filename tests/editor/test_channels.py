"""Help channels edited in the staff area: validated, reviewed, published, and shown to visitors at once."""

from __future__ import annotations

from flask import Flask

from .conftest import post, sign_in

PAGE = "/staff/questionnaires/channels"


def form_values(client: object) -> dict[str, str]:
    """The channels form as the browser would send it back, unchanged."""
    import html as html_module
    import re

    page = client.get(PAGE).get_data(as_text=True)  # type: ignore[attr-defined]
    form = page[page.index('action="/staff/questionnaires/channels"') :]
    values = {}
    for tag in re.findall(r"<(?:input|textarea)[^>]*>(?:[^<]*</textarea>)?", form):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or name.group(1) == "csrf_token":
            continue
        if tag.startswith("<textarea"):
            values[name.group(1)] = html_module.unescape(tag[tag.index(">") + 1 : tag.rindex("</textarea>")])
        elif 'type="radio"' in tag:
            if " checked" in tag:
                values[name.group(1)] = re.search(r'value="([^"]*)"', tag).group(1)  # type: ignore[union-attr]
        else:
            value = re.search(r'value="([^"]*)"', tag)
            values[name.group(1)] = html_module.unescape(value.group(1)) if value else ""
    return values


def test_a_new_phone_number_reaches_visitors_after_review(app: Flask) -> None:
    alice = sign_in(app, "alice@example.org")
    bob = sign_in(app, "bob@example.org")
    visitor = app.test_client()
    assert "020 261 52 75" in visitor.get("/").get_data(as_text=True)
    values = {**form_values(alice), "ch:helpwanted:phone": "020 999 88 77"}
    post(alice, PAGE, values, PAGE)
    assert "020 999 88 77" not in visitor.get("/").get_data(as_text=True)  # a draft is not live
    post(alice, f"{PAGE}/publish", {"action": "ask", "revision": "1", "note": "nieuw nummer"}, PAGE)
    assert post(alice, f"{PAGE}/publish", {"action": "approve", "request": "1"}, PAGE).status_code == 303
    assert "020 999 88 77" not in visitor.get("/").get_data(as_text=True)  # nobody approves their own change
    page = bob.get(PAGE).get_data(as_text=True)
    assert "<del>261</del>" in page.replace("<del>261 52 75</del>", "<del>261</del>") or "<del>" in page
    post(bob, f"{PAGE}/publish", {"action": "approve", "request": "1", "note": "klopt"}, PAGE)
    home = visitor.get("/").get_data(as_text=True)
    assert "020 999 88 77" in home and "020 261 52 75" not in home
    history = bob.get(PAGE).get_data(as_text=True)
    history = history[history.index('id="channel-history"') :]
    assert "bob@example.org" in history and "shipped file" in history


def test_a_bad_phone_number_or_http_link_cannot_be_published(app: Flask) -> None:
    alice = sign_in(app, "alice@example.org")
    values = {**form_values(alice), "ch:helpwanted:phone": "call us!", "ch:kindertelefoon:url": "http://example.org"}
    post(alice, PAGE, values, PAGE)
    page = alice.get(PAGE).get_data(as_text=True)
    assert page.count('class="problems"') >= 2 and "https://" in page
    post(alice, f"{PAGE}/publish", {"action": "ask", "revision": "1"}, PAGE)
    assert "Wacht op review" not in alice.get(PAGE).get_data(as_text=True)


def test_unchanged_form_keeps_the_file_byte_for_byte(app: Flask) -> None:
    alice = sign_in(app, "alice@example.org")
    post(alice, PAGE, form_values(alice), PAGE)
    with app.app_context():
        from helpwanted.editor import channels, publishing

        draft = publishing.get_draft(channels.KEY)
        assert draft is not None and draft.source == channels.shipped_text()

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
        elif 'type="radio"' in tag or 'type="checkbox"' in tag:
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
    # each message sits just above its field, and the field points at it
    assert next_to(page, "ch-helpwanted-phone") == "Schrijf een telefoonnummer met alleen cijfers en spaties."
    assert next_to(page, "ch-kindertelefoon-url") == "Een webadres moet beginnen met https://"
    english = alice.get(PAGE, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert next_to(english, "ch-helpwanted-phone") == "Write a phone number with digits and spaces only."
    post(alice, f"{PAGE}/publish", {"action": "ask", "revision": "1"}, PAGE)
    assert "Wacht op review" not in alice.get(PAGE).get_data(as_text=True)


def next_to(page: str, field_id: str) -> str:
    """The error message shown next to a field (its aria-describedby target right above it)."""
    import html as html_module
    import re

    found = re.search(
        rf'<p class="error-message" id="{field_id}-problem"><strong>[^<]*</strong> ([^<]*)</p>'
        rf'\s*<(?:input|textarea)[^>]*id="{field_id}"[^>]*aria-describedby="[^"]*{field_id}-problem',
        page,
    )
    assert found, f"no message next to {field_id}"
    return html_module.unescape(found.group(1))


def draft_text(app: Flask) -> str:
    with app.app_context():
        from helpwanted.editor import channels, publishing

        draft = publishing.get_draft(channels.KEY)
        assert draft is not None
        return draft.source


def test_a_channel_is_added_with_its_facts_checked_next_to_each_field(app: Flask) -> None:
    alice = sign_in(app, "alice@example.org")
    refused = post(alice, PAGE, {**form_values(alice), "op": "add", "new:id": "Juridisch Loket", "new:name": "X"}, PAGE)
    assert refused.status_code == 422  # nothing added, the short name's problem next to it
    assert next_to(refused.get_data(as_text=True), "new-id").startswith("Gebruik 2 tot 40 kleine letters")
    assert 'value="Juridisch Loket"' in refused.get_data(as_text=True)  # what was typed stays
    taken = post(alice, PAGE, {**form_values(alice), "op": "add", "new:id": "politie", "new:name": "X"}, PAGE)
    assert next_to(taken.get_data(as_text=True), "new-id") == "Er is al een kanaal met deze korte naam."

    values = {**form_values(alice), "op": "add", "new:id": "juridisch-loket", "new:name": "Het Juridisch Loket"}
    added = post(alice, PAGE, values, PAGE)
    assert added.status_code == 303 and added.location.endswith("#channel-juridisch-loket")
    page = alice.get(PAGE).get_data(as_text=True)
    assert next_to(page, "ch-juridisch-loket-what-nl").startswith("Schrijf waar het kanaal voor is")
    values = {
        **form_values(alice),
        "ch:juridisch-loket:what:nl": "Gratis juridisch advies bij een laag inkomen.",
        "ch:juridisch-loket:what:en": "Free legal advice on a low income.",
        "ch:juridisch-loket:phone": "0900 8020",
        "ch:juridisch-loket:url": "https://www.juridischloket.nl",
        "ch:juridisch-loket:hours-mode": "weekly",
        "ch:juridisch-loket:hours:mon": "9-18",
    }
    page = post(alice, PAGE, values, PAGE) and alice.get(PAGE).get_data(as_text=True)
    assert next_to(page, "ch-juridisch-loket-hours-mon").startswith("Schrijf tijden als 09:00-17:00")
    post(alice, PAGE, {**form_values(alice), "ch:juridisch-loket:hours:mon": "09:00-18:00"}, PAGE)
    assert 'id="problems"' not in alice.get(PAGE).get_data(as_text=True)  # nothing left: it may be published
    assert 'juridisch-loket:\n    name: "Het Juridisch Loket"' in draft_text(app)


def test_a_channel_the_advice_names_cannot_be_removed(app: Flask) -> None:
    alice = sign_in(app, "alice@example.org")
    page = alice.get(PAGE).get_data(as_text=True)
    assert 'value="remove:kindertelefoon"' not in page  # named in the advice: no remove button
    assert "Genoemd in het advies van:" in page
    forced = post(alice, PAGE, {**form_values(alice), "op": "remove:kindertelefoon"}, PAGE)
    assert forced.status_code == 422
    assert "kan niet weg" in forced.get_data(as_text=True) and "kindertelefoon:" in draft_text(app)

    post(alice, PAGE, {**form_values(alice), "op": "add", "new:id": "proef", "new:name": "Proef"}, PAGE)
    assert "\n  proef:" in draft_text(app)
    page = alice.get(PAGE).get_data(as_text=True)
    assert 'value="remove:proef"' in page  # nothing names it: it can go
    removed = post(alice, PAGE, {**form_values(alice), "op": "remove:proef"}, PAGE)
    assert removed.status_code == 303
    assert "\n  proef:" not in draft_text(app)


def test_publishing_refuses_channels_that_a_live_questionnaire_still_names(app: Flask) -> None:
    alice = sign_in(app, "alice@example.org")
    with app.app_context():
        from helpwanted.editor import channels, publishing
        from helpwanted.editor.roundtrip import Document

        doc = Document(channels.shipped_text(), "channels")
        del doc.data["channels"]["kindertelefoon"]  # as if removed in the YAML, past the form
        publishing.save_draft(channels.KEY, doc.dump(), 0, "bob@example.org")
    page = alice.get(PAGE).get_data(as_text=True)
    assert "kindertelefoon</a>: Gebruikt door " in page and "kan niet weg" in page
    post(alice, f"{PAGE}/publish", {"action": "ask", "revision": "1"}, PAGE)
    assert "Wacht op review" not in alice.get(PAGE).get_data(as_text=True)
    admin = sign_in(app, "admin@example.org", "admin")
    post(admin, f"{PAGE}/publish", {"action": "publish", "note": "nood"}, PAGE)
    assert "De Kindertelefoon" in app.test_client().get("/").get_data(as_text=True)  # not even in an emergency


def test_holiday_hours_are_edited_and_reach_the_visitors_help_block(app: Flask) -> None:
    from datetime import datetime

    from helpwanted.opening_hours import AMSTERDAM

    alice, bob = sign_in(app, "alice@example.org"), sign_in(app, "bob@example.org")
    values = {
        **form_values(alice),
        "ch:kindertelefoon:exc:0:date": "25-12-2026",
        "ch:kindertelefoon:exc:0:hours": "",
        "ch:kindertelefoon:exc:0:note:nl": "Eerste Kerstdag",
    }
    post(alice, PAGE, values, PAGE)
    page = alice.get(PAGE).get_data(as_text=True)
    assert next_to(page, "ch-kindertelefoon-exc-0-date").startswith("Schrijf de datum als JJJJ-MM-DD")
    post(alice, PAGE, {**form_values(alice), "ch:kindertelefoon:exc:0:date": "2026-12-25"}, PAGE)
    post(alice, PAGE, {**form_values(alice), "ch:kindertelefoon:exc:1:date": "2026-12-31"}, PAGE)
    post(alice, PAGE, {**form_values(alice), "ch:kindertelefoon:exc:1:hours": "11:00-16:00"}, PAGE)
    text = draft_text(app)
    assert '{date: 2026-12-25, closed: true, note: {nl: "Eerste Kerstdag"}}' in text
    assert '{date: 2026-12-31, hours: ["11:00-16:00"]}' in text

    post(alice, f"{PAGE}/publish", {"action": "ask", "revision": str(4), "note": "feestdagen"}, PAGE)
    post(bob, f"{PAGE}/publish", {"action": "approve", "request": "1"}, PAGE)
    app.extensions["helpwanted.clock"] = lambda: datetime(2026, 12, 25, 12, 0, tzinfo=AMSTERDAM)
    christmas = app.test_client().get("/", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    block = christmas[christmas.index("De Kindertelefoon") :][:2000]
    assert "Nu gesloten" in block  # open daily 11-21, but not on Christmas Day

    unchanged = form_values(bob)
    assert unchanged["ch:kindertelefoon:exc:0:note:nl"] == "Eerste Kerstdag"
    post(bob, PAGE, {**unchanged, "ch:kindertelefoon:exc:0:remove": "1"}, PAGE)
    assert "2026-12-25" not in draft_text(app) and "2026-12-31" in draft_text(app)


def test_unchanged_form_keeps_the_file_byte_for_byte(app: Flask) -> None:
    alice = sign_in(app, "alice@example.org")
    post(alice, PAGE, form_values(alice), PAGE)
    with app.app_context():
        from helpwanted.editor import channels, publishing

        draft = publishing.get_draft(channels.KEY)
        assert draft is not None and draft.source == channels.shipped_text()


def test_enter_in_a_field_saves_and_never_removes_a_channel(app: Flask) -> None:
    """A browser's Enter presses the form's first submit button: it must be the plain save."""
    import re

    alice = sign_in(app, "alice@example.org")
    page = alice.get(PAGE).get_data(as_text=True)
    form = page[page.index('action="/staff/questionnaires/channels"') :]
    first = re.search(r"<button[^>]*>", form)
    assert first and 'name="op"' not in first.group(0) and 'type="submit"' in first.group(0)
    assert '<details class="form-section channel" id="channel-helpwanted">' in page  # closed: a short page
    post(alice, PAGE, {**form_values(alice), "ch:helpwanted:phone": "x"}, PAGE)
    assert '<details class="form-section channel" id="channel-helpwanted" open>' in alice.get(PAGE).get_data(
        as_text=True
    )  # a channel with a problem is open


def test_the_shipped_channels_pass_the_staff_checks(app: Flask) -> None:
    """Staff can publish a change only when the whole file passes: the shipped file must, to begin with."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        from helpwanted.editor import channels

        assert channels.validate(channels.shipped_text()) == []

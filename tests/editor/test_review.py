"""Two-person publishing, new questionnaires from the template, and the home-page listing, through the web."""

from __future__ import annotations

import re

from flask import Flask

from .conftest import post, sign_in

BASE = "/staff/questionnaires"


def revision(client: object, tree_id: str) -> str:
    html = client.get(f"{BASE}/{tree_id}/form").get_data(as_text=True)  # type: ignore[attr-defined]
    found = re.search(r'name="revision" value="(\d+)"', html)
    assert found, html
    return found.group(1)


def test_new_questionnaire_goes_live_only_after_a_second_editor_approves(app: Flask) -> None:
    alice = sign_in(app, "alice@example.org")
    bob = sign_in(app, "bob@example.org")
    response = post(alice, f"{BASE}/new", {"id": "online-gaming", "title_nl": "Gamen", "title_en": "Gaming"})
    assert response.status_code == 303 and response.location.endswith(f"{BASE}/online-gaming/form")
    form = alice.get(f"{BASE}/online-gaming/form").get_data(as_text=True)
    assert "0 errors, 0 warnings" in form or "0 fouten, 0 waarschuwingen" in form
    assert "Gamen" in form and "Gaming" in form

    post(alice, f"{BASE}/online-gaming/ask-review", {"revision": revision(alice, "online-gaming"), "note": "nieuw"})
    assert "Gamen" not in app.test_client().get("/").get_data(as_text=True)  # not live yet

    own = alice.get(f"{BASE}/reviews").get_data(as_text=True)
    request_id = re.search(r"/online-gaming/review/(\d+)", own).group(1)  # type: ignore[union-attr]
    refused = post(alice, f"{BASE}/online-gaming/review/{request_id}", {"decision": "approve"})
    assert refused.status_code == 303
    assert "Gamen" not in app.test_client().get("/").get_data(as_text=True)

    review_page = bob.get(f"{BASE}/online-gaming/review/{request_id}").get_data(as_text=True)
    assert "Approve and publish" in review_page or "Goedkeuren en publiceren" in review_page
    approved = post(bob, f"{BASE}/online-gaming/review/{request_id}", {"decision": "approve", "note": "ok"})
    assert approved.status_code == 303
    assert "Gamen" in app.test_client().get("/", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    audit = bob.get(f"{BASE}/audit").get_data(as_text=True)
    assert "alice@example.org" in audit and "bob@example.org" in audit


def test_send_back_needs_a_note_and_publishes_nothing(app: Flask) -> None:
    alice = sign_in(app, "alice@example.org")
    bob = sign_in(app, "bob@example.org")
    post(alice, f"{BASE}/new", {"id": "chat-trouble", "title_nl": "Chat", "title_en": "Chat"})
    post(alice, f"{BASE}/chat-trouble/ask-review", {"revision": revision(alice, "chat-trouble")})
    request_id = re.search(r"/chat-trouble/review/(\d+)", bob.get(f"{BASE}/reviews").get_data(as_text=True)).group(1)  # type: ignore[union-attr]
    post(bob, f"{BASE}/chat-trouble/review/{request_id}", {"decision": "send-back", "note": ""})
    assert f"/chat-trouble/review/{request_id}" in bob.get(f"{BASE}/reviews").get_data(as_text=True)  # still open
    post(bob, f"{BASE}/chat-trouble/review/{request_id}", {"decision": "send-back", "note": "titel te vaag"})
    assert "titel te vaag" in alice.get(f"{BASE}/chat-trouble").get_data(as_text=True)
    assert f"/chat-trouble/review/{request_id}" not in bob.get(f"{BASE}/reviews").get_data(as_text=True)


def test_only_an_admin_publishes_without_review_and_the_log_says_so(app: Flask) -> None:
    alice = sign_in(app, "alice@example.org")
    admin = sign_in(app, "admin@example.org", "admin")
    post(alice, f"{BASE}/new", {"id": "urgent-fix", "title_nl": "Spoed", "title_en": "Urgent"})
    assert post(alice, f"{BASE}/urgent-fix/emergency", {"reason": "nu"}).status_code == 403
    assert post(alice, f"{BASE}/urgent-fix/publish", {"revision": "1", "note": "x"}).status_code == 303
    assert "Spoed" not in app.test_client().get("/").get_data(as_text=True)
    post(admin, f"{BASE}/urgent-fix/emergency", {"reason": "verkeerd telefoonnummer"})
    assert "Spoed" in app.test_client().get("/", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    audit = admin.get(f"{BASE}/audit").get_data(as_text=True)
    assert "verkeerd telefoonnummer" in audit
    assert "zonder review" in audit or "without review" in audit


def test_taking_a_questionnaire_off_the_home_page_and_back_keeps_history(app: Flask) -> None:
    alice = sign_in(app, "alice@example.org")
    visitor = app.test_client()
    title = "Ik kreeg een naaktfoto"
    assert title in visitor.get("/", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    post(alice, f"{BASE}/received/listing", {"listed": "0", "note": "wordt herschreven"})
    assert title not in visitor.get("/", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    post(alice, f"{BASE}/received/listing", {"listed": "1", "note": "klaar"})
    assert title in visitor.get("/", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    detail = alice.get(f"{BASE}/received").get_data(as_text=True)
    history = detail[detail.index('id="listing-history"') :]
    assert history.index("klaar") < history.index("wordt herschreven")


def test_a_bad_short_name_is_refused_with_a_message(app: Flask) -> None:
    alice = sign_in(app, "alice@example.org")
    response = post(alice, f"{BASE}/new", {"id": "Bad Name!", "title_nl": "x", "title_en": "y"})
    assert response.status_code == 422
    assert post(alice, f"{BASE}/new", {"id": "received", "title_nl": "x", "title_en": "y"}).status_code == 422


def test_a_draft_without_changes_is_not_sent_for_review(app: Flask) -> None:
    alice = sign_in(app, "alice@example.org")
    with app.test_request_context():
        from helpwanted.editor import publishing

        publishing.save_draft("received", publishing.live_text("received") or "", 0, "alice@example.org")
    response = post(alice, f"{BASE}/received/ask-review", {"revision": "1", "acknowledge": "y"})
    assert response.status_code == 303
    page = alice.get(response.location).get_data(as_text=True)
    assert "Het concept is hetzelfde als de live versie" in page
    assert "/received/review/" not in alice.get(f"{BASE}/reviews").get_data(as_text=True)

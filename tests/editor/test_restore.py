"""'Publish again' (an earlier version back) follows two-person publishing, like any publication."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from helpwanted.editor import publishing

from .conftest import post, sign_in

pytestmark = pytest.mark.both_databases  # SQLite and the throwaway PostgreSQL

BASE = "/staff/questionnaires"
SHIPPED_TITLE = "Wat is er gebeurd?"
BROKEN_TITLE = "Wat is er gebeurd?? (fout)"


def live_title(app: Flask) -> str:
    with app.test_request_context():
        from helpwanted.trees import find_tree

        tree = find_tree("received")
        assert tree is not None
        return tree.nodes["what"].title.get("nl")


def publish_a_mistake(app: Flask) -> None:
    """A version with a wrong title went live (published in an emergency); the shipped file is kept as a version."""
    with app.test_request_context():
        text = publishing.live_text("received") or ""
        publishing.publish("received", text.replace(SHIPPED_TITLE, BROKEN_TITLE), "earlier@example.org", "x", True)
    assert live_title(app) == BROKEN_TITLE


def restore_link(client: FlaskClient) -> str:
    """The 'publish again' link of the shipped version (the only earlier one)."""
    detail = client.get(f"{BASE}/received").get_data(as_text=True)
    links = re.findall(r'href="(/staff/questionnaires/received/rollback/\d+)"', detail)
    assert len(links) == 1
    return links[0]


def test_publish_again_asks_for_review_and_a_second_editor_makes_it_live(app: Flask) -> None:
    publish_a_mistake(app)
    alice, bob = sign_in(app, "alice@example.org"), sign_in(app, "bob@example.org")
    link = restore_link(alice)
    confirm = alice.get(link).get_data(as_text=True)
    assert "Vraag om review" in confirm and "zonder review" not in confirm  # an editor, not an admin
    assert "<del>" in confirm and "(fout)" in confirm  # what goes back, word by word

    asked = post(alice, link, {"note": "titel was fout", "action": "ask"}, page=link)
    assert asked.status_code == 303
    assert live_title(app) == BROKEN_TITLE, "nothing goes live before a second editor approves"

    reviews = bob.get(f"{BASE}/reviews").get_data(as_text=True)
    request_id = re.search(r"/received/review/(\d+)", reviews).group(1)  # type: ignore[union-attr]
    assert "titel was fout" in reviews
    own = post(alice, f"{BASE}/received/review/{request_id}", {"decision": "approve"})
    assert own.status_code == 303 and live_title(app) == BROKEN_TITLE  # nobody approves their own request

    review_page = bob.get(f"{BASE}/received/review/{request_id}").get_data(as_text=True)
    assert "eerdere versie terug" in review_page and "Goedkeuren en publiceren" in review_page
    post(bob, f"{BASE}/received/review/{request_id}", {"decision": "approve", "note": "klopt"})
    assert live_title(app) == SHIPPED_TITLE

    audit = bob.get(f"{BASE}/audit").get_data(as_text=True)
    assert 'data-action="ask-review"' in audit and 'data-action="approve"' in audit
    history = bob.get(f"{BASE}/received").get_data(as_text=True)
    assert "titel was fout — klopt" in history  # the history keeps the author's and the reviewer's note


def test_a_draft_in_progress_is_not_touched_by_publish_again(app: Flask) -> None:
    publish_a_mistake(app)
    alice, bob = sign_in(app, "alice@example.org"), sign_in(app, "bob@example.org")
    with app.test_request_context():
        draft_text = (publishing.live_text("received") or "").replace(BROKEN_TITLE, "Half af")
        publishing.save_draft("received", draft_text, 0, "carol@example.org")
    link = restore_link(alice)
    post(alice, link, {"note": "", "action": "ask"}, page=link)
    reviews = bob.get(f"{BASE}/reviews").get_data(as_text=True)
    request_id = re.search(r"/received/review/(\d+)", reviews).group(1)  # type: ignore[union-attr]
    post(bob, f"{BASE}/received/review/{request_id}", {"decision": "approve"})
    assert live_title(app) == SHIPPED_TITLE
    with app.test_request_context():
        draft = publishing.get_draft("received")
        assert draft is not None and draft.source == draft_text


def test_publish_again_waits_while_a_draft_is_in_review(app: Flask) -> None:
    publish_a_mistake(app)
    alice, bob = sign_in(app, "alice@example.org"), sign_in(app, "bob@example.org")
    with app.test_request_context():
        text = (publishing.live_text("received") or "").replace(BROKEN_TITLE, "Nieuwe titel?")
        draft = publishing.save_draft("received", text, 0, "carol@example.org")
    post(bob, f"{BASE}/received/ask-review", {"revision": str(draft.revision), "note": "nieuw", "acknowledge": "y"})
    link = restore_link(alice)
    assert "Keur die eerst goed of stuur die terug" in alice.get(link).get_data(as_text=True)
    refused = post(alice, link, {"note": "", "action": "ask"}, page=link)
    assert refused.status_code == 303 and refused.location.endswith(link)
    reviews = alice.get(f"{BASE}/reviews").get_data(as_text=True)
    assert reviews.count("/received/review/") == 1 and "eerdere versie" not in reviews  # bob's request still stands


def test_only_an_admin_puts_a_version_back_without_review_and_the_log_says_so(app: Flask) -> None:
    publish_a_mistake(app)
    alice, admin = sign_in(app, "alice@example.org"), sign_in(app, "admin@example.org", "admin")
    link = restore_link(alice)
    post(alice, link, {"note": "snel", "action": "emergency"}, page=link)
    assert live_title(app) == BROKEN_TITLE
    assert "Nu publiceren zonder review" in admin.get(link).get_data(as_text=True)
    no_reason = post(admin, link, {"note": " ", "action": "emergency"}, page=link)
    assert no_reason.status_code == 303 and live_title(app) == BROKEN_TITLE  # the reason is required
    post(admin, link, {"note": "fout nummer stond live", "action": "emergency"}, page=link)
    assert live_title(app) == SHIPPED_TITLE
    audit = admin.get(f"{BASE}/audit").get_data(as_text=True)
    assert 'data-action="emergency-publish"' in audit and "fout nummer stond live" in audit


def test_a_version_that_no_longer_passes_the_checks_cannot_be_asked(app: Flask) -> None:
    alice = sign_in(app, "alice@example.org")
    with app.test_request_context():
        from helpwanted.database import db
        from helpwanted.models import QuestionnaireVersion

        text = publishing.live_text("received") or ""
        publishing.publish("received", text.replace(SHIPPED_TITLE, BROKEN_TITLE), "x@example.org", "x", True)
        stored = (
            db().scalars(select(QuestionnaireVersion).where(QuestionnaireVersion.created_by == "shipped file")).one()
        )
        stored.source = stored.source.replace("next: what", "next: nowhere", 1)  # as if today's rules refuse it
        db().commit()
    link = restore_link(alice)
    html = alice.get(link).get_data(as_text=True)
    assert "kan dus niet opnieuw worden gepubliceerd" in html.replace("\n", " ")
    post(alice, link, {"note": "", "action": "ask"}, page=link)
    assert "/received/review/" not in alice.get(f"{BASE}/reviews").get_data(as_text=True)

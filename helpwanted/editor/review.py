"""Two-person publishing: one editor asks for review, another approves and publishes or sends it back.

On by default (`TWO_PERSON_PUBLISHING`). What is approved is the exact text that was asked
about: if the draft changed since, the request is out of date and must be asked again. An
admin may publish alone in an emergency; the audit log names it so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from ..audit import record
from ..database import db
from ..models import ReviewRequest


class ReviewError(Exception):
    """The review step is not allowed; the message says why (shown to the editor)."""


@dataclass(frozen=True)
class Decision:
    """What happened to a request."""

    request: ReviewRequest
    published: bool


def required() -> bool:
    """Whether publishing needs a second editor (the configured default is yes)."""
    return bool(current_app.config.get("TWO_PERSON_PUBLISHING", True))


def open_request(subject: str) -> ReviewRequest | None:
    """The request waiting for a reviewer, if any."""
    query = select(ReviewRequest).where(ReviewRequest.subject == subject, ReviewRequest.state == "open")
    return db().scalars(query.order_by(ReviewRequest.id.desc())).first()


def get(subject: str, request_id: int) -> ReviewRequest | None:
    """A request of this subject, whatever its state."""
    request = db().get(ReviewRequest, request_id)
    return request if request is not None and request.subject == subject else None


def waiting() -> list[ReviewRequest]:
    """Every open request, oldest first (for the reviewers' list)."""
    query = select(ReviewRequest).where(ReviewRequest.state == "open").order_by(ReviewRequest.id)
    return list(db().scalars(query))


def recent(subject: str, limit: int = 20) -> list[ReviewRequest]:
    """The newest requests of a subject, with their outcome."""
    query = select(ReviewRequest).where(ReviewRequest.subject == subject).order_by(ReviewRequest.id.desc())
    return list(db().scalars(query.limit(limit)))


def ask(subject: str, source: str, revision: int, actor: str, note: str) -> ReviewRequest:
    """Ask for review of this text; an earlier open request of the subject is replaced."""
    session = db()
    for earlier in session.scalars(
        select(ReviewRequest).where(ReviewRequest.subject == subject, ReviewRequest.state == "open")
    ):
        earlier.state, earlier.decided_by, earlier.decided_at = "withdrawn", actor, _now()
    request = ReviewRequest(
        subject=subject,
        source=source,
        revision=revision,
        requested_by=actor,
        requested_at=_now(),
        note=note[:500],
        state="open",
        decided_by="",
        decision_note="",
    )
    session.add(request)
    record(actor, "ask-review", subject, f"revision {revision}: {note}")
    session.commit()
    return request


def approve(
    subject: str, request_id: int, actor: str, note: str, current: str | None, publish: Callable[[str], object]
) -> Decision:
    """Approve the request and publish its text; `current` is the draft's text now, `publish` makes text live.

    A draft's request is out of date once the draft changed; a restore (an earlier version) never is.
    """
    request = _pending(subject, request_id, actor)
    if not request.restores and current != request.source:  # an earlier version put back has no draft
        raise ReviewError(_("The draft changed after review was asked; ask for review again."))
    request.state, request.decided_by, request.decided_at = "approved", actor, _now()
    request.decision_note = note[:500]
    record(actor, "approve", subject, f"asked by {request.requested_by}: {note}")
    db().flush()
    publish(request.source)  # commits, with the approval, or raises and nothing is approved
    return Decision(request, True)


def send_back(subject: str, request_id: int, actor: str, note: str) -> Decision:
    """Return the request to its author with a note; nothing is published."""
    if not note.strip():
        raise ReviewError(_("Say what needs to change."))
    request = _pending(subject, request_id, actor)
    request.state, request.decided_by, request.decided_at = "returned", actor, _now()
    request.decision_note = note[:500]
    record(actor, "send-back", subject, f"asked by {request.requested_by}: {note}")
    db().commit()
    return Decision(request, False)


def emergency(subject: str, actor: str, role: str, reason: str, publish: Callable[[str], object], source: str) -> None:
    """An admin publishes alone; the reason is required and the audit log says 'emergency-publish'."""
    if role != "admin":
        raise ReviewError(_("Only an admin can publish without review."))
    if not reason.strip():
        raise ReviewError(_("Give the reason for publishing without review."))
    for request in db().scalars(
        select(ReviewRequest).where(ReviewRequest.subject == subject, ReviewRequest.state == "open")
    ):
        request.state, request.decided_by, request.decided_at = "withdrawn", actor, _now()
    record(actor, "emergency-publish", subject, reason)
    db().flush()
    publish(source)


def _pending(subject: str, request_id: int, actor: str) -> ReviewRequest:
    request = db().get(ReviewRequest, request_id)
    if request is None or request.subject != subject or request.state != "open":
        raise ReviewError(_("This request is no longer open."))
    if request.requested_by == actor:
        raise ReviewError(_("Another editor must review your change."))
    return request


def _now() -> datetime:
    return datetime.now(UTC)

"""A questionnaire's life beyond its text: started from the template, taken off the home page and back."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import select

from .. import listing
from ..audit import record
from ..database import db
from ..models import AuditEvent, QuestionnaireListing
from . import publishing

TEMPLATE = Path(__file__).parent / "new_questionnaire.yaml"
ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]{1,39}$")
RESERVED = frozenset({"new", "reviews", "links", "audit", "channels", "static"})  # staff pages at the same level


class LifecycleError(Exception):
    """Not possible; the message says why (shown to the editor)."""


@dataclass(frozen=True)
class ListingChange:
    """One time a questionnaire was taken off the home page or put back."""

    at: datetime
    actor: str
    listed: bool
    note: str


def template_text(tree_id: str, title_nl: str, title_en: str) -> str:
    """The template with the new questionnaire's titles and topic filled in."""
    text = TEMPLATE.read_text(encoding="utf-8")
    return (
        text.replace("__TITLE_NL__", _quoted(title_nl))
        .replace("__TITLE_EN__", _quoted(title_en))
        .replace("__TOPIC__", tree_id)
    )


def _quoted(value: str) -> str:
    return value.strip().replace("\\", "\\\\").replace('"', '\\"')


def create(tree_id: str, title_nl: str, title_en: str, actor: str) -> None:
    """Start a questionnaire as a draft from the template; it goes live only through review."""
    if not ID_PATTERN.match(tree_id):
        raise LifecycleError(
            _("Use 2 to 40 small letters, digits and hyphens for the short name, starting with a letter.")
        )
    if tree_id in RESERVED or tree_id in publishing.questionnaire_ids():
        raise LifecycleError(_("A questionnaire with this short name exists already."))
    if not title_nl.strip() or not title_en.strip():
        raise LifecycleError(_("Give the title in Dutch and in English."))
    try:
        publishing.save_draft(tree_id, template_text(tree_id, title_nl, title_en), 0, actor)
    except publishing.Conflict:
        raise LifecycleError(_("A questionnaire with this short name exists already.")) from None
    record(actor, "create", tree_id, "from the template")
    db().commit()


def is_listed(tree_id: str) -> bool:
    """Whether the questionnaire is offered on the home page."""
    row = db().get(QuestionnaireListing, tree_id)
    return row is None or row.listed


def hidden_ids() -> set[str]:
    """The questionnaires taken off the home page (one query, for the list of all of them)."""
    return set(db().scalars(select(QuestionnaireListing.questionnaire).where(QuestionnaireListing.listed.is_(False))))


def set_listed(tree_id: str, listed: bool, actor: str, note: str) -> None:
    """Take a questionnaire off the home page, or put it back; the audit log keeps each change."""
    session = db()
    row = session.get(QuestionnaireListing, tree_id)
    if row is None:
        row = QuestionnaireListing(questionnaire=tree_id)
        session.add(row)
    row.listed, row.changed_at, row.changed_by = listed, datetime.now(UTC), actor
    record(actor, "list" if listed else "unlist", tree_id, note)
    session.commit()
    listing.forget()  # this worker shows it at once; the others within CATALOG_REFRESH_SECONDS


def listing_history(tree_id: str) -> list[ListingChange]:
    """Each change of the home-page listing, newest first."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.questionnaire == tree_id, AuditEvent.action.in_(("list", "unlist")))
        .order_by(AuditEvent.id.desc())
    )
    return [ListingChange(e.at, e.actor, e.action == "list", e.detail) for e in db().scalars(query)]

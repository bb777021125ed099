"""The audit log of staff actions (sign-in, drafts, publications)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from .database import db
from .models import AuditEvent


def record(actor: str, action: str, questionnaire: str = "", detail: str = "") -> None:
    """Add an entry; it is committed with the change it describes."""
    db().add(
        AuditEvent(at=datetime.now(UTC), actor=actor, action=action, questionnaire=questionnaire, detail=detail[:500])
    )


def recent(limit: int = 200) -> list[AuditEvent]:
    """The newest entries first."""
    return list(db().scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)))

"""Database tables. No table holds anything about a visitor: only counters and staff data."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with stable constraint names for migrations."""

    metadata = MetaData(naming_convention=NAMING)


class UsageCounter(Base):
    """How often something happened in one month: never who, never when within the month.

    period is always a month's first day. Which columns an event fills is decided in
    counting.DIMENSIONS (start, complete, outcome, helpful, reach, answer); the others stay "".
    """

    __tablename__ = "usage_counter"
    __table_args__ = (
        UniqueConstraint("period", "questionnaire", "version", "event", "node", "option", "language"),
        # Covering: the report queries are answered from the index alone (migration 0002).
        Index("ix_usage_counter_report", "event", "period", "questionnaire", "version", "node", "language", "count"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[date] = mapped_column(Date)
    questionnaire: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(16))
    event: Mapped[str] = mapped_column(String(16))
    node: Mapped[str] = mapped_column(String(64), default="")
    option: Mapped[str] = mapped_column(String(64), default="")
    language: Mapped[str] = mapped_column(String(8))
    count: Mapped[int] = mapped_column(Integer, default=0)


class UsageBatch(Base):
    """The id of a spooled batch of increments already written (replay.py): makes replaying idempotent.

    Only an id: no time, no count. A row lives from the batch's write until the spool has forgotten
    the batch (usually the next replay).
    """

    __tablename__ = "usage_batch"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)


class StaffUser(Base):
    """A staff account; the password is kept only as an argon2 hash."""

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Carried by every signed-in session; a new one (sign-out, password change) ends them all.
    session_token: Mapped[str | None] = mapped_column(String(64), default=None)


class QuestionnaireVersion(Base):
    """The text of one checked version of a questionnaire; never changed once written."""

    __tablename__ = "questionnaire_version"
    __table_args__ = (UniqueConstraint("questionnaire", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(254))


class Publication(Base):
    """A version made live: who, when, why. The newest publication of a questionnaire is live."""

    __tablename__ = "publication"

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire: Mapped[str] = mapped_column(String(64), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_version.id"))
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    published_by: Mapped[str] = mapped_column(String(254))
    note: Mapped[str] = mapped_column(String(500), default="")


class Draft(Base):
    """The text an editor is working on; `revision` guards against two editors overwriting each other."""

    __tablename__ = "draft"

    questionnaire: Mapped[str] = mapped_column(String(64), primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    revision: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(String(254))


class AuditEvent(Base):
    """One staff action on content, for the audit log."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(32))
    questionnaire: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[str] = mapped_column(String(500), default="")


class ChannelFigure(Base):
    """Advice requests that came in by another channel (phone, chat, e-mail) in one month, entered by staff."""

    __tablename__ = "channel_figure"
    __table_args__ = (UniqueConstraint("month", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(32))
    count: Mapped[int] = mapped_column(Integer)
    entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    entered_by: Mapped[str] = mapped_column(String(254))


class ReviewRequest(Base):
    """An editor's request that another editor checks a draft and publishes it (two-person publishing).

    `subject` is a questionnaire id or ":channels" (the help channels); `source` is the exact
    text asked about, so what is approved is what was reviewed. `revision` is the draft's
    revision asked about, or RESTORE (0, never a draft's) when an earlier version is put back.
    """

    __tablename__ = "review_request"
    RESTORE: ClassVar[int] = 0

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(64), index=True)
    source: Mapped[str] = mapped_column(Text)
    revision: Mapped[int] = mapped_column(Integer)
    requested_by: Mapped[str] = mapped_column(String(254))
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    note: Mapped[str] = mapped_column(String(500), default="")
    state: Mapped[str] = mapped_column(String(16), default="open")  # open, approved, returned, withdrawn
    decided_by: Mapped[str] = mapped_column(String(254), default="")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    decision_note: Mapped[str] = mapped_column(String(500), default="")

    @property
    def restores(self) -> bool:
        """Whether this asks to put an earlier version back ("publish again") rather than a draft."""
        return self.revision == self.RESTORE


class QuestionnaireListing(Base):
    """Whether a questionnaire is offered on the home page (absent: it is); changes are in the audit log."""

    __tablename__ = "questionnaire_listing"

    questionnaire: Mapped[str] = mapped_column(String(64), primary_key=True)
    listed: Mapped[bool] = mapped_column(default=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    changed_by: Mapped[str] = mapped_column(String(254))


class HelpChannelsVersion(Base):
    """One published text of the help channels (YAML); the newest is live, the shipped file seeds the first."""

    __tablename__ = "help_channels_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    published_by: Mapped[str] = mapped_column(String(254))
    note: Mapped[str] = mapped_column(String(500), default="")

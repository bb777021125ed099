"""Database tables. No table holds anything about a visitor: only counters and staff data."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Index, Integer, MetaData, String, UniqueConstraint
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
    """How often something happened in one period: never who, never when within the day.

    event is one of start, reach (a node was shown), answer (an option was chosen; the
    period is then the first day of the month) and complete (an outcome was reached).
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


class StaffUser(Base):
    """A staff account; the password is kept only as an argon2 hash."""

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

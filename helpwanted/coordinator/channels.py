"""Advice requests by other channels (phone, chat, e-mail): entered per month by coordinators.

The channels come from the configuration (ADVICE_CHANNELS: id → title per language). Every entry or
change is written to the audit log with who and when, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import current_app
from sqlalchemy import select

from .. import audit
from ..database import db
from ..models import ChannelFigure

DEFAULT_CHANNELS = {
    "phone": {"nl": "Telefoon", "en": "Phone"},
    "chat": {"nl": "Chat", "en": "Chat"},
    "email": {"nl": "E-mail", "en": "E-mail"},
}
MAX_FIGURE = 1_000_000


@dataclass(frozen=True)
class Entered:
    """One month's figure of one channel, and who entered it when."""

    month: date
    channel: str
    count: int
    entered_by: str
    entered_at: datetime


def configured() -> Mapping[str, Mapping[str, str]]:
    """The configured channels, id → language → title."""
    return current_app.config.get("ADVICE_CHANNELS") or DEFAULT_CHANNELS


def for_year(year: int) -> dict[tuple[int, str], Entered]:
    """(month number, channel) → what was entered for that year."""
    query = select(ChannelFigure).where(
        ChannelFigure.month >= date(year, 1, 1), ChannelFigure.month <= date(year, 12, 1)
    )
    return {
        (figure.month.month, figure.channel): Entered(
            figure.month, figure.channel, figure.count, figure.entered_by, figure.entered_at
        )
        for figure in db().scalars(query)
    }


def save(year: int, figures: Mapping[tuple[int, str], int | None], actor: str) -> int:
    """Store the figures that changed (None: leave empty); return how many changed. Audited."""
    known = {(figure.month.month, figure.channel): figure for figure in _figures(year)}
    changed = 0
    for (month, channel), count in sorted(figures.items()):
        if channel not in configured() or not 1 <= month <= 12 or count is None:
            continue
        if not 0 <= count <= MAX_FIGURE:
            raise ValueError(f"{count} is not a number of advice requests")
        figure = known.get((month, channel))
        if figure is not None and figure.count == count:
            continue
        before = "" if figure is None else f" (was {figure.count})"
        if figure is None:
            figure = ChannelFigure(month=date(year, month, 1), channel=channel)
            db().add(figure)
        figure.count, figure.entered_by, figure.entered_at = count, actor, datetime.now(UTC)
        audit.record(actor, "channel-figure", detail=f"{year}-{month:02d} {channel}: {count}{before}")
        changed += 1
    db().commit()
    return changed


def _figures(year: int) -> list[ChannelFigure]:
    query = select(ChannelFigure).where(
        ChannelFigure.month >= date(year, 1, 1), ChannelFigure.month <= date(year, 12, 1)
    )
    return list(db().scalars(query))

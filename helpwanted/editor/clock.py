"""Times on the staff pages as counsellors read them: Dutch time, not the UTC the database keeps."""

from __future__ import annotations

from datetime import UTC, datetime

from ..opening_hours import AMSTERDAM


def local_time(moment: datetime | None) -> str:
    """'2026-11-29 14:59' in Europe/Amsterdam time ('' for no time)."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # SQLite gives the stored UTC time back without its zone
    return moment.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M")

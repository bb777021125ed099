"""Help lines right now: open or closed, fitting the visitor's age, in a calm order. Pure.

No Flask and no system clock: the caller passes the moment, so tests can move time freely.
Never a claim the data cannot support: no hours, or hours the organisation's own page has
not confirmed yet (`unconfirmed`), give UNKNOWN, and the page then says nothing about times.

Order, everywhere the same (WCAG 3.2.6 Consistent Help): urgent lines (112, 113) first; then
lines for the visitor's age before lines for another age group; then lines that are open (or
whose hours are not known) before lines that are closed now. Within a group the file order stays.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from ..contacts import Channel
from ..opening_hours import AMSTERDAM, Schedule


class State(str, Enum):
    """What may be said about a line right now."""

    OPEN = "open"
    CLOSED = "closed"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Status:
    """Open or closed now, and the next closing or opening time (Amsterdam), where known."""

    state: State
    always: bool = False
    closes: datetime | None = None
    opens: datetime | None = None


UNKNOWN = Status(State.UNKNOWN)


def status(schedule: Schedule | None, at: datetime, confirmed: bool = True) -> Status:
    """The status of one schedule at an aware moment; UNKNOWN when the data cannot say."""
    if schedule is None or not confirmed or at.tzinfo is None:
        return UNKNOWN
    local = at.astimezone(AMSTERDAM)
    if schedule.always and local.date() not in schedule.exceptions:
        return Status(State.OPEN, always=True)
    if schedule.is_open(local):
        return Status(State.OPEN, closes=schedule.closes_at(local))
    return Status(State.CLOSED, opens=schedule.next_opening(local))


@dataclass(frozen=True)
class Line:
    """One channel right now: phone and chat status, and whether it is meant for this visitor."""

    channel: Channel
    phone: Status
    chat: Status
    fits: bool

    @property
    def urgent(self) -> bool:
        """112 and 113: always first."""
        return self.channel.urgent

    @property
    def closed(self) -> bool:
        """Closed now on every way to reach it whose hours are known (and at least one is known)."""
        known = [s for s in self.statuses if s.state is not State.UNKNOWN]
        return bool(known) and all(s.state is State.CLOSED for s in known)

    @property
    def statuses(self) -> list[Status]:
        """The status of each way to reach the channel (phone, chat) that it has."""
        return [s for s, there in ((self.phone, self.channel.phone), (self.chat, self.channel.chat)) if there]

    @property
    def same_hours(self) -> bool:
        """Phone and chat say the same: one status line covers both."""
        return len(self.statuses) < 2 or self.phone == self.chat


def line(channel: Channel, at: datetime, adult: bool | None) -> Line:
    """One channel's line at a moment, for a visitor who is adult (True), not (False) or unknown (None)."""
    unconfirmed = channel.unconfirmed
    return Line(
        channel,
        status(channel.hours, at, "hours" not in unconfirmed) if channel.phone else UNKNOWN,
        status(channel.chat_schedule, at, not {"hours", "chat_hours"} & unconfirmed) if channel.chat else UNKNOWN,
        fits=channel.serves(adult),
    )


def arrange(channels: Iterable[Channel], at: datetime, adult: bool | None = None) -> list[Line]:
    """The channels as lines, in the order described at the top."""
    lines = [line(channel, at, adult) for channel in channels]
    return sorted(lines, key=lambda item: (not item.urgent, not item.fits, item.closed))

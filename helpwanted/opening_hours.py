"""Opening hours of a help channel: weekly hours in Dutch time, plus dated exceptions.

Hours are written as the organisation publishes them, in Europe/Amsterdam time, so that
"open now" and "opens at 14:00" are right on both sides of a daylight-saving change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = {
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_PERIOD = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")
_LOOK_AHEAD_DAYS = 14
Period = tuple[time, time | None]
"""From, until; until None means midnight at the end of the day ("24:00")."""


class HoursError(ValueError):
    """The hours in the channels file cannot be read; the message says where and why."""


@dataclass(frozen=True)
class DatedHours:
    """A dated change: closed all day, or other hours (a holiday, for instance)."""

    day: date
    periods: tuple[Period, ...]
    note: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Schedule:
    """When a channel is open. `always` is day and night, every day."""

    always: bool = False
    weekly: Mapping[int, tuple[Period, ...]] = field(default_factory=dict)
    exceptions: Mapping[date, DatedHours] = field(default_factory=dict)

    def periods_on(self, day: date) -> tuple[Period, ...]:
        """The opening periods on a date in Amsterdam; an exception replaces the weekly hours."""
        if day in self.exceptions:
            return self.exceptions[day].periods
        if self.always:
            return ((time(0, 0), None),)
        return self.weekly.get(day.weekday(), ())

    def is_open(self, at: datetime) -> bool:
        """Whether the channel is open at this moment (an aware datetime)."""
        local = at.astimezone(AMSTERDAM)
        return any(_within(local.time(), period) for period in self.periods_on(local.date()))

    def next_opening(self, at: datetime) -> datetime | None:
        """When it opens next after this moment (Amsterdam time), or None within two weeks."""
        local = at.astimezone(AMSTERDAM)
        for offset in range(_LOOK_AHEAD_DAYS + 1):
            day = local.date() + timedelta(days=offset)
            for start, _ in self.periods_on(day):
                opening = datetime.combine(day, start, AMSTERDAM)
                if opening > local:
                    return opening
        return None

    def closes_at(self, at: datetime) -> datetime | None:
        """When the current opening period ends (Amsterdam time); None when closed or never closing."""
        local = at.astimezone(AMSTERDAM)
        if self.always and local.date() not in self.exceptions:
            return None
        for period in self.periods_on(local.date()):
            if _within(local.time(), period):
                end = period[1]
                if end is None:
                    return datetime.combine(local.date() + timedelta(days=1), time(0, 0), AMSTERDAM)
                return datetime.combine(local.date(), end, AMSTERDAM)
        return None

    def describe(self, language: str) -> str:
        """The weekly hours in words, e.g. 'maandag t/m vrijdag 09:00-17:00' or 'dag en nacht'."""
        nl = language == "nl"
        if self.always:
            return "dag en nacht" if nl else "day and night"
        names = _DAY_NAMES["nl" if nl else "en"]
        parts = []
        for first, last, periods in _runs(self.weekly):
            hours = ", ".join(f"{s:%H:%M}-{e:%H:%M}" if e else f"{s:%H:%M}-24:00" for s, e in periods)
            if first == 0 and last == 6:
                days = "elke dag" if nl else "every day"
            elif first == last:
                days = names[first]
            else:
                days = f"{names[first]} {'t/m' if nl else 'to'} {names[last]}"
            parts.append(f"{days} {hours}")
        return "; ".join(parts)


def _runs(weekly: Mapping[int, tuple[Period, ...]]) -> list[tuple[int, int, tuple[Period, ...]]]:
    """Consecutive days with the same hours, as (first day, last day, periods)."""
    runs: list[tuple[int, int, tuple[Period, ...]]] = []
    for day in sorted(weekly):
        if runs and runs[-1][1] == day - 1 and runs[-1][2] == weekly[day]:
            runs[-1] = (runs[-1][0], day, weekly[day])
        else:
            runs.append((day, day, weekly[day]))
    return runs


def _within(moment: time, period: Period) -> bool:
    start, end = period
    return start <= moment and (end is None or moment < end)


def parse_schedule(value: Any, where: str) -> Schedule | None:
    """Read `always`, or a mapping with `weekly` (day: ["HH:MM-HH:MM", …]) and `exceptions`."""
    if value is None:
        return None
    if value == "always":
        return Schedule(always=True)
    if not isinstance(value, dict) or set(value) - {"always", "weekly", "exceptions"}:
        raise HoursError(f"{where}: hours are 'always' or a mapping with 'weekly' and 'exceptions'")
    always = value.get("always", False) is True
    weekly = {} if always else _weekly(value.get("weekly"), where)
    return Schedule(always=always, weekly=weekly, exceptions=_exceptions(value.get("exceptions"), where))


def _weekly(value: Any, where: str) -> dict[int, tuple[Period, ...]]:
    if not isinstance(value, dict) or not value:
        raise HoursError(f"{where}: 'weekly' maps days (mon … sun, or 'daily') to periods")
    weekly: dict[int, tuple[Period, ...]] = {}
    for key, periods in value.items():
        days = range(7) if key == "daily" else [_day_index(key, where)]
        for day in days:
            weekly[day] = _periods(periods, f"{where} {key}")
    return weekly


def _day_index(key: Any, where: str) -> int:
    if key not in DAYS:
        raise HoursError(f"{where}: unknown day {key!r} (use {', '.join(DAYS)} or daily)")
    return DAYS.index(key)


def _periods(value: Any, where: str) -> tuple[Period, ...]:
    if not isinstance(value, list):
        raise HoursError(f"{where}: periods are a list like ['14:00-20:00']")
    periods = []
    for item in value:
        match = _PERIOD.match(str(item))
        if not match:
            raise HoursError(f"{where}: {item!r} is not a period like '14:00-20:00'")
        start = time(int(match[1]), int(match[2]))
        end = None if match[3] == "24" else time(int(match[3]), int(match[4]))
        if (match[3] == "24" and match[4] != "00") or (end is not None and end <= start):
            raise HoursError(f"{where}: {item!r} must end after it starts, on the same day")
        periods.append((start, end))
    return tuple(sorted(periods, key=lambda period: period[0]))


def _exceptions(value: Any, where: str) -> dict[date, DatedHours]:
    if value is None:
        return {}
    if not isinstance(value, list):
        raise HoursError(f"{where}: 'exceptions' is a list of {{date, closed or hours, note}}")
    found = {}
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("date"), date):
            raise HoursError(f"{where}: an exception needs 'date' (YYYY-MM-DD)")
        closed = item.get("closed") is True
        if closed == ("hours" in item):
            raise HoursError(f"{where} {item['date']}: an exception says 'closed: true' or gives 'hours'")
        periods = () if closed else _periods(item["hours"], f"{where} {item['date']}")
        found[item["date"]] = DatedHours(item["date"], periods, dict(item.get("note") or {}))
    return found

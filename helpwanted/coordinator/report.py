"""Queries over the usage counters and the filters that choose them; plain rows, no formatting.

What each event carries is decided in helpwanted/counting.py: starts and completions have a
version and a language, outcomes only a questionnaire, 'helpful', reach and answers a version.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.engine import Connection

from ..models import ChannelFigure, Publication, QuestionnaireVersion, UsageCounter

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


@dataclass(frozen=True)
class MonthRange:
    """Whole months from first to last, both included; None: unbounded."""

    first: date | None = None
    last: date | None = None

    @classmethod
    def parse(cls, first: str | None, last: str | None) -> MonthRange:
        """From 'YYYY-MM' strings; raise ValueError on anything else."""
        months = cls(_month(first) if first else None, _month(last) if last else None)
        if months.first and months.last and months.first > months.last:
            raise ValueError("the first month comes after the last")
        return months

    @classmethod
    def year(cls, year: int) -> MonthRange:
        """January to December of year."""
        return cls(date(year, 1, 1), date(year, 12, 1))

    def where(self, column: Any = UsageCounter.period) -> list[ColumnElement[bool]]:
        """Filters on a month column."""
        clauses = []
        if self.first is not None:
            clauses.append(column >= self.first)
        if self.last is not None:
            clauses.append(column <= self.last)
        return clauses

    def label(self) -> str:
        """'2026-01 – 2026-12', for headings and file names."""
        return f"{_text(self.first) or '…'} – {_text(self.last) or '…'}"


@dataclass(frozen=True)
class Filters:
    """What a coordinator chose: months, and optionally one questionnaire, language and version."""

    months: MonthRange
    questionnaire: str = ""
    language: str = ""
    version: str = ""

    @classmethod
    def parse(cls, args: Any, languages: Sequence[str], default_year: int) -> Filters:
        """From request or CLI arguments; raise ValueError with a readable reason."""
        first, last = args.get("from") or None, args.get("to") or None
        if first or last:
            months = MonthRange.parse(first, last)
        else:
            year = int(args.get("year") or default_year)
            if not 2000 <= year <= 2100:
                raise ValueError(f"{year} is not a year between 2000 and 2100")
            months = MonthRange.year(year)
        questionnaire, language, version = (
            str(args.get(name) or "") for name in ("questionnaire", "language", "version")
        )
        for value in (questionnaire, version):
            if value and not _ID.match(value):
                raise ValueError(f"{value[:70]!r} is not a questionnaire or version id")
        if language and language not in languages:
            raise ValueError(f"{language[:10]!r} is not one of the languages {', '.join(languages)}")
        return cls(months, questionnaire, language, version)

    @property
    def per_outcome(self) -> bool:
        """Outcomes are counted without language and version, so those filters cannot split them."""
        return not (self.language or self.version)

    def where(self, *dimensions: str) -> list[ColumnElement[bool]]:
        """The month range plus each chosen dimension this kind of counter has."""
        clauses = self.months.where()
        for name in dimensions:
            value = getattr(self, name)
            if value:
                clauses.append(getattr(UsageCounter, name) == value)
        return clauses

    def year(self) -> int:
        """The year the dashboard compares (that of the last month shown)."""
        return (self.months.last or self.months.first or date.today()).year


def _month(text: str) -> date:
    match = _MONTH.match(text)
    if not match or not 1 <= int(match[2]) <= 12 or not 2000 <= int(match[1]) <= 2100:
        raise ValueError(f"{text[:20]!r} is not a month like 2026-01")
    return date(int(match[1]), int(match[2]), 1)


def _text(month: date | None) -> str:
    return month.strftime("%Y-%m") if month else ""


def month_of(connection: Connection, column: Any = UsageCounter.period) -> ColumnElement[str]:
    """A month column as 'YYYY-MM' in this database's dialect."""
    if connection.dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def _grouped(
    connection: Connection, event: str, filters: Filters, dims: Sequence[str], columns: Sequence[str]
) -> list[tuple[Any, ...]]:
    keys = [month_of(connection).label("month"), *(getattr(UsageCounter, name) for name in columns)]
    query = (
        select(*keys, func.sum(UsageCounter.count))
        .where(UsageCounter.event == event, *filters.where(*dims))
        .group_by(*keys)
        .order_by(*keys)
    )
    return [(*(str(value) for value in row[:-1]), int(row[-1] or 0)) for row in connection.execute(query)]


def flows(connection: Connection, filters: Filters, event: str) -> list[tuple[Any, ...]]:
    """(month, questionnaire, version, language, n) of 'start' or 'complete'."""
    dims = ("questionnaire", "version", "language")
    return _grouped(connection, event, filters, dims, dims)


def outcomes(connection: Connection, filters: Filters) -> list[tuple[Any, ...]]:
    """(month, questionnaire, outcome, n)."""
    return _grouped(connection, "outcome", filters, ("questionnaire",), ("questionnaire", "node"))


def helpful(connection: Connection, filters: Filters) -> list[tuple[Any, ...]]:
    """(month, questionnaire, version, outcome, 'yes'|'no', n)."""
    dims = ("questionnaire", "version")
    return _grouped(connection, "helpful", filters, dims, (*dims, "node", "option"))


def paths(connection: Connection, filters: Filters, event: str) -> list[tuple[Any, ...]]:
    """(month, questionnaire, version, node, option, n) of 'reach' or 'answer'."""
    dims = ("questionnaire", "version")
    return _grouped(connection, event, filters, dims, (*dims, "node", "option"))


def completions_per_year(connection: Connection) -> dict[int, int]:
    """Advice requests through the module in every year with counters."""
    year = func.substr(month_of(connection), 1, 4)
    query = select(year, func.sum(UsageCounter.count)).where(UsageCounter.event == "complete").group_by(year)
    return {int(y): int(n or 0) for y, n in connection.execute(query)}


def channel_figures(connection: Connection, months: MonthRange | None = None) -> list[tuple[str, str, int]]:
    """(month, channel, n) entered by coordinators."""
    month = month_of(connection, ChannelFigure.month)
    where = months.where(ChannelFigure.month) if months else []
    query = (
        select(month, ChannelFigure.channel, ChannelFigure.count).where(*where).order_by(month, ChannelFigure.channel)
    )
    return [(str(m), str(c), int(n)) for m, c, n in connection.execute(query)]


def versions(connection: Connection, questionnaire: str) -> list[str]:
    """The versions of a questionnaire that have counters, newest activity first."""
    query = (
        select(UsageCounter.version, func.max(UsageCounter.period))
        .where(UsageCounter.questionnaire == questionnaire, UsageCounter.version != "")
        .group_by(UsageCounter.version)
        .order_by(func.max(UsageCounter.period).desc(), UsageCounter.version)
    )
    return [str(version) for version, _ in connection.execute(query)]


@dataclass(frozen=True)
class Recorded:
    """A version the staff area recorded: its number within its questionnaire and when it first went live."""

    number: int  # 1 for the questionnaire's first recorded version, in the order they were stored
    published: datetime | None  # its first publication (None: stored, never published)
    shipped: bool  # the shipped file, recorded when a publication first replaced it


def recorded_versions(connection: Connection) -> dict[tuple[str, str], Recorded]:
    """(questionnaire, version) → Recorded, for every stored version (versions are never deleted, so
    a number, once given, stays the same in every later report)."""
    first = (
        select(Publication.version_id, func.min(Publication.published_at).label("at"))
        .group_by(Publication.version_id)
        .subquery()
    )
    query = (
        select(
            QuestionnaireVersion.questionnaire,
            QuestionnaireVersion.version,
            QuestionnaireVersion.created_by,
            first.c.at,
        )
        .outerjoin(first, first.c.version_id == QuestionnaireVersion.id)
        .order_by(QuestionnaireVersion.questionnaire, QuestionnaireVersion.id)
    )
    found: dict[tuple[str, str], Recorded] = {}
    numbers: dict[str, int] = {}
    for questionnaire, version, created_by, published in connection.execute(query):
        numbers[questionnaire] = numbers.get(questionnaire, 0) + 1
        found[(questionnaire, version)] = Recorded(numbers[questionnaire], published, created_by == "shipped file")
    return found


def counted_questionnaires(connection: Connection) -> list[str]:
    """Every questionnaire with counters."""
    query = select(UsageCounter.questionnaire).distinct().order_by(UsageCounter.questionnaire)
    return [str(q) for q in connection.scalars(query)]


def spreadsheet_safe(text: str) -> str:
    """Text a spreadsheet will not run as a formula (ids and titles come from editable files)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

"""Queries over the usage counters: every figure the dashboard and the CSV show.

Each function takes a connection and a MonthRange and returns plain rows; the views and
the CSV only format them.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.engine import Connection

from ..models import UsageCounter
from ..questionnaire import Tree

CSV_HEADER = ("month", "questionnaire", "outcome", "topic", "urgency", "completions")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


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

    def where(self) -> list[ColumnElement[bool]]:
        """Filters on the counter period."""
        clauses = []
        if self.first is not None:
            clauses.append(UsageCounter.period >= self.first)
        if self.last is not None:
            clauses.append(UsageCounter.period < _next_month(self.last))
        return clauses

    def label(self) -> str:
        """'2026-01 – 2026-12', for headings and file names."""
        return f"{_text(self.first) or '…'} – {_text(self.last) or '…'}"


def _month(text: str) -> date:
    match = _MONTH.match(text)
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValueError(f"{text!r} is not a month like 2026-01")
    return date(int(match[1]), int(match[2]), 1)


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _text(month: date | None) -> str:
    return month.strftime("%Y-%m") if month else ""


def month_of(connection: Connection) -> ColumnElement[str]:
    """The counter period as 'YYYY-MM' in this database's dialect."""
    if connection.dialect.name == "postgresql":
        return func.to_char(UsageCounter.period, "YYYY-MM")
    return func.strftime("%Y-%m", UsageCounter.period)


def totals(
    connection: Connection,
    months: MonthRange,
    event: str,
    *group: str,
    monthly: bool = False,
    questionnaire: str | None = None,
) -> list[Sequence[Any]]:
    """Summed counts of one event, grouped by month (optional) and by the named columns."""
    columns: list[Any] = [month_of(connection).label("month")] if monthly else []
    columns += [getattr(UsageCounter, name) for name in group]
    filters = [UsageCounter.event == event, *months.where()]
    if questionnaire is not None:
        filters.append(UsageCounter.questionnaire == questionnaire)
    query = select(*columns, func.sum(UsageCounter.count)).where(*filters)
    if columns:
        query = query.group_by(*columns).order_by(*columns)
    return [(*row[:-1], int(row[-1] or 0)) for row in connection.execute(query)]


@dataclass(frozen=True)
class Figures:
    """Starts and completions (advice requests) of one group."""

    key: tuple[str, ...]
    starts: int
    completions: int

    @property
    def rate(self) -> float | None:
        """Completions per start, or None without starts."""
        return self.completions / self.starts if self.starts else None


def starts_and_completions(
    connection: Connection, months: MonthRange, *group: str, monthly: bool = False
) -> list[Figures]:
    """Starts and completions side by side, grouped alike (one scan for both)."""
    columns: list[Any] = [month_of(connection).label("month")] if monthly else []
    columns += [getattr(UsageCounter, name) for name in group]
    query = (
        select(UsageCounter.event, *columns, func.sum(UsageCounter.count))
        .where(UsageCounter.event.in_(("start", "complete")), *months.where())
        .group_by(UsageCounter.event, *columns)
    )
    merged: dict[tuple[str, ...], list[int]] = defaultdict(lambda: [0, 0])
    for event, *keys, count in connection.execute(query):
        merged[tuple(str(v) for v in keys)][0 if event == "start" else 1] += int(count or 0)
    return [Figures(key, starts, completions) for key, (starts, completions) in sorted(merged.items())]


def completions_by_month(connection: Connection, months: MonthRange) -> list[Sequence[Any]]:
    """(month, questionnaire, outcome, completions), one row per month × questionnaire × outcome."""
    return totals(connection, months, "complete", "questionnaire", "node", monthly=True)


def completions_by_tag(rows: Iterable[Sequence[Any]], trees: Mapping[str, Tree], tag: str) -> list[tuple[str, int]]:
    """Completions per value of an outcome tag (topic, urgency), from (questionnaire, outcome, n) rows."""
    summed: dict[str, int] = defaultdict(int)
    for questionnaire, outcome, count in rows:
        summed[tag_of(trees, questionnaire, outcome, tag) or "?"] += count
    return sorted(summed.items(), key=lambda item: (-item[1], item[0]))


def tag_of(trees: Mapping[str, Tree], questionnaire: str, outcome: str, tag: str) -> str:
    """An outcome's tag in the live tree, or '' when the outcome no longer exists."""
    tree = trees.get(questionnaire)
    node = tree.nodes.get(outcome) if tree is not None else None
    return node.tags.get(tag, "") if node is not None else ""


def year_over_year(connection: Connection, year: int) -> list[tuple[int, int, int]]:
    """(month number, completions last year, completions this year) for the twelve months."""
    rows = totals(connection, MonthRange(date(year - 1, 1, 1), date(year, 12, 1)), "complete", monthly=True)
    by_month = {str(month): count for month, count in rows}
    return [(m, by_month.get(f"{year - 1}-{m:02d}", 0), by_month.get(f"{year}-{m:02d}", 0)) for m in range(1, 13)]


@dataclass(frozen=True)
class FunnelStep:
    """How many visits reached one node of a questionnaire version."""

    node: str
    reached: int
    share: float | None


def funnel(
    connection: Connection, months: MonthRange, questionnaire: str, version: str, order: Sequence[str]
) -> tuple[int, list[FunnelStep]]:
    """Starts of one version and, per question in tree order, the visits that reached it."""
    filters = [UsageCounter.questionnaire == questionnaire, UsageCounter.version == version, *months.where()]
    query = (
        select(UsageCounter.event, UsageCounter.node, func.sum(UsageCounter.count))
        .where(UsageCounter.event.in_(("start", "reach")), *filters)
        .group_by(UsageCounter.event, UsageCounter.node)
    )
    starts, reached = 0, {}
    for event, node, count in connection.execute(query):
        if event == "start":
            starts += int(count)
        else:
            reached[node] = int(count)
    known = [n for n in order if n in reached] + sorted(n for n in reached if n not in order)
    return starts, [FunnelStep(n, reached[n], reached[n] / starts if starts else None) for n in known]


def versions(connection: Connection, questionnaire: str) -> list[str]:
    """The versions of a questionnaire that have counters, newest activity first."""
    query = (
        select(UsageCounter.version, func.max(UsageCounter.period))
        .where(UsageCounter.questionnaire == questionnaire)
        .group_by(UsageCounter.version)
        .order_by(func.max(UsageCounter.period).desc())
    )
    return [str(version) for version, _ in connection.execute(query)]


def answer_breakdown(
    connection: Connection, months: MonthRange, questionnaire: str, threshold: int
) -> dict[str, list[tuple[str, int | None]]]:
    """Per question, each option's count; counts below threshold come back as None ('< n')."""
    rows = totals(connection, months, "answer", "node", "option", questionnaire=questionnaire)
    breakdown: dict[str, list[tuple[str, int | None]]] = defaultdict(list)
    for node, option, count in rows:
        breakdown[str(node)].append((str(option), count if count >= threshold else None))
    return dict(breakdown)


def spreadsheet_safe(text: str) -> str:
    """Text a spreadsheet will not run as a formula (ids and tags come from editable files)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_csv(out: IO[str], months: MonthRange, connection: Connection, trees: Mapping[str, Tree]) -> None:
    """The contract CSV: month, questionnaire, outcome, topic, urgency, completions."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for month, questionnaire, outcome, completions in completions_by_month(connection, months):
        writer.writerow(
            (
                month,
                spreadsheet_safe(questionnaire),
                spreadsheet_safe(outcome),
                spreadsheet_safe(tag_of(trees, questionnaire, outcome, "topic")),
                spreadsheet_safe(tag_of(trees, questionnaire, outcome, "urgency")),
                completions,
            )
        )

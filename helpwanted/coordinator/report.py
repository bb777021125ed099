"""Queries over the usage counters: every figure the dashboard and the CSV show."""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.engine import Connection

from ..models import UsageCounter

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
        return cls(_month(first) if first else None, _month(last) if last else None)

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
            end = date(self.last.year + self.last.month // 12, self.last.month % 12 + 1, 1)
            clauses.append(UsageCounter.period < end)
        return clauses


def _month(text: str) -> date:
    match = _MONTH.match(text)
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValueError(f"{text!r} is not a month like 2026-01")
    return date(int(match[1]), int(match[2]), 1)


def month_of(connection: Connection) -> ColumnElement[str]:
    """The counter period as 'YYYY-MM' in this database's dialect."""
    if connection.dialect.name == "postgresql":
        return func.to_char(UsageCounter.period, "YYYY-MM")
    return func.strftime("%Y-%m", UsageCounter.period)


def totals(
    connection: Connection, months: MonthRange, event: str, *group: str, monthly: bool = True
) -> list[Sequence[Any]]:
    """Summed counts of one event, grouped by month (optional) and the named columns."""
    columns: list[Any] = [month_of(connection).label("month")] if monthly else []
    columns += [getattr(UsageCounter, name) for name in group]
    query = (
        select(*columns, func.sum(UsageCounter.count))
        .where(UsageCounter.event == event, *months.where())
        .group_by(*columns)
        .order_by(*columns)
    )
    return [tuple(row) for row in connection.execute(query)]


def completions_by_month(connection: Connection, months: MonthRange) -> list[Sequence[Any]]:
    """(month, questionnaire, outcome, completions), one row per month × questionnaire × outcome."""
    return totals(connection, months, "complete", "questionnaire", "node")


def write_csv(out: IO[str], months: MonthRange, connection: Connection | None = None) -> None:
    """The contract CSV; tags come from the questionnaires as they are now."""
    from ..database import engine
    from ..trees import catalog

    trees = catalog().trees
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    with engine().connect() if connection is None else _nullcontext(connection) as conn:
        for month, questionnaire, outcome, completions in completions_by_month(conn, months):
            node = trees[questionnaire].nodes.get(outcome) if questionnaire in trees else None
            tags = node.tags if node is not None else {}
            writer.writerow(
                (month, questionnaire, outcome, tags.get("topic", ""), tags.get("urgency", ""), completions)
            )


class _nullcontext:
    def __init__(self, value: Connection) -> None:
        self.value = value

    def __enter__(self) -> Connection:
        return self.value

    def __exit__(self, *exc: object) -> None:
        return None

"""private counter dimensions; channel figures

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29

Counters move to the dimensions of helpwanted/counting.py (docs/privacy.md): every period
becomes its month; a completion becomes a `complete` row (version, language) plus an `outcome`
row (questionnaire and outcome only); reach and answer rows lose the language. Reach and answer
rows of a month and version with fewer than 5 visits are deleted: written one visit at a time,
they could be read back as one visitor's path and answers. This cannot be undone.

The new table channel_figure holds the advice requests that came in by phone, chat or e-mail.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

SMALL = 5  # the default COUNT_MIX_VISITS: groups below it were never mixed
Key = tuple[date, str, str, str, str, str, str]  # period, questionnaire, version, event, node, option, language


def _month(value: object) -> date:
    day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return day.replace(day=1)


def _convert(rows: list[Any]) -> Counter[Key]:
    converted: Counter[Key] = Counter()
    for period, questionnaire, version, event, node, option, language, count in rows:
        month = _month(period)
        if event == "complete":
            converted[(month, questionnaire, version, "complete", "", "", language)] += count
            converted[(month, questionnaire, "", "outcome", node, "", "")] += count
        elif event in ("reach", "answer"):
            converted[(month, questionnaire, version, event, node, option, "")] += count
        else:
            converted[(month, questionnaire, version, event, node, option, language)] += count
    return converted


def _unmixed_groups(converted: Counter[Key]) -> set[tuple[str, date, str, str]]:
    """(event, month, questionnaire, version) of reach/answer rows that stand for fewer than SMALL visits."""
    visits: dict[tuple[str, date, str, str], int] = defaultdict(int)
    for (month, questionnaire, version, event, _node, _option, _language), count in converted.items():
        if event in ("start", "complete"):
            visits[("reach" if event == "start" else "answer", month, questionnaire, version)] += count
    groups = {(event, month, q, v) for (month, q, v, event, *_), _ in converted.items() if event in ("reach", "answer")}
    return {group for group in groups if visits.get(group, 0) < SMALL}


def upgrade() -> None:
    counter = sa.table(
        "usage_counter",
        *(sa.column(name) for name in ("id", "period", "questionnaire", "version", "event", "node", "option")),
        sa.column("language"),
        sa.column("count"),
    )
    connection = op.get_bind()
    names = ("period", "questionnaire", "version", "event", "node", "option", "language", "count")
    rows = list(connection.execute(sa.select(*(counter.c[name] for name in names))))
    converted = _convert(rows)
    unmixed = _unmixed_groups(converted)
    connection.execute(sa.delete(counter))
    values = [
        dict(zip(names, (*key, count), strict=True))
        for key, count in sorted(converted.items())
        if (key[3], key[0], key[1], key[2]) not in unmixed
    ]
    for start in range(0, len(values), 1000):
        connection.execute(sa.insert(counter), values[start : start + 1000])

    op.create_table(
        "channel_figure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("entered_by", sa.String(length=254), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channel_figure")),
        sa.UniqueConstraint("month", "channel", name=op.f("uq_channel_figure_month")),
    )


def downgrade() -> None:
    # The counters stay in their new, coarser form: days and dropped rows cannot be brought back.
    op.drop_table("channel_figure")

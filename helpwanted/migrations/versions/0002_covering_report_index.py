"""covering index for the report queries

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29

The dashboard and the export read event, period, questionnaire, version, node, language and
count; with all of them in the index both databases answer from the index alone.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

COLUMNS = ["event", "period", "questionnaire", "version", "node", "language", "count"]


def upgrade() -> None:
    op.drop_index("ix_usage_counter_event_period", table_name="usage_counter")
    op.create_index("ix_usage_counter_report", "usage_counter", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_usage_counter_report", table_name="usage_counter")
    op.create_index("ix_usage_counter_event_period", "usage_counter", ["event", "period"])

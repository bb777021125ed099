"""staff session token

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

Every signed-in staff session carries the account's token; sign-out and a password change
replace it, so copies of an old session cookie stop working on the server. Accounts that
exist already get a token at their next sign-in.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_user") as batch:
        batch.add_column(sa.Column("session_token", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("staff_user") as batch:
        batch.drop_column("session_token")

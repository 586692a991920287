"""information requests

Revision ID: ad95a7ca6e8e
Revises: 468123f705e8
Create Date: 2026-11-22 12:36:49.000348
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.db.base

revision: str = "ad95a7ca6e8e"
down_revision: str | None = "468123f705e8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema="followup") as batch_op:
        batch_op.add_column(
            sa.Column(
                "information_requested_at", shared.db.base.UtcDateTime(timezone=True), nullable=True
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("cases", schema="followup") as batch_op:
        batch_op.drop_column("information_requested_at")

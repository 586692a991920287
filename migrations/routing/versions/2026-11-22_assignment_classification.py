"""assignments: classification, the senior-handler flag, the escalation ladder's steps

Revision ID: 00683ad44d82
Revises: 2ed671fef9ad
Create Date: 2026-11-22 11:29:32.403899
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.db.base

revision: str = "00683ad44d82"
down_revision: str | None = "2ed671fef9ad"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("assignments", schema="routing") as batch_op:
        batch_op.add_column(sa.Column("classification", sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column("senior_handler", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        for step in ("warned_at", "urged_at", "supervised_at"):
            batch_op.add_column(
                sa.Column(step, shared.db.base.UtcDateTime(timezone=True), nullable=True)
            )


def downgrade() -> None:
    with op.batch_alter_table("assignments", schema="routing") as batch_op:
        for step in ("supervised_at", "urged_at", "warned_at"):
            batch_op.drop_column(step)
        batch_op.drop_column("senior_handler")
        batch_op.drop_column("classification")

"""rule changes audit

Revision ID: 09323a5641d9
Revises: 800b59f86852
Create Date: 2026-11-22 12:34:51.331798
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.db.base

revision: str = "09323a5641d9"
down_revision: str | None = "800b59f86852"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rule_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("by", sa.String(length=120), nullable=False),
        sa.Column("at", shared.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_changes")),
        schema="routing",
    )
    with op.batch_alter_table("rule_changes", schema="routing") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_routing_rule_changes_rule_id"), ["rule_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("rule_changes", schema="routing") as batch_op:
        batch_op.drop_index(batch_op.f("ix_routing_rule_changes_rule_id"))

    op.drop_table("rule_changes", schema="routing")

"""validity decisions; assignments: classification, senior handler, escalation steps

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
    op.create_table(
        "validity_decisions",
        sa.Column("complaint_id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("signals", sa.JSON(), nullable=False),
        sa.Column("complaint", sa.JSON(), nullable=False),
        sa.Column("referred_to", sa.String(length=200), nullable=True),
        sa.Column("decided_at", shared.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("overturned_by", sa.String(length=120), nullable=True),
        sa.Column("overturned_at", shared.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("overturn_note", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("complaint_id", name=op.f("pk_validity_decisions")),
        schema="routing",
    )
    op.create_index(
        "ix_validity_customer",
        "validity_decisions",
        ["customer_id", "decided_at"],
        schema="routing",
    )
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
    op.drop_index("ix_validity_customer", table_name="validity_decisions", schema="routing")
    op.drop_table("validity_decisions", schema="routing")
    with op.batch_alter_table("assignments", schema="routing") as batch_op:
        for step in ("supervised_at", "urged_at", "warned_at"):
            batch_op.drop_column(step)
        batch_op.drop_column("senior_handler")
        batch_op.drop_column("classification")

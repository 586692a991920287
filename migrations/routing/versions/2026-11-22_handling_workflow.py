"""handling workflow: case state and audit trail

Revision ID: 800b59f86852
Revises: 00683ad44d82
Create Date: 2026-11-22 12:28:38.541545
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.db.base

revision: str = "800b59f86852"
down_revision: str | None = "00683ad44d82"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_steps",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("complaint_id", sa.Uuid(), nullable=False),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("from_state", sa.String(length=20), nullable=False),
        sa.Column("to_state", sa.String(length=20), nullable=False),
        sa.Column("department", sa.String(length=64), nullable=False),
        sa.Column("by", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("at", shared.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_steps")),
        schema="routing",
    )
    with op.batch_alter_table("case_steps", schema="routing") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_routing_case_steps_complaint_id"), ["complaint_id"], unique=False
        )

    with op.batch_alter_table("assignments", schema="routing") as batch_op:
        batch_op.add_column(
            sa.Column("state", sa.String(length=20), server_default="assigned", nullable=False)
        )
        batch_op.add_column(sa.Column("handler", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("returns", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(
            sa.Column("arbitrated", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("investigation", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("proposal", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("extension", sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column("resolved_at", shared.db.base.UtcDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("assignments", schema="routing") as batch_op:
        batch_op.drop_column("resolved_at")
        batch_op.drop_column("extension")
        batch_op.drop_column("proposal")
        batch_op.drop_column("investigation")
        batch_op.drop_column("arbitrated")
        batch_op.drop_column("returns")
        batch_op.drop_column("handler")
        batch_op.drop_column("state")

    with op.batch_alter_table("case_steps", schema="routing") as batch_op:
        batch_op.drop_index(batch_op.f("ix_routing_case_steps_complaint_id"))

    op.drop_table("case_steps", schema="routing")

"""classifier: case text, dispatch history, model activations

Revision ID: 2ed671fef9ad
Revises: 3a33a9deeb04
Create Date: 2026-11-22 11:21:52.448255
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.db.base

revision: str = "2ed671fef9ad"
down_revision: str | None = "3a33a9deeb04"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "assignment_history",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("complaint_id", sa.Uuid(), nullable=False),
        sa.Column("from_department", sa.String(length=64), nullable=False),
        sa.Column("to_department", sa.String(length=64), nullable=False),
        sa.Column("by", sa.String(length=120), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("at", shared.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment_history")),
        schema="routing",
    )
    with op.batch_alter_table("assignment_history", schema="routing") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_routing_assignment_history_complaint_id"), ["complaint_id"], unique=False
        )

    op.create_table(
        "model_activations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("path", sa.String(length=1000), nullable=False),
        sa.Column("labels", sa.JSON(), nullable=False),
        sa.Column("activated_by", sa.String(length=120), nullable=False),
        sa.Column("activated_at", shared.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_model_activations")),
        schema="routing",
    )
    with op.batch_alter_table("assignments", schema="routing") as batch_op:
        batch_op.add_column(sa.Column("text", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("assignments", schema="routing") as batch_op:
        batch_op.drop_column("text")

    op.drop_table("model_activations", schema="routing")
    with op.batch_alter_table("assignment_history", schema="routing") as batch_op:
        batch_op.drop_index(batch_op.f("ix_routing_assignment_history_complaint_id"))

    op.drop_table("assignment_history", schema="routing")

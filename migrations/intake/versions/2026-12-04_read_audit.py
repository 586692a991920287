"""read audit: who opened which customer's data

Revision ID: ad059e01b19c
Revises: 54178e7d3592
Create Date: 2026-12-04 18:00:14.620812
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.db.base

revision: str = "ad059e01b19c"
down_revision: str | None = "54178e7d3592"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "read_audit",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("at", shared.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("reader", sa.String(length=200), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=True),
        sa.Column("what", sa.String(length=20), nullable=False),
        sa.Column("complaint_id", sa.Uuid(), nullable=True),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("item", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_read_audit")),
        schema="intake",
    )
    with op.batch_alter_table("read_audit", schema="intake") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_intake_read_audit_complaint_id"), ["complaint_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_intake_read_audit_customer_id"), ["customer_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("read_audit", schema="intake") as batch_op:
        batch_op.drop_index(batch_op.f("ix_intake_read_audit_customer_id"))
        batch_op.drop_index(batch_op.f("ix_intake_read_audit_complaint_id"))

    op.drop_table("read_audit", schema="intake")

"""alert deliveries: each new alert to each configured webhook and e-mail address, until sent

Revision ID: a5fdee006e3a
Revises: f92e2c2eb375
Create Date: 2026-12-05 20:01:15.669019
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.db.base

revision: str = "a5fdee006e3a"
down_revision: str | None = "f92e2c2eb375"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "alert_deliveries",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("alert_id", sa.Uuid(), nullable=False),
        sa.Column("target", sa.String(length=400), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_at", shared.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("sent_at", shared.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_deliveries")),
        sa.UniqueConstraint("alert_id", "target", name=op.f("uq_alert_deliveries_alert_id_target")),
        schema="insights",
    )
    with op.batch_alter_table("alert_deliveries", schema="insights") as batch_op:
        batch_op.create_index("ix_alert_deliveries_due", ["status", "next_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("alert_deliveries", schema="insights") as batch_op:
        batch_op.drop_index("ix_alert_deliveries_due")

    op.drop_table("alert_deliveries", schema="insights")

"""alerts and complaint words: early warnings, and each complaint's words as their evidence

Revision ID: f92e2c2eb375
Revises: 7f3e124b833d
Create Date: 2026-12-05 19:44:39.318498
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.db.base
from shared.outbox.triggers import create_notify_trigger, drop_notify_trigger

revision: str = "f92e2c2eb375"
down_revision: str | None = "7f3e124b833d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "alerts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("series", sa.String(length=300), nullable=False),
        sa.Column("dimensions", sa.JSON(), nullable=False),
        sa.Column("department", sa.String(length=64), nullable=True),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("observed", sa.Integer(), nullable=False),
        sa.Column("expected", sa.Float(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("top_terms", sa.JSON(), nullable=False),
        sa.Column("examples", sa.JSON(), nullable=False),
        sa.Column("detected_at", shared.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", shared.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
        sa.UniqueConstraint("series", "first_day", name=op.f("uq_alerts_series_first_day")),
        schema="insights",
    )
    with op.batch_alter_table("alerts", schema="insights") as batch_op:
        batch_op.create_index("ix_alerts_last_day", ["last_day"], unique=False)

    with op.batch_alter_table("complaint_facts", schema="insights") as batch_op:
        batch_op.add_column(sa.Column("text", sa.Text(), nullable=True))
    create_notify_trigger("insights")  # the relay publishes the alerts


def downgrade() -> None:
    drop_notify_trigger("insights")
    with op.batch_alter_table("complaint_facts", schema="insights") as batch_op:
        batch_op.drop_column("text")

    with op.batch_alter_table("alerts", schema="insights") as batch_op:
        batch_op.drop_index("ix_alerts_last_day")

    op.drop_table("alerts", schema="insights")

"""Customers' contact windows and invalid phones; surveys awaiting a reply.

Revision ID: febcde5396b1
Revises: 02249621e012
Create Date: 2026-11-22 13:05:29.346802
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.db.base

revision: str = "febcde5396b1"
down_revision: str | None = "02249621e012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("complaints", schema="intake") as batch_op:
        batch_op.add_column(sa.Column("survey_callback_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("survey_channel", sa.String(length=8), nullable=True))
        batch_op.add_column(
            sa.Column("survey_until", shared.db.base.UtcDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("survey_reply_ref", sa.String(length=200), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_complaints_survey_reply_ref"), ["survey_reply_ref"]
        )

    with op.batch_alter_table("customers", schema="intake") as batch_op:
        batch_op.add_column(sa.Column("do_not_disturb", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("preferred_hours", sa.String(length=100), nullable=True))
        batch_op.add_column(
            sa.Column("phone_invalid_at", shared.db.base.UtcDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("customers", schema="intake") as batch_op:
        batch_op.drop_column("phone_invalid_at")
        batch_op.drop_column("preferred_hours")
        batch_op.drop_column("do_not_disturb")

    with op.batch_alter_table("complaints", schema="intake") as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_complaints_survey_reply_ref"), type_="unique")
        batch_op.drop_column("survey_reply_ref")
        batch_op.drop_column("survey_until")
        batch_op.drop_column("survey_channel")
        batch_op.drop_column("survey_callback_id")

"""Contact plans: callback attempts and outcomes, outgoing messages, contact windows.

Revision ID: f932db1c29f3
Revises: ad95a7ca6e8e
Create Date: 2026-11-22 13:05:30.045592
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.db.base

revision: str = "f932db1c29f3"
down_revision: str | None = "ad95a7ca6e8e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("callback_id", sa.Uuid(), nullable=False),
        sa.Column("attempt", sa.SmallInteger(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("by", sa.String(length=64), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("at", shared.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attempts")),
        schema="followup",
    )
    with op.batch_alter_table("attempts", schema="followup") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_followup_attempts_callback_id"), ["callback_id"], unique=False
        )

    op.create_table(
        "messages",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("callback_id", sa.Uuid(), nullable=False),
        sa.Column("attempt", sa.SmallInteger(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("tries", sa.SmallInteger(), nullable=False),
        sa.Column("next_try_at", shared.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("provider_id", sa.String(length=128), nullable=True),
        sa.Column("error", sa.String(length=300), nullable=True),
        sa.Column("created_at", shared.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", shared.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("delivered_at", shared.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages")),
        sa.UniqueConstraint("callback_id", "attempt", name=op.f("uq_messages_callback_id_attempt")),
        schema="followup",
    )
    with op.batch_alter_table("messages", schema="followup") as batch_op:
        batch_op.create_index("ix_messages_pending", ["status", "next_try_at"], unique=False)

    with op.batch_alter_table("callbacks", schema="followup") as batch_op:
        batch_op.add_column(sa.Column("reference", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("department", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("occasion", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("attempts", sa.SmallInteger(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("calls", sa.SmallInteger(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("claimed_by", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("lease_until", shared.db.base.UtcDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "awaiting_reply_until", shared.db.base.UtcDateTime(timezone=True), nullable=True
            )
        )
        batch_op.add_column(sa.Column("outcome", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("score", sa.SmallInteger(), nullable=True))
        batch_op.add_column(sa.Column("resolved", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("comment", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("completed_at", shared.db.base.UtcDateTime(timezone=True), nullable=True)
        )
        batch_op.drop_constraint(batch_op.f("uq_callbacks_complaint_id_purpose"), type_="unique")
        batch_op.create_index("ix_callbacks_completed", ["completed_at"], unique=False)
        batch_op.create_unique_constraint(
            batch_op.f("uq_callbacks_complaint_id_purpose_occasion"),
            ["complaint_id", "purpose", "occasion"],
        )

    with op.batch_alter_table("cases", schema="followup") as batch_op:
        batch_op.add_column(sa.Column("do_not_disturb", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("preferred_hours", sa.String(length=100), nullable=True))
        batch_op.add_column(
            sa.Column("phone_invalid", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("resolution_due", shared.db.base.UtcDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("resolved_at", shared.db.base.UtcDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("resolution", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("withdrawn_at", shared.db.base.UtcDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("cases", schema="followup") as batch_op:
        batch_op.drop_column("withdrawn_at")
        batch_op.drop_column("resolution")
        batch_op.drop_column("resolved_at")
        batch_op.drop_column("resolution_due")
        batch_op.drop_column("phone_invalid")
        batch_op.drop_column("preferred_hours")
        batch_op.drop_column("do_not_disturb")

    with op.batch_alter_table("callbacks", schema="followup") as batch_op:
        batch_op.drop_constraint(
            batch_op.f("uq_callbacks_complaint_id_purpose_occasion"), type_="unique"
        )
        batch_op.drop_index("ix_callbacks_completed")
        batch_op.create_unique_constraint(
            batch_op.f("uq_callbacks_complaint_id_purpose"), ["complaint_id", "purpose"]
        )
        batch_op.drop_column("completed_at")
        batch_op.drop_column("comment")
        batch_op.drop_column("resolved")
        batch_op.drop_column("score")
        batch_op.drop_column("outcome")
        batch_op.drop_column("awaiting_reply_until")
        batch_op.drop_column("lease_until")
        batch_op.drop_column("claimed_by")
        batch_op.drop_column("calls")
        batch_op.drop_column("attempts")
        batch_op.drop_column("occasion")
        batch_op.drop_column("department")
        batch_op.drop_column("reference")

    with op.batch_alter_table("messages", schema="followup") as batch_op:
        batch_op.drop_index("ix_messages_pending")

    op.drop_table("messages", schema="followup")
    with op.batch_alter_table("attempts", schema="followup") as batch_op:
        batch_op.drop_index(batch_op.f("ix_followup_attempts_callback_id"))

    op.drop_table("attempts", schema="followup")

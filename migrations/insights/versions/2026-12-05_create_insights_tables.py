"""create insights tables: the read model of complaints, and the plumbing every service has

Revision ID: 7f3e124b833d
Revises:
Create Date: 2026-12-05 19:27:51.860911
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.db.base

revision: str = "7f3e124b833d"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "complaint_facts",
        sa.Column("complaint_id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("segment", sa.String(length=40), nullable=True),
        sa.Column("repeat", sa.Boolean(), nullable=True),
        sa.Column("department", sa.String(length=64), nullable=True),
        sa.Column("priority", sa.String(length=4), nullable=True),
        sa.Column("cause", sa.String(length=64), nullable=True),
        sa.Column("motive", sa.String(length=64), nullable=True),
        sa.Column("risk_flags", sa.String(length=500), nullable=True),
        sa.Column("root_cause", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=True),
        sa.Column("registered_at", shared.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("routed_at", shared.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("first_contact_at", shared.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("first_response_due", shared.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("resolution_due", shared.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("promised_by", shared.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("resolved_at", shared.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", shared.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("reopened_at", shared.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("returns", sa.Integer(), nullable=False),
        sa.Column("reopens", sa.Integer(), nullable=False),
        sa.Column("escalations", sa.Integer(), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=True),
        sa.Column("department_at", shared.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("status_at", shared.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("complaint_id", name=op.f("pk_complaint_facts")),
        schema="insights",
    )
    with op.batch_alter_table("complaint_facts", schema="insights") as batch_op:
        batch_op.create_index(
            "ix_complaint_facts_department_registered_at",
            ["department", "registered_at"],
            unique=False,
        )
        batch_op.create_index("ix_complaint_facts_registered_at", ["registered_at"], unique=False)

    op.create_table(
        "dead_letters",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("consumer", sa.String(length=80), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("topic", sa.String(length=120), nullable=False),
        sa.Column("partition", sa.Integer(), nullable=False),
        sa.Column("offset", sa.BigInteger(), nullable=False),
        sa.Column("key", sa.LargeBinary(), nullable=True),
        sa.Column("value", sa.LargeBinary(), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("at", shared.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("replay_requested_at", shared.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("replayed_at", shared.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dead_letters")),
        schema="insights",
    )
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.String(length=80), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("event_type", sa.String(length=80), nullable=False),
        sa.Column("processed_at", shared.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "event_id", name=op.f("pk_inbox")),
        schema="insights",
    )
    op.create_table(
        "outbox",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("event_type", sa.String(length=80), nullable=False),
        sa.Column("topic", sa.String(length=120), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", shared.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("published_at", shared.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("event_id", name=op.f("uq_outbox_event_id")),
        schema="insights",
    )
    with op.batch_alter_table("outbox", schema="insights") as batch_op:
        batch_op.create_index("ix_outbox_published_at", ["published_at"], unique=False)
        batch_op.create_index(
            "ix_outbox_unpublished",
            ["id"],
            unique=False,
            postgresql_where=sa.text("published_at IS NULL"),
            sqlite_where=sa.text("published_at IS NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema="insights") as batch_op:
        batch_op.drop_index(
            "ix_outbox_unpublished",
            postgresql_where=sa.text("published_at IS NULL"),
            sqlite_where=sa.text("published_at IS NULL"),
        )
        batch_op.drop_index("ix_outbox_published_at")

    op.drop_table("outbox", schema="insights")
    op.drop_table("inbox", schema="insights")
    op.drop_table("dead_letters", schema="insights")
    with op.batch_alter_table("complaint_facts", schema="insights") as batch_op:
        batch_op.drop_index("ix_complaint_facts_registered_at")
        batch_op.drop_index("ix_complaint_facts_department_registered_at")

    op.drop_table("complaint_facts", schema="insights")

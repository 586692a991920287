"""create intake tables

Revision ID: 02249621e012
Revises:
Create Date: 2026-11-22 10:40:55.677886
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.db.base

revision: str = "02249621e012"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # PostgreSQL numbers complaints from a sequence; SQLite, which has none, from a counter row.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(sa.schema.CreateSequence(sa.Sequence("complaint_number_seq", schema="intake")))
    counters = op.create_table(
        "counters",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_counters")),
        schema="intake",
    )
    op.create_table(
        "customers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("postal_address", sa.String(length=500), nullable=True),
        sa.Column("preferred_channel", sa.String(length=16), nullable=True),
        sa.Column("segment", sa.String(length=40), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("complaint_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", shared.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", shared.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers")),
        sa.UniqueConstraint("email", name=op.f("uq_customers_email")),
        sa.UniqueConstraint("phone", name=op.f("uq_customers_phone")),
        schema="intake",
    )
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.String(length=80), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("event_type", sa.String(length=80), nullable=False),
        sa.Column("processed_at", shared.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "event_id", name=op.f("pk_inbox")),
        schema="intake",
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
        schema="intake",
    )
    with op.batch_alter_table("outbox", schema="intake") as batch_op:
        batch_op.create_index("ix_outbox_published_at", ["published_at"], unique=False)
        batch_op.create_index(
            "ix_outbox_unpublished",
            ["id"],
            unique=False,
            postgresql_where=sa.text("published_at IS NULL"),
            sqlite_where=sa.text("published_at IS NULL"),
        )

    op.create_table(
        "timeline",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("complaint_id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=True),
        sa.Column("type", sa.String(length=80), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("at", shared.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timeline")),
        sa.UniqueConstraint("event_id", name=op.f("uq_timeline_event_id")),
        schema="intake",
    )
    with op.batch_alter_table("timeline", schema="intake") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_intake_timeline_complaint_id"), ["complaint_id"], unique=False
        )

    op.create_table(
        "complaints",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("external_ref", sa.String(length=200), nullable=True),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("received_at", shared.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("registered_at", shared.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("first_response_due", shared.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("repeat_count", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=True),
        sa.Column("request_hash", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("status_at", shared.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("department", sa.String(length=64), nullable=True),
        sa.Column("priority", sa.String(length=4), nullable=True),
        sa.Column("resolution_due", shared.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["intake.customers.id"],
            name=op.f("fk_complaints_customer_id_customers"),
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_complaints")),
        sa.UniqueConstraint(
            "channel", "external_ref", name=op.f("uq_complaints_channel_external_ref")
        ),
        sa.UniqueConstraint("id", name=op.f("uq_complaints_id")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_complaints_idempotency_key")),
        sa.UniqueConstraint("reference", name=op.f("uq_complaints_reference")),
        schema="intake",
    )
    with op.batch_alter_table("complaints", schema="intake") as batch_op:
        batch_op.create_index("ix_complaints_registered", ["registered_at", "seq"], unique=False)
        batch_op.create_index("ix_complaints_status", ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_intake_complaints_customer_id"), ["customer_id"], unique=False
        )

    op.bulk_insert(counters, [{"name": "complaint_number", "value": 0}])


def downgrade() -> None:
    with op.batch_alter_table("complaints", schema="intake") as batch_op:
        batch_op.drop_index(batch_op.f("ix_intake_complaints_customer_id"))
        batch_op.drop_index("ix_complaints_status")
        batch_op.drop_index("ix_complaints_registered")

    op.drop_table("complaints", schema="intake")
    with op.batch_alter_table("timeline", schema="intake") as batch_op:
        batch_op.drop_index(batch_op.f("ix_intake_timeline_complaint_id"))

    op.drop_table("timeline", schema="intake")
    with op.batch_alter_table("outbox", schema="intake") as batch_op:
        batch_op.drop_index(
            "ix_outbox_unpublished",
            postgresql_where=sa.text("published_at IS NULL"),
            sqlite_where=sa.text("published_at IS NULL"),
        )
        batch_op.drop_index("ix_outbox_published_at")

    op.drop_table("outbox", schema="intake")
    op.drop_table("inbox", schema="intake")
    op.drop_table("customers", schema="intake")
    op.drop_table("counters", schema="intake")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(sa.schema.DropSequence(sa.Sequence("complaint_number_seq", schema="intake")))

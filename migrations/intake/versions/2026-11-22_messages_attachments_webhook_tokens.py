"""messages attachments webhook tokens: each complaint's messages (backfilled with the
statement it was registered from), attachment files, and Mailgun's single-use tokens

Revision ID: 54178e7d3592
Revises: febcde5396b1
Create Date: 2026-11-22 13:58:32.428946
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.db.base

revision: str = "54178e7d3592"
down_revision: str | None = "febcde5396b1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "webhook_tokens",
        sa.Column("token", sa.String(length=128), nullable=False),
        sa.Column("seen_at", shared.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_webhook_tokens")),
        schema="intake",
    )
    with op.batch_alter_table("webhook_tokens", schema="intake") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_intake_webhook_tokens_seen_at"), ["seen_at"], unique=False
        )

    op.create_table(
        "messages",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("complaint_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("gateway", sa.String(length=64), nullable=True),
        sa.Column("external_id", sa.String(length=250), nullable=True),
        sa.Column("sender", sa.String(length=320), nullable=True),
        sa.Column("subject", sa.String(length=500), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("received_at", shared.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["intake.complaints.id"],
            name=op.f("fk_messages_complaint_id_complaints"),
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_messages")),
        sa.UniqueConstraint("id", name=op.f("uq_messages_id")),
        sa.UniqueConstraint("channel", "external_id", name=op.f("uq_messages_channel_external_id")),
        schema="intake",
    )
    with op.batch_alter_table("messages", schema="intake") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_intake_messages_complaint_id"), ["complaint_id"], unique=False
        )

    op.create_table(
        "attachments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("complaint_id", sa.Uuid(), nullable=False),
        sa.Column("message_id", sa.Uuid(), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=120), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("storage_key", sa.String(length=300), nullable=False),
        sa.Column("created_at", shared.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["intake.complaints.id"],
            name=op.f("fk_attachments_complaint_id_complaints"),
        ),
        sa.ForeignKeyConstraint(
            ["message_id"], ["intake.messages.id"], name=op.f("fk_attachments_message_id_messages")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
        schema="intake",
    )
    with op.batch_alter_table("attachments", schema="intake") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_intake_attachments_complaint_id"), ["complaint_id"], unique=False
        )

    _backfill_messages()


def _backfill_messages() -> None:
    """Every complaint so far has one message: the statement it was registered from."""
    complaints = sa.table(
        "complaints",
        sa.column("seq", sa.BigInteger()),
        sa.column("id", sa.Uuid()),
        sa.column("channel", sa.String()),
        sa.column("external_ref", sa.String()),
        sa.column("text", sa.Text()),
        sa.column("received_at", shared.db.base.UtcDateTime()),
        schema="intake",
    )
    messages = sa.table(
        "messages",
        sa.column("id", sa.Uuid()),
        sa.column("complaint_id", sa.Uuid()),
        sa.column("kind", sa.String()),
        sa.column("channel", sa.String()),
        sa.column("external_id", sa.String()),
        sa.column("text", sa.Text()),
        sa.column("received_at", shared.db.base.UtcDateTime()),
        schema="intake",
    )
    bind = op.get_bind()
    rows = bind.execute(sa.select(complaints).order_by(complaints.c.seq)).all()
    for start in range(0, len(rows), 1000):
        bind.execute(
            sa.insert(messages),
            [
                {
                    "id": uuid.uuid4(),
                    "complaint_id": r.id,
                    "kind": "complaint",
                    "channel": r.channel,
                    "external_id": r.external_ref,
                    "text": r.text,
                    "received_at": r.received_at,
                }
                for r in rows[start : start + 1000]
            ],
        )


def downgrade() -> None:
    with op.batch_alter_table("attachments", schema="intake") as batch_op:
        batch_op.drop_index(batch_op.f("ix_intake_attachments_complaint_id"))

    op.drop_table("attachments", schema="intake")
    with op.batch_alter_table("messages", schema="intake") as batch_op:
        batch_op.drop_index(batch_op.f("ix_intake_messages_complaint_id"))

    op.drop_table("messages", schema="intake")
    with op.batch_alter_table("webhook_tokens", schema="intake") as batch_op:
        batch_op.drop_index(batch_op.f("ix_intake_webhook_tokens_seen_at"))

    op.drop_table("webhook_tokens", schema="intake")

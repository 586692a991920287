"""Follow-up's tables, in the `followup` schema."""

from sqlalchemy import Boolean, Column, Index, String, Table, UniqueConstraint, Uuid

from shared.db.base import UtcDateTime, make_metadata
from shared.outbox.tables import inbox_table, outbox_table

SCHEMA = "followup"
metadata = make_metadata(SCHEMA)

cases = Table(
    "cases",
    metadata,
    Column("complaint_id", Uuid, primary_key=True),
    Column("reference", String(32), nullable=True),
    Column("customer_name", String(200), nullable=True),
    Column("phone", String(32), nullable=True),
    Column("email", String(320), nullable=True),
    Column("postal_address", String(500), nullable=True),
    Column("preferred_channel", String(16), nullable=True),
    Column("timezone", String(64), nullable=True),
    Column("language", String(8), nullable=True),
    Column("registered", Boolean, nullable=False),
    Column("department", String(64), nullable=True),
    Column("priority", String(4), nullable=True),
    Column("first_response_due", UtcDateTime, nullable=True),
    Column("routed_at", UtcDateTime, nullable=True),
    Column("rejection", String(40), nullable=True),
    Column("information_requested_at", UtcDateTime, nullable=True),
)

callbacks = Table(
    "callbacks",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("complaint_id", Uuid, nullable=False),
    Column("purpose", String(32), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("scheduled_for", UtcDateTime, nullable=False),
    Column("deadline", UtcDateTime, nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("within_deadline", Boolean, nullable=False),
    Column("reason", String(200), nullable=True),
    Column("priority", String(4), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("complaint_id", "purpose"),
)
Index("ix_callbacks_due", callbacks.c.status, callbacks.c.scheduled_for)

outbox = outbox_table(metadata)
inbox = inbox_table(metadata)

"""Follow-up's tables, in the `followup` schema."""

from sqlalchemy import (
    Boolean,
    Column,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)

from shared.db.base import UtcDateTime, make_metadata
from shared.outbox.tables import dead_letters_table, inbox_table, outbox_table

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
    Column("do_not_disturb", String(100), nullable=True),
    Column("preferred_hours", String(100), nullable=True),
    Column("phone_invalid", Boolean, nullable=False),
    Column("registered", Boolean, nullable=False),
    Column("department", String(64), nullable=True),
    Column("priority", String(4), nullable=True),
    Column("first_response_due", UtcDateTime, nullable=True),
    Column("resolution_due", UtcDateTime, nullable=True),
    Column("routed_at", UtcDateTime, nullable=True),
    Column("rejection", String(40), nullable=True),
    Column("information_requested_at", UtcDateTime, nullable=True),
    Column("resolved_at", UtcDateTime, nullable=True),
    Column("resolution", Text, nullable=True),
    Column("withdrawn_at", UtcDateTime, nullable=True),
)

callbacks = Table(
    "callbacks",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("complaint_id", Uuid, nullable=False),
    Column("reference", String(32), nullable=True),
    Column("department", String(64), nullable=True),
    Column("purpose", String(32), nullable=False),
    Column("occasion", String(64), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("scheduled_for", UtcDateTime, nullable=False),
    Column("deadline", UtcDateTime, nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("within_deadline", Boolean, nullable=False),
    Column("reason", String(200), nullable=True),
    Column("priority", String(4), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("attempts", SmallInteger, nullable=False),
    Column("calls", SmallInteger, nullable=False),
    Column("claimed_by", String(64), nullable=True),
    Column("lease_until", UtcDateTime, nullable=True),
    Column("awaiting_reply_until", UtcDateTime, nullable=True),
    Column("outcome", String(16), nullable=True),
    Column("score", SmallInteger, nullable=True),
    Column("resolved", Boolean, nullable=True),
    Column("comment", Text, nullable=True),
    Column("completed_at", UtcDateTime, nullable=True),
    UniqueConstraint("complaint_id", "purpose", "occasion"),
)
Index("ix_callbacks_due", callbacks.c.status, callbacks.c.scheduled_for)
Index("ix_callbacks_completed", callbacks.c.completed_at)
Index("ix_callbacks_purpose_created", callbacks.c.purpose, callbacks.c.created_at)  # figures

# Every try on a callback: who, how, what came of it (the agent's notes included).
attempts = Table(
    "attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("callback_id", Uuid, nullable=False, index=True),
    Column("attempt", SmallInteger, nullable=False),
    Column("channel", String(16), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("by", String(64), nullable=True),
    Column("notes", Text, nullable=True),
    Column("at", UtcDateTime, nullable=False),
)

# One message per written attempt: its id is the gateway's idempotency key, so a retry after a
# timeout can never send a second one.
messages = Table(
    "messages",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("callback_id", Uuid, nullable=False),
    Column("attempt", SmallInteger, nullable=False),
    Column("channel", String(16), nullable=False),
    Column("recipient", String(320), nullable=False),
    Column("subject", String(300), nullable=True),
    Column("body", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("tries", SmallInteger, nullable=False),
    Column("next_try_at", UtcDateTime, nullable=False),
    Column("provider_id", String(128), nullable=True),
    Column("error", String(300), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("sent_at", UtcDateTime, nullable=True),
    Column("delivered_at", UtcDateTime, nullable=True),
    UniqueConstraint("callback_id", "attempt"),
)
Index("ix_messages_pending", messages.c.status, messages.c.next_try_at)

outbox = outbox_table(metadata)
dead_letters = dead_letters_table(metadata)
inbox = inbox_table(metadata)

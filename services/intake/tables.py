"""Intake's tables, in the `intake` schema."""

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    ForeignKey,
    Index,
    Integer,
    Sequence,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)

from shared.db.base import BigIntId, UtcDateTime, make_metadata
from shared.outbox.tables import dead_letters_table, inbox_table, outbox_table

SCHEMA = "intake"
metadata = make_metadata(SCHEMA)

# PostgreSQL numbers complaints from a sequence (no hot row); SQLite from a counter row.
complaint_number_seq = Sequence("complaint_number_seq", metadata=metadata)

counters = Table(
    "counters",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

customers = Table(
    "customers",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("phone", String(32), nullable=True, unique=True),
    Column("email", String(320), nullable=True, unique=True),
    Column("postal_address", String(500), nullable=True),
    Column("preferred_channel", String(16), nullable=True),
    Column("segment", String(40), nullable=True),
    Column("timezone", String(64), nullable=True),
    Column("do_not_disturb", String(100), nullable=True),
    Column("preferred_hours", String(100), nullable=True),
    Column("phone_invalid_at", UtcDateTime, nullable=True),  # reported wrong by follow-up
    Column("complaint_count", Integer, nullable=False, server_default="0"),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

complaints = Table(
    "complaints",
    metadata,
    Column("seq", BigIntId, primary_key=True, autoincrement=True),
    Column("id", Uuid, nullable=False, unique=True),
    Column("reference", String(32), nullable=False, unique=True),
    Column("channel", String(16), nullable=False),
    Column("external_ref", String(200), nullable=True),
    Column("customer_id", Uuid, ForeignKey("customers.id"), nullable=False, index=True),
    Column("text", Text, nullable=False),
    Column("details", JSON, nullable=False),
    Column("category", String(64), nullable=True),
    Column("language", String(8), nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
    Column("registered_at", UtcDateTime, nullable=False),
    Column("first_response_due", UtcDateTime, nullable=False),
    Column("repeat_count", Integer, nullable=False),
    Column("idempotency_key", String(200), nullable=True, unique=True),
    Column("request_hash", String(64), nullable=True),
    Column("status", String(32), nullable=False),
    Column("status_at", UtcDateTime, nullable=False),
    Column("department", String(64), nullable=True),
    Column("priority", String(4), nullable=True),
    Column("resolution_due", UtcDateTime, nullable=True),
    # A survey sent by SMS or e-mail, waiting for the customer's answer.
    Column("survey_callback_id", Uuid, nullable=True),
    Column("survey_channel", String(8), nullable=True),
    Column("survey_until", UtcDateTime, nullable=True),
    Column("survey_reply_ref", String(200), nullable=True, unique=True),
    UniqueConstraint("channel", "external_ref"),
)
Index("ix_complaints_registered", complaints.c.registered_at, complaints.c.seq)
Index("ix_complaints_status", complaints.c.status)

timeline = Table(
    "timeline",
    metadata,
    Column("id", BigIntId, primary_key=True, autoincrement=True),
    Column("complaint_id", Uuid, nullable=False, index=True),
    Column("event_id", Uuid, nullable=True, unique=True),  # null for intake's own entries
    Column("type", String(80), nullable=False),
    Column("source", String(40), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("data", JSON, nullable=False),
)

# What the customer said, message by message: the registration, replies threaded in, additions.
messages = Table(
    "messages",
    metadata,
    Column("seq", BigIntId, primary_key=True, autoincrement=True),  # the order they came in
    Column("id", Uuid, nullable=False, unique=True),
    Column("complaint_id", Uuid, ForeignKey("complaints.id"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),  # complaint, reply, information
    Column("channel", String(16), nullable=False),
    Column("gateway", String(64), nullable=True),  # the integration that pushed it
    Column("external_id", String(250), nullable=True),  # MessageSid, Message-Id, ...
    Column("sender", String(320), nullable=True),
    Column("subject", String(500), nullable=True),
    Column("text", Text, nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
    UniqueConstraint("channel", "external_id"),
)

# Files kept with a complaint: e-mail attachments, scanned letters, photos, receipts.
attachments = Table(
    "attachments",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("complaint_id", Uuid, ForeignKey("complaints.id"), nullable=False, index=True),
    Column("message_id", Uuid, ForeignKey("messages.id"), nullable=True),
    Column("filename", String(255), nullable=False),
    Column("content_type", String(120), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("storage_key", String(300), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

# Single-use webhook tokens (Mailgun's) seen within the replay window.
webhook_tokens = Table(
    "webhook_tokens",
    metadata,
    Column("token", String(128), primary_key=True),
    Column("seen_at", UtcDateTime, nullable=False, index=True),
)

# Who opened which customer's data, and when (services/intake/audit/): banks and public
# hotlines must answer "who saw this customer's data".
read_audit = Table(
    "read_audit",
    metadata,
    Column("id", BigIntId, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime, nullable=False),
    Column("reader", String(200), nullable=False),  # the key's name: a person or a system
    Column("username", String(64), nullable=True),  # the staff member behind the key
    Column("what", String(20), nullable=False),  # complaint, attachment, screen_pop, history
    Column("complaint_id", Uuid, nullable=True, index=True),
    Column("customer_id", Uuid, nullable=True, index=True),
    Column("item", String(64), nullable=True),  # the attachment's id
)

outbox = outbox_table(metadata)
dead_letters = dead_letters_table(metadata)
inbox = inbox_table(metadata)

"""Each service gets its own outbox, inbox and dead-letter tables, in its own schema."""

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    Uuid,
)

from shared.db.base import BigIntId, UtcDateTime


def outbox_table(metadata: MetaData) -> Table:
    table = Table(
        "outbox",
        metadata,
        Column("id", BigIntId, primary_key=True, autoincrement=True),
        Column("event_id", Uuid, nullable=False, unique=True),
        Column("event_type", String(80), nullable=False),
        Column("topic", String(120), nullable=False),
        Column("key", String(80), nullable=False),
        Column("body", Text, nullable=False),
        Column("created_at", UtcDateTime, nullable=False),
        Column("published_at", UtcDateTime, nullable=True),
    )
    Index(
        "ix_outbox_unpublished",
        table.c.id,
        postgresql_where=table.c.published_at.is_(None),
        sqlite_where=table.c.published_at.is_(None),
    )
    Index("ix_outbox_published_at", table.c.published_at)
    return table


def inbox_table(metadata: MetaData) -> Table:
    return Table(
        "inbox",
        metadata,
        Column("consumer", String(80), nullable=False),
        Column("event_id", Uuid, nullable=False),
        Column("event_type", String(80), nullable=False),
        Column("processed_at", UtcDateTime, nullable=False),
        PrimaryKeyConstraint("consumer", "event_id"),
    )


def dead_letters_table(metadata: MetaData) -> Table:
    return Table(
        "dead_letters",
        metadata,
        Column("id", BigIntId, primary_key=True, autoincrement=True),
        Column("consumer", String(80), nullable=False),
        Column("reason", String(40), nullable=False),
        Column("error", Text, nullable=False),
        Column("topic", String(120), nullable=False),  # where the message came from
        Column("partition", Integer, nullable=False),
        Column("offset", BigInteger, nullable=False),
        Column("key", LargeBinary, nullable=True),
        Column("value", LargeBinary, nullable=False),
        Column("headers", JSON, nullable=False),  # [name, base64 value] pairs, as received
        Column("at", UtcDateTime, nullable=False),
        Column("replay_requested_at", UtcDateTime, nullable=True),
        Column("replayed_at", UtcDateTime, nullable=True),
    )

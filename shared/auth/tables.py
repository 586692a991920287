"""The `access` schema: API keys (only their SHA-256 is stored)."""

from sqlalchemy import JSON, Column, String, Table, Uuid

from shared.db.base import UtcDateTime, make_metadata

ACCESS_SCHEMA = "access"
metadata = make_metadata(ACCESS_SCHEMA)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", String(120), nullable=False),
    Column("prefix", String(16), nullable=False),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("scopes", JSON, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("revoked_at", UtcDateTime, nullable=True),
)

"""The `access` schema: API keys (only their SHA-256 is stored) and the staff they may belong to."""

from sqlalchemy import JSON, Column, ForeignKey, String, Table, Uuid

from shared.db.base import UtcDateTime, make_metadata

ACCESS_SCHEMA = "access"
metadata = make_metadata(ACCESS_SCHEMA)

# A person with a role, bound to a department (admins and agents may have none).
staff = Table(
    "staff",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("name", String(120), nullable=False),
    Column("role", String(20), nullable=False),
    Column("department", String(64), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("disabled_at", UtcDateTime, nullable=True),
)

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
    # A staff member's key: its scopes come from the person's current role, not from `scopes`.
    Column("staff_id", Uuid, ForeignKey("staff.id"), nullable=True, index=True),
)

"""The `access` schema: API keys (only their SHA-256 is stored), the staff they may belong to,
and the gateways that push signed webhooks."""

from sqlalchemy import JSON, Column, ForeignKey, Integer, PrimaryKeyConstraint, String, Table, Uuid

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
    Column("rate_per_minute", Integer, nullable=True),  # None: unlimited
    Column("expires_at", UtcDateTime, nullable=True),  # set when the key is rotated out
)

# A gateway that pushes customer messages (Twilio, Aliyun, Mailgun, any Standard Webhooks
# sender). HMAC needs the secret itself, so it is stored sealed, unlike API keys (hashed);
# `previous_secret` stays valid until `previous_valid_until` after a rotation.
integrations = Table(
    "integrations",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("kind", String(20), nullable=False),
    # Sealed (shared/auth/sealing.py): a Fernet token of a secret of up to 100 characters.
    Column("secret", String(400), nullable=False),
    Column("previous_secret", String(400), nullable=True),
    Column("previous_valid_until", UtcDateTime, nullable=True),
    Column("rate_per_minute", Integer, nullable=False),
    Column("allowed_networks", JSON, nullable=False),  # CIDRs; empty: any address
    Column("public_url", String(500), nullable=True),  # the URL the provider signs, if proxied
    Column("created_at", UtcDateTime, nullable=False),
    Column("disabled_at", UtcDateTime, nullable=True),
)

# Requests a credential made in each minute, counted by every API replica together
# (shared/auth/rate.py): a limit holds across replicas.
rate_windows = Table(
    "rate_windows",
    metadata,
    Column("who", String(80), nullable=False),  # key:<id> or integration:<id>
    Column("minute", Integer, nullable=False),  # minutes since the epoch
    Column("count", Integer, nullable=False),
    PrimaryKeyConstraint("who", "minute"),
)

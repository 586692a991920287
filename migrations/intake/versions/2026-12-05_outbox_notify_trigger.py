"""outbox notify trigger: a statement that writes outbox rows wakes the relay (PostgreSQL)

The writing transaction used to send pg_notify itself, one more round trip per commit; the
trigger sends it inside the INSERT (shared/outbox/triggers.py).

Revision ID: 4b72ffd1a4d0
Revises: b5eac3f6c8a9
Create Date: 2026-12-05 12:00:00
"""

from collections.abc import Sequence

from shared.outbox.triggers import create_notify_trigger, drop_notify_trigger

revision: str = "4b72ffd1a4d0"
down_revision: str | None = "b5eac3f6c8a9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_notify_trigger("intake")


def downgrade() -> None:
    drop_notify_trigger("intake")

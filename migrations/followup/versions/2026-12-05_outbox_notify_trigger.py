"""outbox notify trigger: a statement that writes outbox rows wakes the relay (PostgreSQL)

The writing transaction used to send pg_notify itself, one more round trip per commit; the
trigger sends it inside the INSERT (shared/outbox/triggers.py).

Revision ID: ca6bad7b3a38
Revises: 684c49427bea
Create Date: 2026-12-05 12:00:00
"""

from collections.abc import Sequence

from shared.outbox.triggers import create_notify_trigger, drop_notify_trigger

revision: str = "ca6bad7b3a38"
down_revision: str | None = "684c49427bea"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_notify_trigger("followup")


def downgrade() -> None:
    drop_notify_trigger("followup")

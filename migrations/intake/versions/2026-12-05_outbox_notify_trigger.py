"""outbox notify trigger: a statement that writes outbox rows wakes the relay (PostgreSQL)

The writing transaction used to send pg_notify itself, one more round trip per commit; the
trigger sends it inside the INSERT. NOTIFY is delivered at commit, and identical
notifications of one transaction are folded into one.

Revision ID: 4b72ffd1a4d0
Revises: b5eac3f6c8a9
Create Date: 2026-12-05 12:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "4b72ffd1a4d0"
down_revision: str | None = "b5eac3f6c8a9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# shared.outbox.signal.channel() of this outbox; the relay LISTENs on it.
CHANNEL = "tousu_intake_outbox"


def upgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return  # the embedded SQLite mode wakes its relays in process
    op.execute(
        f"""
        CREATE OR REPLACE FUNCTION intake.outbox_notify() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{CHANNEL}', '');
            RETURN NULL;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER outbox_notify AFTER INSERT ON intake.outbox "
        "FOR EACH STATEMENT EXECUTE FUNCTION intake.outbox_notify()"
    )


def downgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS outbox_notify ON intake.outbox")
    op.execute("DROP FUNCTION IF EXISTS intake.outbox_notify()")

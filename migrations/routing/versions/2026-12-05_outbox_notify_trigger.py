"""outbox notify trigger: a statement that writes outbox rows wakes the relay (PostgreSQL)

The writing transaction used to send pg_notify itself, one more round trip per commit; the
trigger sends it inside the INSERT. NOTIFY is delivered at commit, and identical
notifications of one transaction are folded into one.

Revision ID: b55f76a3ff9a
Revises: f21dc6e4e91b
Create Date: 2026-12-05 12:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "b55f76a3ff9a"
down_revision: str | None = "f21dc6e4e91b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# shared.outbox.signal.channel() of this outbox; the relay LISTENs on it.
CHANNEL = "tousu_routing_outbox"


def upgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return  # the embedded SQLite mode wakes its relays in process
    op.execute(
        f"""
        CREATE OR REPLACE FUNCTION routing.outbox_notify() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{CHANNEL}', '');
            RETURN NULL;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER outbox_notify AFTER INSERT ON routing.outbox "
        "FOR EACH STATEMENT EXECUTE FUNCTION routing.outbox_notify()"
    )


def downgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS outbox_notify ON routing.outbox")
    op.execute("DROP FUNCTION IF EXISTS routing.outbox_notify()")

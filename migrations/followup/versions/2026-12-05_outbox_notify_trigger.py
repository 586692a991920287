"""outbox notify trigger: a statement that writes outbox rows wakes the relay (PostgreSQL)

The writing transaction used to send pg_notify itself, one more round trip per commit; the
trigger sends it inside the INSERT. NOTIFY is delivered at commit, and identical
notifications of one transaction are folded into one.

Revision ID: ca6bad7b3a38
Revises: 684c49427bea
Create Date: 2026-12-05 12:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "ca6bad7b3a38"
down_revision: str | None = "684c49427bea"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# shared.outbox.signal.channel() of this outbox; the relay LISTENs on it.
CHANNEL = "tousu_followup_outbox"


def upgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return  # the embedded SQLite mode wakes its relays in process
    op.execute(
        f"""
        CREATE OR REPLACE FUNCTION followup.outbox_notify() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{CHANNEL}', '');
            RETURN NULL;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER outbox_notify AFTER INSERT ON followup.outbox "
        "FOR EACH STATEMENT EXECUTE FUNCTION followup.outbox_notify()"
    )


def downgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS outbox_notify ON followup.outbox")
    op.execute("DROP FUNCTION IF EXISTS followup.outbox_notify()")

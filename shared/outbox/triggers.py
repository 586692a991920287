"""The outbox's statement trigger on PostgreSQL: a statement that writes outbox rows NOTIFYs the
outbox's channel (shared.outbox.signal), delivered when its transaction commits; identical
notifications of one transaction are folded into one. Called from each service's migration."""

from __future__ import annotations

from alembic import op

from shared.outbox.signal import channel_of


def create_notify_trigger(schema: str) -> None:
    if op.get_context().dialect.name != "postgresql":
        return  # the embedded SQLite mode wakes its relays in process
    op.execute(
        f"""
        CREATE OR REPLACE FUNCTION {schema}.outbox_notify() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{channel_of(schema)}', '');
            RETURN NULL;
        END $$
        """
    )
    op.execute(
        f"CREATE TRIGGER outbox_notify AFTER INSERT ON {schema}.outbox "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {schema}.outbox_notify()"
    )


def drop_notify_trigger(schema: str) -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute(f"DROP TRIGGER IF EXISTS outbox_notify ON {schema}.outbox")
    op.execute(f"DROP FUNCTION IF EXISTS {schema}.outbox_notify()")

"""The idempotent-consumer guard: a unique (consumer, event id) row in the handler's transaction."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Protocol
from uuid import UUID

from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import ReturningInsert

from shared.db.session import bound_values
from shared.metrics import INBOX_DUPLICATES


class Inbox(Protocol):
    async def claim(self, *, consumer: str, event_id: UUID, event_type: str) -> bool: ...


class SqlInbox:
    def __init__(self, session: AsyncSession, table: Table, now: datetime) -> None:
        self._session, self._table, self._now = session, table, now

    async def claim(self, *, consumer: str, event_id: UUID, event_type: str) -> bool:
        """True only the first time; a concurrent twin waits on the unique key, then gets False."""
        stmt = _claim(self._table, self._session.get_bind().dialect.name)
        row = {
            "consumer": consumer,
            "event_id": event_id,
            "event_type": event_type,
            "processed_at": self._now,
        }
        if (await self._session.execute(stmt, row)).scalar_one_or_none() is not None:
            return True
        INBOX_DUPLICATES.labels(consumer).inc()
        return False


@lru_cache(maxsize=16)
def _claim(table: Table, dialect: str) -> ReturningInsert[tuple[UUID]]:
    """Built once per table: SQLAlchemy then compiles it once, not per message."""
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    columns = ("consumer", "event_id", "event_type", "processed_at")
    return (
        insert(table)
        .values(bound_values(table, columns))
        .on_conflict_do_nothing(index_elements=["consumer", "event_id"])
        .returning(table.c.event_id)
    )

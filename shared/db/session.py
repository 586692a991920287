"""Sessions that hold back plain INSERTs and send them together: on PostgreSQL a unit of work's
rows (a complaint, its message, its timeline entry, its outbox event) go in one statement,
one round trip instead of four.

A held-back row is written before the session's next statement and before its commit, so
reads and writes keep their order; a constraint it breaks raises there (at the latest at
commit), in the same transaction. Only rows whose INSERT returns nothing can wait.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from sqlalchemy import Insert, Table, bindparam, event, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session

# A shape: each table with held-back rows, the columns they give, and how many rows.
Shape = tuple[tuple[Table, tuple[str, ...], int], ...]


class BatchingSyncSession(Session):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.held_back: list[tuple[Table, Mapping[str, Any]]] = []

    def send_held_back(self) -> None:
        rows, self.held_back = self.held_back, []
        if not rows:
            return
        by_table: dict[Table, list[Mapping[str, Any]]] = {}
        for table, row in rows:
            by_table.setdefault(table, []).append(row)
        if self.get_bind().dialect.name != "postgresql" or any(
            len({tuple(row) for row in table_rows}) > 1 for table_rows in by_table.values()
        ):
            for table, row in rows:  # in order, one by one
                self.execute(_together(((table, tuple(row), 1),)), _params([[row]]))
            return
        shape = tuple((table, tuple(group[0]), len(group)) for table, group in by_table.items())
        self.execute(_together(shape), _params(list(by_table.values())))

    def commit(self) -> None:
        self.send_held_back()
        super().commit()

    def rollback(self) -> None:
        self.held_back = []
        super().rollback()

    def close(self) -> None:
        self.held_back = []
        super().close()


@event.listens_for(BatchingSyncSession, "do_orm_execute")
def _send_before_any_statement(state: ORMExecuteState) -> None:
    session = state.session
    if isinstance(session, BatchingSyncSession) and session.held_back:
        session.send_held_back()


class BatchingSession(AsyncSession):
    sync_session_class = BatchingSyncSession
    sync_session: BatchingSyncSession

    def insert_later(self, table: Table, row: Mapping[str, Any]) -> None:
        """INSERT `row` into `table` with the session's next statement or its commit."""
        self.sync_session.held_back.append((table, row))


def _params(groups: list[list[Mapping[str, Any]]]) -> dict[str, Any]:
    return {
        f"w{i}_{j}_{column}": value
        for i, group in enumerate(groups)
        for j, row in enumerate(group)
        for column, value in row.items()
    }


@lru_cache(maxsize=256)
def _together(shape: Shape) -> Insert:
    """One table's rows: INSERT ... VALUES (...), (...), in their order (a serial key numbers
    them in that order: the relay publishes a complaint's events by it). Several tables:
    WITH w0 AS (INSERT ...) INSERT ...; PostgreSQL runs every part, in no set order, and
    checks foreign keys between them at the end of the statement. One statement object per
    shape: its cache key is computed once, not per row."""
    parts = [
        insert(table).values(
            [
                {c: bindparam(f"w{i}_{j}_{c}", type_=table.c[c].type) for c in columns}
                for j in range(count)
            ]
        )
        for i, (table, columns, count) in enumerate(shape)
    ]
    last = parts.pop()
    return last.add_cte(*(part.cte(f"w{i}") for i, part in enumerate(parts)))

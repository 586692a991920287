"""Sessions that hold back plain INSERTs and send them together: on PostgreSQL a unit of work's
rows (a complaint, its message, its timeline entry, its outbox event) go in one statement,
one round trip instead of four.

A held-back row is written before the session's next statement and before its commit, so
reads and writes keep their order; a constraint it breaks raises there (at the latest at
commit), in the same transaction. Only rows whose INSERT returns nothing can wait.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from sqlalchemy import Insert, Table, Update, bindparam, event, insert, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session

# A shape: each table with a held-back row, and the columns that row gives.
Shape = tuple[tuple[Table, tuple[str, ...]], ...]


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
        uniform = all(len({tuple(row) for row in group}) == 1 for group in by_table.values())
        if self.get_bind().dialect.name != "postgresql" or not uniform:
            for table, row in rows:  # in order, one by one
                self.execute(_insert(table, tuple(row)), dict(row))
            return
        # Tables in the order they were first written to, so a parent row goes no later
        # than its children; a table's several rows go as one executemany, in their order
        # (a serial key numbers them in it: the relay publishes a complaint's events by it).
        single: list[tuple[Table, Mapping[str, Any]]] = []
        for table, group in by_table.items():
            if len(group) == 1:
                single.append((table, group[0]))
                continue
            self._send_together(single)
            single = []
            self.execute(_insert(table, tuple(group[0])), [dict(row) for row in group])
        self._send_together(single)

    def _send_together(self, rows: list[tuple[Table, Mapping[str, Any]]]) -> None:
        if rows:
            shape = tuple((table, tuple(row)) for table, row in rows)
            params = {f"w{i}_{k}": v for i, (_, row) in enumerate(rows) for k, v in row.items()}
            self.execute(_together(shape), params)

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
        """INSERT `row` into `table` with the session's next statement or its commit. The row
        is read when it is sent: give it values nothing changes meanwhile."""
        self.sync_session.held_back.append((table, row))


def bound_values(table: Table, columns: Iterable[str], prefix: str = "") -> dict[str, Any]:
    """`.values()` for a statement built once: each column bound to the parameter
    `prefix + column`, typed as the column (JSON, UUID and time zones converted)."""
    return {c: bindparam(prefix + c, type_=table.c[c].type) for c in columns}


@lru_cache(maxsize=64)
def update_by(table: Table, key: str, columns: tuple[str, ...]) -> Update:
    """UPDATE of `columns` (parameters named as they are) where `key` equals the parameter
    `key_<key>`, built once: building a statement that binds a score of columns costs about
    a millisecond, every time."""
    where = table.c[key] == bindparam(f"key_{key}", type_=table.c[key].type)
    return update(table).where(where).values(bound_values(table, columns))


@lru_cache(maxsize=64)
def _insert(table: Table, columns: tuple[str, ...]) -> Insert:
    return insert(table).values(bound_values(table, columns))


@lru_cache(maxsize=256)
def _together(shape: Shape) -> Insert:
    """WITH w0 AS (INSERT ...), w1 AS (INSERT ...) INSERT ...: one row each into different
    tables (one table: a plain INSERT). PostgreSQL runs every part, in no set order, and
    checks foreign keys between them at the end of the statement. One statement object per
    shape, so SQLAlchemy compiles it once (a multi-row VALUES would be compiled anew every
    time)."""
    parts = [
        insert(table).values(bound_values(table, columns, f"w{i}_"))
        for i, (table, columns) in enumerate(shape)
    ]
    last = parts.pop()
    return last.add_cte(*(part.cte(f"w{i}") for i, part in enumerate(parts)))

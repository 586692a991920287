"""Engines, built by each service's composition root (never at import time).

On SQLite each schema lives in its own file beside the configured path
(`var/tousu.db` -> `var/tousu.intake.db`), attached under the schema's name, so the
schema-qualified tables of PostgreSQL work unchanged and a transaction of one service
locks only that service's file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import event, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.pool import AsyncAdaptedQueuePool, ConnectionPoolEntry

from shared.db.session import BatchingSession

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_schema_file(url: str, schema: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise ValueError("SQLite needs a file path (e.g. sqlite+aiosqlite:///var/tousu.db)")
    path = Path(database)
    return path.with_name(f"{path.stem}.{schema}{path.suffix or '.db'}")


def make_engine(url: str, *, schemas: Sequence[str], pool_size: int = 10) -> AsyncEngine:
    if is_sqlite(url):
        return _sqlite_engine(url, schemas)
    # No pre-ping (a round trip per transaction): a dropped connection fails its statement,
    # SQLAlchemy invalidates the pool, the API answers 503 and consumers retry.
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_timeout=10,
        pool_recycle=1800,
        hide_parameters=True,  # a failed statement's values are customers' words and names
    )


def _sqlite_engine(url: str, schemas: Sequence[str]) -> AsyncEngine:
    files = {schema: sqlite_schema_file(url, schema) for schema in schemas}
    for schema, path in files.items():
        if not _IDENTIFIER.match(schema):
            raise ValueError(f"not a schema name: {schema!r}")
        path.parent.mkdir(parents=True, exist_ok=True)
    # The main database is an empty in-memory one; everything lives in the attached files.
    engine = create_async_engine(
        "sqlite+aiosqlite://",
        poolclass=AsyncAdaptedQueuePool,
        connect_args={"timeout": 30},
        hide_parameters=True,
    )

    @event.listens_for(engine.sync_engine, "connect")
    def attach(dbapi_connection: DBAPIConnection, _: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 30000")
        for schema, path in files.items():
            cursor.execute(f"ATTACH DATABASE ? AS {schema}", (str(path),))
            cursor.execute(f"PRAGMA {schema}.journal_mode = WAL")
            cursor.execute(f"PRAGMA {schema}.synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def begin_immediate(conn: Any) -> None:
        # Take the write lock up front: a deferred transaction that reads and then writes
        # fails at once with SQLITE_BUSY when another connection wrote in between.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def make_session_factory(engine: AsyncEngine) -> async_sessionmaker[BatchingSession]:
    return async_sessionmaker(engine, class_=BatchingSession, expire_on_commit=False)

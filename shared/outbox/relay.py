"""The relay: read unpublished outbox rows in id order, publish them, mark them published.

No transaction stays open while publishing: with the in-process bus, publishing runs other
services' handlers, and on SQLite an open transaction would hold this service's file lock.
One relay per service is active at a time (a PostgreSQL session advisory lock elects it),
so one complaint's events are always published in order. A relay wakes as soon as its own
process commits outbox rows (shared.outbox.signal), else polls.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from datetime import timedelta
from typing import Any

from sqlalchemy import Table, delete, func, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared import tracing
from shared.clock import Clock
from shared.messaging.ports import BrokerMessage, Publisher
from shared.outbox import signal as outbox_signal
from shared.stopping import Abandoned, finish_within

log = logging.getLogger(__name__)

STOP_GRACE_SECONDS = 2.0


async def relay_once(
    engine: AsyncEngine,
    outbox: Table,
    publisher: Publisher,
    clock: Clock,
    *,
    batch_size: int,
    conn: AsyncConnection | None = None,
) -> int:
    """Publish one batch; returns how many rows it published. A crash between publishing and
    marking re-sends the batch, which the consumers' inboxes dedupe (at-least-once). `conn`
    is the leader's own connection, in autocommit (else a pooled one is used for each step)."""
    async with _connection(engine, conn) as db:
        rows = (
            await db.execute(
                select(
                    outbox.c.id, outbox.c.event_type, outbox.c.topic, outbox.c.key, outbox.c.body
                )
                .where(outbox.c.published_at.is_(None))
                .order_by(outbox.c.id)
                .limit(batch_size)
            )
        ).all()
    if not rows:
        return 0
    with tracing.publishing([(row.event_type, row.topic, row.body) for row in rows]):
        await publisher.publish_many(
            [BrokerMessage(row.topic, row.key.encode(), row.body.encode()) for row in rows]
        )
    async with _connection(engine, conn) as db:
        await db.execute(
            update(outbox)
            .where(outbox.c.id.in_([row.id for row in rows]))
            .values(published_at=clock.now())
        )
    return len(rows)


@asynccontextmanager
async def _connection(
    engine: AsyncEngine, conn: AsyncConnection | None
) -> AsyncIterator[AsyncConnection]:
    if conn is None:
        async with engine.begin() as pooled:
            yield pooled
        return
    try:
        yield conn
    except BaseException:
        with suppress(Exception):  # a dead session: the caller lets the connection go
            await conn.rollback()
        raise
    await conn.commit()  # ends SQLAlchemy's own autobegun scope; no round trip in autocommit


async def prune_published(
    engine: AsyncEngine, outbox: Table, clock: Clock, *, older_than: timedelta
) -> int:
    async with engine.begin() as conn:
        result = await conn.execute(
            delete(outbox).where(outbox.c.published_at < clock.now() - older_than)
        )
    return int(result.rowcount)


class Leadership:
    """On PostgreSQL, holds a session advisory lock on a dedicated connection while leading."""

    def __init__(
        self, engine: AsyncEngine, outbox: Table, wake: asyncio.Event | None = None
    ) -> None:
        self._engine, self._outbox = engine, outbox
        self._wake = wake or asyncio.Event()
        self._conn: AsyncConnection | None = None

    @property
    def connection(self) -> AsyncConnection | None:
        """The leader's connection: a pass reads and marks on it, which also proves the
        session (and so the lock) is still alive."""
        return self._conn

    async def lead(self) -> bool:
        if self._engine.dialect.name != "postgresql":
            return True  # SQLite: the embedded process runs one relay per service
        if self._conn is not None:
            return True
        try:
            conn = await self._engine.connect()
            key = func.hashtext(str(self._outbox.fullname))
            if (await conn.execute(select(func.pg_try_advisory_lock(key)))).scalar():
                await conn.commit()
                self._conn = conn
                await self._listen(conn)
                log.info("leading the %s relay", self._outbox.fullname)
                return True
            await conn.close()
            return False
        except Exception:
            await self.release()
            raise

    def _heard(self, *_: object) -> None:
        self._wake.set()

    async def _listen(self, conn: AsyncConnection) -> None:
        """LISTEN on the leader's own connection: another process's commit wakes this relay."""
        driver = await _asyncpg(conn)
        await driver.add_listener(outbox_signal.channel(self._outbox), self._heard)

    async def release(self) -> None:
        """Unlock before the connection goes back to the pool (a pooled connection would keep
        a session lock); a connection that cannot unlock is discarded, which frees it too."""
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            driver = await _asyncpg(conn)
            await driver.remove_listener(outbox_signal.channel(self._outbox), self._heard)
            await conn.execute(select(func.pg_advisory_unlock_all()))
            await conn.commit()
        except Exception:
            log.debug("unlocking failed; discarding the leader connection", exc_info=True)
            await conn.invalidate()
        await conn.close()


async def _asyncpg(conn: AsyncConnection) -> Any:
    """The asyncpg connection under SQLAlchemy's, for LISTEN."""
    driver = (await conn.get_raw_connection()).driver_connection
    if driver is None:
        raise RuntimeError("the connection is closed")
    return driver


async def _pass(
    engine: AsyncEngine,
    outbox: Table,
    publisher: Publisher,
    clock: Clock,
    leadership: Leadership,
    *,
    batch_size: int,
) -> tuple[bool, int]:
    """One relay pass: (leading, rows published)."""
    if not await leadership.lead():
        return False, 0
    conn = leadership.connection
    try:
        published = await relay_once(
            engine, outbox, publisher, clock, batch_size=batch_size, conn=conn
        )
    except DBAPIError:
        await leadership.release()  # the session may be gone, and its lock with it
        raise
    return True, published


async def run_relay(
    engine: AsyncEngine,
    outbox: Table,
    publisher: Publisher,
    clock: Clock,
    stopping: asyncio.Event,
    *,
    batch_size: int,
    poll_seconds: float,
    linger_seconds: float = 0.0,
    retention: timedelta = timedelta(days=7),
    on_idle: Callable[[], None] = lambda: None,
) -> None:
    """Loop until `stopping`; a failed batch (broker or database down) is retried with backoff,
    and published rows older than `retention` are pruned every ten minutes. Woken by a commit,
    it waits `linger_seconds` first, so that rows committed a moment apart go out as one batch
    (one read, one Kafka request, one update), as a Kafka producer's linger does."""
    # Each of a pass's statements stands alone (a read, then marking what was published): in
    # autocommit they need no BEGIN and COMMIT round trips (about a fifth of a relay's CPU in
    # a profile). On PostgreSQL they run on the leader's own connection, which holds the
    # session lock and LISTENs outside transactions: no pool check-out, and no separate
    # check that the session is still alive.
    engine = engine.execution_options(isolation_level="AUTOCOMMIT")
    wake = outbox_signal.listen(outbox)
    leadership, failures, pruned_at = Leadership(engine, outbox, wake), 0, clock.now()
    try:
        while not stopping.is_set():
            wake.clear()  # rows committed from now on wake the pause below
            leading, published = False, 0
            try:
                leading, published = await finish_within(
                    _pass(engine, outbox, publisher, clock, leadership, batch_size=batch_size),
                    stopping,
                    grace=STOP_GRACE_SECONDS,  # a publish waits its whole timeout for a broker
                )
                if leading and clock.now() - pruned_at > timedelta(minutes=10):
                    pruned_at = clock.now()
                    await prune_published(engine, outbox, clock, older_than=retention)
                failures = 0
                on_idle()
            except Abandoned:
                break
            except Exception as exc:  # nothing was marked: every row will be tried again
                failures += 1
                log.warning("relay batch failed (%s: %s); retrying", type(exc).__name__, exc)
            if published < batch_size:
                await _pause(stopping, wake, _delay(failures, leading, poll_seconds))
                if wake.is_set() and linger_seconds:
                    await _pause(stopping, asyncio.Event(), linger_seconds)
    finally:
        await leadership.release()


def _delay(failures: int, leading: bool, poll_seconds: float) -> float:
    if failures:
        return float(min(10.0, 0.2 * 2**failures))
    return poll_seconds if leading else 1.0  # a follower checks now and then for the leader


async def _pause(stopping: asyncio.Event, wake: asyncio.Event, seconds: float) -> None:
    """Until stopped, woken by new rows of this process, or `seconds` pass (other processes'
    rows, and the safety net)."""
    if wake.is_set():
        return
    waits = [asyncio.ensure_future(stopping.wait()), asyncio.ensure_future(wake.wait())]
    try:
        await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiting in waits:
            waiting.cancel()

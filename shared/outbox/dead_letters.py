"""Dead letters kept in the consumer's own database, in both ways of running: a message that
can never be processed is stored with its reason and origin (nothing is lost on a restart),
listed and marked for replay by `tousu dlq`, and replayed by the service's worker through the
same processor, where the inbox keeps a replay from acting twice."""

from __future__ import annotations

import asyncio
import base64
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.clock import Clock
from shared.messaging.consumer import MessageProcessor
from shared.messaging.ports import BrokerMessage, Delivery

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeadLetter:
    id: int
    consumer: str
    reason: str
    error: str
    topic: str
    offset: int
    at: datetime
    replay_requested_at: datetime | None
    replayed_at: datetime | None


class DatabaseDeadLetters:
    """The processor's dead-letter publisher, writing to the service's own table."""

    def __init__(self, engine: AsyncEngine, table: Table, clock: Clock) -> None:
        self._engine, self._table, self._clock = engine, table, clock

    async def publish_many(self, messages: Sequence[BrokerMessage]) -> None:
        rows = [self._row(m) for m in messages]
        async with self._engine.begin() as conn:
            await conn.execute(insert(self._table), rows)

    def _row(self, message: BrokerMessage) -> dict[str, object]:
        about = {k: v.decode(errors="replace") for k, v in message.headers if k.startswith("dlq.")}
        original = [
            [k, base64.b64encode(v).decode()]
            for k, v in message.headers
            if not k.startswith("dlq.")
        ]
        return {
            "consumer": about.get("dlq.consumer", "")[:80],
            "reason": about.get("dlq.reason", "unknown")[:40],
            "error": about.get("dlq.error", ""),
            "topic": about.get("dlq.source.topic", message.topic)[:120],
            "partition": int(about.get("dlq.source.partition", "0")),
            "offset": int(about.get("dlq.source.offset", "0")),
            "key": message.key,
            "value": message.value,
            "headers": original,
            "at": self._clock.now(),
        }


async def listed(engine: AsyncEngine, table: Table, *, limit: int = 100) -> list[DeadLetter]:
    """Newest first."""
    columns = [table.c[name] for name in DeadLetter.__dataclass_fields__]
    stmt = select(*columns).order_by(table.c.id.desc()).limit(limit)
    async with engine.connect() as conn:
        return [DeadLetter(**row._mapping) for row in await conn.execute(stmt)]


async def request_replay(
    engine: AsyncEngine, table: Table, ids: Sequence[int] | None, at: datetime
) -> int:
    """Marks the dead letters (all not yet replayed, when `ids` is None); how many."""
    stmt = update(table).where(table.c.replayed_at.is_(None)).values(replay_requested_at=at)
    if ids is not None:
        stmt = stmt.where(table.c.id.in_(ids))
    async with engine.begin() as conn:
        return (await conn.execute(stmt)).rowcount


async def replay_requested(
    engine: AsyncEngine, table: Table, processor: MessageProcessor, clock: Clock
) -> int:
    """Runs each marked dead letter through the processor again (a new dead letter if it fails
    for good again); how many were replayed."""
    stmt = (
        select(table)
        .where(table.c.replay_requested_at.is_not(None), table.c.replayed_at.is_(None))
        .order_by(table.c.id)
        .limit(100)
    )
    async with engine.connect() as conn:
        rows = (await conn.execute(stmt)).all()
    for row in rows:
        headers = tuple((k, base64.b64decode(v)) for k, v in row.headers)
        await processor.process(
            Delivery(row.topic, row.partition, row.offset, row.key, row.value, headers)
        )
        async with engine.begin() as conn:
            done = update(table).where(table.c.id == row.id).values(replayed_at=clock.now())
            await conn.execute(done)
        log.info("replayed dead letter %d (%s)", row.id, row.reason)
    return len(rows)


async def run_replays(
    engine: AsyncEngine,
    table: Table,
    processor: MessageProcessor,
    clock: Clock,
    stopping: asyncio.Event,
    *,
    every: float = 5.0,
) -> None:
    while not stopping.is_set():
        try:
            await replay_requested(engine, table, processor, clock)
        except Exception as exc:  # the database may be back on the next pass
            log.warning("dead-letter replay pass failed (%s: %s)", type(exc).__name__, exc)
        try:
            await asyncio.wait_for(stopping.wait(), timeout=every)
        except TimeoutError:
            pass

"""What an operator watches for every service: events committed but not yet published (and
how old the oldest is), and dead letters waiting. `tousu status` reads it; the relay samples
it into /metrics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Table, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.metrics import DEAD_LETTERS, OUTBOX_BACKLOG, OUTBOX_OLDEST


@dataclass(frozen=True)
class Backlog:
    outbox_backlog: int
    outbox_oldest_seconds: float
    dead_letters: int

    def export(self, service: str) -> None:
        OUTBOX_BACKLOG.labels(service).set(self.outbox_backlog)
        OUTBOX_OLDEST.labels(service).set(self.outbox_oldest_seconds)
        DEAD_LETTERS.labels(service).set(self.dead_letters)


async def backlog(
    engine: AsyncEngine, outbox: Table, dead_letters: Table, now: datetime
) -> Backlog:
    async with engine.connect() as conn:
        waiting, oldest = (
            await conn.execute(
                select(func.count(), func.min(outbox.c.created_at)).where(
                    outbox.c.published_at.is_(None)
                )
            )
        ).one()
        kept = await conn.scalar(
            select(func.count())
            .select_from(dead_letters)
            .where(dead_letters.c.replayed_at.is_(None))
        )
    age = round((now - oldest).total_seconds(), 1) if oldest else 0.0
    return Backlog(int(waiting), max(age, 0.0), int(kept or 0))

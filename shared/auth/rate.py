"""Per-credential rate limits that hold across API replicas. Each request of a limited key or
gateway is counted in the database, per minute (one upsert), and the rate is estimated over a
sliding minute: this minute's count plus the previous minute's, weighted by how much of it
still falls within the last 60 seconds. A token bucket in each process refuses a flood before
it reaches the database. Credentials without a limit cost nothing."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.auth.tables import rate_windows
from shared.errors import TooManyRequests


class RateLimited(TooManyRequests):
    code = "rate_limited"


def refused(per_minute: int, wait: float) -> RateLimited:
    return RateLimited(
        f"over the limit of {per_minute} requests a minute",
        retry_after_seconds=max(1, math.ceil(wait)),
    )


@dataclass
class _Bucket:
    tokens: float
    at: float


class LocalBucket:
    """This process's share of the check: a token bucket per credential."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._now = monotonic
        self._buckets: dict[str, _Bucket] = {}

    def take(self, who: str, per_minute: int) -> float:
        """0 when admitted, else the seconds until the next request would be."""
        now, capacity = self._now(), float(per_minute)
        bucket = self._buckets.setdefault(who, _Bucket(capacity, now))
        bucket.tokens = min(capacity, bucket.tokens + (now - bucket.at) * capacity / 60)
        bucket.at = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) * 60 / capacity


class RateLimiter:
    def __init__(self, engine: AsyncEngine, wall: Callable[[], float] = time.time) -> None:
        self._engine, self._wall = engine, wall
        self._local = LocalBucket()

    async def check(self, who: str, per_minute: int | None) -> None:
        if per_minute is None:
            return
        if wait := self._local.take(who, per_minute):
            raise refused(per_minute, wait)
        now = self._wall()
        minute, into = divmod(now, 60)
        current, previous = await self._count(who, int(minute))
        if previous * (1 - into / 60) + current > per_minute:
            raise refused(per_minute, 60 - into)

    async def _count(self, who: str, minute: int) -> tuple[int, int]:
        """This minute's count with this request in it, and the previous minute's."""
        async with self._engine.begin() as conn:
            insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
            upsert = (
                insert(rate_windows)
                .values(who=who, minute=minute, count=1)
                .on_conflict_do_update(
                    index_elements=["who", "minute"], set_={"count": rate_windows.c.count + 1}
                )
                .returning(rate_windows.c.count)
            )
            current = int((await conn.execute(upsert)).scalar_one())
            before = select(rate_windows.c.count).where(
                rate_windows.c.who == who, rate_windows.c.minute == minute - 1
            )
            previous = int((await conn.scalar(before)) or 0)
            if current == 1:  # a new minute: what is older than the previous one is done
                await conn.execute(
                    delete(rate_windows).where(
                        rate_windows.c.who == who, rate_windows.c.minute < minute - 1
                    )
                )
        return current, previous

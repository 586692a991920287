"""Per-credential rate limits: a token bucket per key or integration, in this process.

Each API replica limits on its own, so N replicas admit up to N times the limit; that keeps
the check off the database on every request, which is what a limit is meant to protect."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from shared.errors import TooManyRequests


class RateLimited(TooManyRequests):
    code = "rate_limited"


@dataclass
class _Bucket:
    tokens: float
    at: float


class RateLimiter:
    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._now = monotonic
        self._buckets: dict[str, _Bucket] = {}

    def take(self, who: str, per_minute: int | None) -> float:
        """0 when admitted, else the seconds until the next request would be."""
        if per_minute is None:
            return 0.0
        now, capacity = self._now(), float(per_minute)
        bucket = self._buckets.setdefault(who, _Bucket(capacity, now))
        bucket.tokens = min(capacity, bucket.tokens + (now - bucket.at) * capacity / 60)
        bucket.at = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) * 60 / capacity

    def check(self, who: str, per_minute: int | None) -> None:
        if wait := self.take(who, per_minute):
            raise RateLimited(
                f"over the limit of {per_minute} requests a minute",
                retry_after_seconds=max(1, round(wait)),
            )

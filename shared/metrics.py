"""Prometheus metrics (served at /metrics to keys with `metrics:read`, see shared.web.app)."""

from __future__ import annotations

import logging

from prometheus_client import Counter

log = logging.getLogger(__name__)

REFUSALS = Counter(
    "tousu_refusals",
    "Requests refused before any work: bad signature, stale timestamp, replayed token, "
    "over the rate limit, address not allowed, unknown integration",
    ["credential", "reason"],
)


def count_refusal(credential: str, reason: str, client: str | None) -> None:
    """Counted and logged with who sent it, never what it carried (the payload holds
    customers' numbers, addresses and words)."""
    REFUSALS.labels(credential, reason).inc()
    log.warning("refused a request from %s for %s: %s", client or "?", credential, reason)

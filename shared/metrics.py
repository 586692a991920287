"""Prometheus metrics (served at /metrics to keys with `metrics:read`, see shared.web.app)."""

from __future__ import annotations

import logging

from prometheus_client import Counter, Histogram

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


REQUEST_SECONDS = Histogram(
    "tousu_http_request_duration_seconds",
    "HTTP requests by method, route template and status",
    ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
MESSAGES = Counter(
    "tousu_consumer_messages",
    "Messages a consumer handled (processed), tried again after a failure (retried) or gave "
    "up on (dead_lettered)",
    ["consumer", "outcome"],
)

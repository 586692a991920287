"""Prometheus metrics (served at /metrics to keys with `metrics:read`, see shared.web.app)."""

from __future__ import annotations

import logging

from prometheus_client import Counter, Gauge, Histogram

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
CONSUMER_LAG = Gauge(
    "tousu_consumer_lag_messages",
    "Messages in a partition that this consumer group has not processed yet",
    ["consumer", "topic", "partition"],
)
INBOX_DUPLICATES = Counter(
    "tousu_inbox_duplicates",
    "Redelivered events the inbox recognised and skipped",
    ["consumer"],
)
OUTBOX_BACKLOG = Gauge(
    "tousu_outbox_backlog_events", "Events committed but not yet published", ["service"]
)
OUTBOX_OLDEST = Gauge(
    "tousu_outbox_oldest_age_seconds",
    "Age of the oldest unpublished event (0 when there is none)",
    ["service"],
)
DEAD_LETTERS = Gauge(
    "tousu_dead_letters_waiting", "Dead letters kept and not replayed yet", ["service"]
)
ROUTING_DECISIONS = Counter(
    "tousu_routing_decisions",
    "How routing chose each complaint's department: rule, judgement, model, triage "
    "(the model unsure or naming no open department) or default",
    ["source"],
)
ROUTING_CONFIDENCE = Histogram(
    "tousu_routing_confidence",
    "Confidence of the judgement or the department model behind a routing decision",
    ["source"],
    buckets=(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0),
)
SLA_STEPS = Counter(
    "tousu_sla_escalations",
    "Supervision steps taken on open cases: warning (most of the time to the resolution "
    "deadline used), urge (deadline passed), supervise (long past, or violence at once)",
    ["level", "department", "priority"],
)
CASES_PAST_DUE = Gauge(
    "tousu_cases_past_due",
    "Open cases past their resolution deadline",
    ["department", "priority"],
)
CONTACTS_DUE = Gauge(
    "tousu_contacts_due",
    "Follow-up contacts due and not yet made: due (now), overdue (due for over an hour)",
    ["state"],
)
OUTBOUND_MESSAGES = Counter(
    "tousu_outbound_messages",
    "SMS and e-mail the dispatcher handed to a gateway (sent), will try again (retried) or "
    "gave up on (failed)",
    ["channel", "outcome"],
)

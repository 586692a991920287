"""What people are told of an alert: the webhook's JSON and the e-mail, in Chinese and English;
pure."""

from __future__ import annotations

import json
from datetime import datetime

from services.insights.warning.repository import AlertView

TYPE = "insight.deviation_detected"


def webhook_body(alert: AlertView, now: datetime) -> bytes:
    """The Standard Webhooks shape: type, timestamp and the event's data."""
    data = {
        "alert_id": str(alert.id),
        "series": alert.dimensions,
        "first_day": alert.first_day.isoformat(),
        "last_day": alert.last_day.isoformat(),
        "observed": alert.observed,
        "expected": alert.expected,
        "score": alert.score,
        "top_terms": alert.top_terms,
        "examples": alert.examples,
        "detected_at": alert.detected_at.isoformat(),
    }
    envelope = {"type": TYPE, "timestamp": now.isoformat(), "data": data}
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode()


def _series(alert: AlertView) -> str:
    return ", ".join(f"{name} {value}" for name, value in alert.dimensions.items())


def mail(alert: AlertView) -> tuple[str, str]:
    """Subject and body."""
    days = f"{alert.first_day.isoformat()} – {alert.last_day.isoformat()}"
    ratio = alert.observed / alert.expected if alert.expected else float("inf")
    subject = f"[Tousu] 投诉异常升高 / Complaints surge: {_series(alert)} ({alert.observed})"
    terms = "、".join(alert.top_terms) or "—"
    examples = ", ".join(alert.examples) or "—"
    body = "\n".join(
        [
            f"投诉量异常升高：{_series(alert)}",
            f"日期：{days}",
            f"实际 {alert.observed} 件，预期约 {alert.expected:.1f} 件（{ratio:.1f} 倍）。",
            f"上升的词语：{terms}",
            f"投诉示例：{examples}",
            "",
            f"Complaints rose above what their history leads one to expect: {_series(alert)}",
            f"Days: {days}",
            f"Observed {alert.observed}, expected about {alert.expected:.1f} ({ratio:.1f}x).",
            f"Words that rose: {', '.join(alert.top_terms) or '-'}",
            f"Example complaints: {examples}",
            "",
            f"GET /v1/insights/alerts (alert {alert.id})",
        ]
    )
    return subject, body

"""Event builders for handler tests."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from shared.events.envelope import Envelope, Payload
from shared.events.intake import ComplaintRegistered, CustomerContact
from shared.events.routing import ComplaintRouted


def registered(
    now: datetime, text: str = "信用卡重复扣费两次", **extra: Any
) -> ComplaintRegistered:
    contact = extra.pop("customer", {})
    fields: dict[str, Any] = {
        "complaint_id": uuid4(),
        "reference": "TS-2026-000001",
        "channel": "phone",
        "customer": CustomerContact(
            customer_id=uuid4(), name="王丽", phone="+8613800138000", **contact
        ),
        "text": text,
        "received_at": now,
        "first_response_due": now + timedelta(hours=24),
    } | extra
    return ComplaintRegistered(**fields)


def routed(complaint_id: UUID, now: datetime, **extra: Any) -> ComplaintRouted:
    fields: dict[str, Any] = {
        "complaint_id": complaint_id,
        "reference": "TS-2026-000001",
        "department": "billing",
        "department_name": "Billing",
        "priority": "P3",
        "first_response_due": now + timedelta(hours=24),
        "resolution_due": now + timedelta(days=10),
        "routed_at": now,
    } | extra
    return ComplaintRouted(**fields)


def envelope(payload: Payload, now: datetime, source: str = "test") -> Envelope:
    return Envelope.wrap(payload, source=source, subject=str(payload.complaint_id), time=now)  # type: ignore[attr-defined]

"""Realistic request bodies for every channel."""

from __future__ import annotations

import uuid
from typing import Any


def ref() -> str:
    return uuid.uuid4().hex[:10]


def a_phone() -> str:
    return f"139{uuid.uuid4().int % 10**8:08d}"


def customer(name: str = "王丽", phone: str | None = "", **extra: Any) -> dict[str, Any]:
    """A new customer each time, unless a phone (or None) is given."""
    return {"name": name, "phone": a_phone() if phone == "" else phone, **extra}


def complaint(
    channel: str = "phone", text: str = "信用卡重复扣费两次，请退款", **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "channel": channel,
        "customer": extra.pop("customer", customer()),
        "text": text,
        "details": extra.pop("details", details(channel)),
    }
    return body | extra


def details(channel: str) -> dict[str, Any]:
    r = ref()
    return {
        "phone": {
            "call_id": f"call-{r}",
            "caller_number": "13800138000",
            "agent_id": "A-01",
            "recording_url": f"https://pbx.example.com/{r}.wav",
        },
        "letter": {
            "received_date": "2026-11-20",
            "sender_address": "A市A3区书院路8号",
            "scan_ref": f"scan-{r}",
        },
        "on_site": {"branch_code": "BR-01", "staff_id": "S-7", "ticket_id": r},
        "web": {"message_id": f"web-{r}", "sender_address": f"{r}@example.cn"},
        "email": {"message_id": f"<{r}@mail.example.cn>", "sender_address": f"{r}@example.cn"},
        "sms": {"message_id": f"sms-{r}", "sender_address": f"+86{a_phone()}"},
    }[channel]


CHANNELS = ("phone", "letter", "on_site", "web", "email", "sms")

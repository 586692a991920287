"""Standard Webhooks (standardwebhooks.com) signatures: HMAC-SHA256 of "id.timestamp.body" with
a `whsec_` secret, sent as `v1,<base64>`. Intake checks gateways' with it; insights signs the
alerts it delivers."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime


def standard_signature(secret: str, msg_id: str, timestamp: str, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{msg_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def standard_headers(secret: str, msg_id: str, body: bytes, now: datetime) -> dict[str, str]:
    """The headers of a signed delivery; `msg_id` stays the same when it is retried."""
    timestamp = str(int(now.timestamp()))
    return {
        "content-type": "application/json",
        "webhook-id": msg_id,
        "webhook-timestamp": timestamp,
        "webhook-signature": standard_signature(secret, msg_id, timestamp, body),
    }

"""Each provider's published signature scheme, verified against an integration's secrets.

Pure: the caller gives the clock's time, the raw body and the secrets valid now."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence
from datetime import datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

from shared.errors import Conflict, Unauthenticated
from shared.webhooks import standard_signature

REPLAY_WINDOW = timedelta(minutes=5)


class BadSignature(Unauthenticated):
    code = "bad_signature"


class StaleTimestamp(Unauthenticated):
    code = "stale_timestamp"


class Replayed(Conflict):
    code = "replayed"


def _equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def _fresh(timestamp: str, now: datetime, window: timedelta) -> None:
    try:
        sent = int(timestamp)
    except ValueError as exc:
        raise StaleTimestamp("the timestamp is not a number of seconds") from exc
    if abs(now.timestamp() - sent) > window.total_seconds():
        raise StaleTimestamp(f"the timestamp is more than {window} away from now")


def _port_variants(url: str) -> list[str]:
    """Twilio signs the URL as configured; proxies add or drop the default port."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    default = "443" if parts.scheme == "https" else "80"
    bare = urlunsplit(parts._replace(netloc=host))
    return [url, bare, urlunsplit(parts._replace(netloc=f"{host}:{parts.port or default}"))]


def twilio_signature(
    secret: str, url: str, params: Sequence[tuple[str, str]], algorithm: str = "HMAC_SHA1"
) -> str:
    """X-Twilio-Signature: the URL, then each parameter name and value sorted by name."""
    signed = url
    for name in sorted({n for n, _ in params}):
        for value in sorted({v for n, v in params if n == name}):
            signed += name + value
    digest = hashlib.sha256 if algorithm.upper() == "HMAC_SHA256" else hashlib.sha1
    return base64.b64encode(hmac.new(secret.encode(), signed.encode(), digest).digest()).decode()


def check_twilio(
    secrets: Sequence[str],
    url: str,
    params: Sequence[tuple[str, str]],
    signature: str | None,
    settings_header: str | None = None,
) -> None:
    algorithm = "HMAC_SHA1"
    for part in (settings_header or "").split(","):
        name, _, value = part.partition("=")
        if name.strip() == "algorithm" and value.strip():
            algorithm = value.strip().upper()
    if algorithm not in ("HMAC_SHA1", "HMAC_SHA256"):
        raise BadSignature(f"unsupported signature algorithm {algorithm[:20]}")
    if not signature:
        raise BadSignature("the X-Twilio-Signature header is missing")
    for secret in secrets:
        for variant in _port_variants(url):
            if _equal(twilio_signature(secret, variant, params, algorithm), signature):
                return
    raise BadSignature("the X-Twilio-Signature does not match this request")


def mailgun_signature(secret: str, timestamp: str, token: str) -> str:
    return hmac.new(secret.encode(), (timestamp + token).encode(), hashlib.sha256).hexdigest()


def check_mailgun(
    secrets: Sequence[str],
    timestamp: str,
    token: str,
    signature: str,
    now: datetime,
    window: timedelta = REPLAY_WINDOW,
) -> None:
    """Mailgun: hex HMAC-SHA256 of timestamp + token with the webhook signing key. The token
    is single-use: the caller refuses one it has seen (`Replayed`)."""
    if not any(_equal(mailgun_signature(s, timestamp, token), signature) for s in secrets):
        raise BadSignature("the Mailgun signature does not match")
    _fresh(timestamp, now, window)


def check_standard(
    secrets: Sequence[str],
    msg_id: str | None,
    timestamp: str | None,
    signatures: str | None,
    body: bytes,
    now: datetime,
    window: timedelta = REPLAY_WINDOW,
) -> None:
    """Standard Webhooks: `webhook-signature` holds space-separated `v1,<base64>` HMAC-SHA256
    signatures of "id.timestamp.body"; any one made with a valid secret passes."""
    if not (msg_id and timestamp and signatures):
        raise BadSignature("webhook-id, webhook-timestamp and webhook-signature are required")
    offered = signatures.split()
    for secret in secrets:
        expected = standard_signature(secret, msg_id, timestamp, body)
        if any(_equal(expected, s) for s in offered):
            _fresh(timestamp, now, window)
            return
    raise BadSignature("no webhook-signature matches this request")

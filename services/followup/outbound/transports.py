"""How a message leaves: an HTTP SMS gateway, an SMTP server, or (embedded default, no
gateway configured) a spool directory an operator or a test can read.

Each transport says how a failure may be retried: `Temporary` (nothing was sent, or the
gateway deduplicates on our idempotency key: try again later), `Permanent` (never retry) and
`Uncertain` (SMTP broke off after the message may have gone: retrying could send it twice)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from uuid import UUID

from shared.mail import SmtpSettings

if TYPE_CHECKING:
    import httpx


class SendFailed(Exception):
    pass


class Temporary(SendFailed):
    pass


class Permanent(SendFailed):
    pass


class Uncertain(SendFailed):
    pass


@dataclass(frozen=True)
class Outgoing:
    id: UUID  # also the idempotency key
    channel: str
    recipient: str
    subject: str | None
    body: str
    complaint_id: UUID | None = None  # named in an e-mail's Message-ID, so replies thread


class Transport(Protocol):
    async def send(self, message: Outgoing) -> str:
        """Hands the message over; the provider's id for it."""


class SmsGateway:
    """POSTs {to, text, sender, client_ref} as JSON with `Idempotency-Key`; expects 2xx with
    the gateway's message id (`id` or `message_id`)."""

    def __init__(self, url: str, token: str | None, sender: str, timeout: float = 10.0) -> None:
        self._headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._url, self._sender, self._timeout = url, sender, timeout
        self._client: httpx.AsyncClient | None = None

    async def send(self, message: Outgoing) -> str:
        # Imported and connected on the first message: every follow-up process builds the
        # transports, only the dispatcher sends, and httpx is several MB of each process.
        import httpx  # noqa: PLC0415

        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self._timeout, headers=self._headers)
        body = {
            "to": message.recipient,
            "text": message.body,
            "sender": self._sender,
            "client_ref": str(message.id),
        }
        try:
            answer = await self._client.post(
                self._url, json=body, headers={"Idempotency-Key": str(message.id)}
            )
        except httpx.HTTPError as exc:  # timeouts included: the key makes a retry safe
            raise Temporary(f"gateway unreachable: {type(exc).__name__}") from exc
        if answer.status_code in (408, 409, 425, 429) or answer.status_code >= 500:
            raise Temporary(f"gateway answered {answer.status_code}")
        if answer.status_code >= 400:
            raise Permanent(f"gateway refused the message: {answer.status_code}")
        found = answer.json() if answer.content else {}
        return str(found.get("id") or found.get("message_id") or message.id)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()


def thread_message_id(message: Outgoing, sender: str) -> str:
    """<tousu.{complaint id}.{message id}@domain>: intake reads the complaint back out of a
    reply's In-Reply-To; the same message gets the same id on every try."""
    domain = sender.rpartition("@")[2] or "tousu.invalid"
    if message.complaint_id is None:
        return make_msgid(idstring=message.id.hex, domain=domain)
    return f"<tousu.{message.complaint_id}.{message.id.hex}@{domain}>"


class SmtpMailer:
    def __init__(self, settings: SmtpSettings) -> None:
        self._s = settings

    async def send(self, message: Outgoing) -> str:
        s = self._s
        mail = EmailMessage()
        mail["From"] = formataddr((s.sender_name, s.sender))
        mail["To"] = message.recipient
        mail["Subject"] = message.subject or ""
        mail["Message-ID"] = message_id = thread_message_id(message, s.sender)
        mail.set_content(message.body)
        import aiosmtplib  # noqa: PLC0415 - as httpx above: only the dispatcher sends

        try:
            await aiosmtplib.send(
                mail,
                hostname=s.host,
                port=s.port,
                username=s.username,
                password=s.password,
                start_tls=s.starttls,
                timeout=s.timeout,
            )
        except (aiosmtplib.SMTPConnectError, aiosmtplib.SMTPConnectTimeoutError) as exc:
            raise Temporary(f"SMTP server unreachable: {type(exc).__name__}") from exc
        except aiosmtplib.SMTPRecipientsRefused as exc:
            raise Permanent("the recipient was refused") from exc
        except aiosmtplib.SMTPResponseException as exc:
            kind = Temporary if 400 <= exc.code < 500 else Permanent
            raise kind(f"SMTP server answered {exc.code}") from exc
        except (aiosmtplib.SMTPTimeoutError, aiosmtplib.SMTPServerDisconnected) as exc:
            raise Uncertain(f"SMTP broke off mid-message: {type(exc).__name__}") from exc
        return message_id


class SpoolDirectory:
    """One JSON file per message, created exclusively: a second try finds it already there."""

    def __init__(self, directory: Path) -> None:
        self._dir = directory

    async def send(self, message: Outgoing) -> str:
        folder = self._dir / message.channel
        folder.mkdir(parents=True, exist_ok=True)
        record = {
            "id": str(message.id),
            "to": message.recipient,
            "subject": message.subject,
            "body": message.body,
        }
        if message.channel == "email":
            record["message_id"] = thread_message_id(message, "")
        try:
            with (folder / f"{message.id}.json").open("x", encoding="utf-8") as out:
                json.dump(record, out, ensure_ascii=False, indent=2)
        except FileExistsError:
            pass
        return str(message.id)

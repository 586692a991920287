"""Reading a raw e-mail (RFC 5322 / MIME): sender, subject, threading headers, the new text
of the reply, and the attachments. Chinese mail often says gb2312 and means GBK or GB18030,
so those are read as GB18030, their superset."""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from datetime import datetime
from email.header import decode_header
from email.message import EmailMessage, Message
from email.utils import getaddresses, parsedate_to_datetime

from services.intake.complaints.messages import Attachment
from services.intake.inbound.gateways.quotes import html_text, strip_quoted
from shared.errors import InvalidRequest

_GB = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "euc-cn", "cp936", "chinese"}


class NotAnEmail(InvalidRequest):
    code = "invalid_email"


@dataclass(frozen=True)
class ParsedEmail:
    message_id: str
    sender: str
    sender_name: str | None
    subject: str
    text: str
    references: tuple[str, ...]  # In-Reply-To first, then References, newest first
    attachments: tuple[Attachment, ...]
    sent_at: datetime | None


def _charset(part: Message) -> str:
    declared = (part.get_content_charset() or "utf-8").lower()
    return "gb18030" if declared in _GB else declared


def decode_words(value: str | None) -> str:
    """An encoded header (=?GB2312?B?...?=) as text, GB charsets read as GB18030."""
    if not value:
        return ""
    chunks = []
    for raw, charset in decode_header(str(value)):
        if isinstance(raw, str):
            chunks.append(raw)
            continue
        name = (charset or "ascii").lower()
        try:
            chunks.append(raw.decode("gb18030" if name in _GB else name, errors="replace"))
        except LookupError:
            chunks.append(raw.decode("utf-8", errors="replace"))
    return "".join(chunks)


def _body(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    try:
        return payload.decode(_charset(part), errors="replace")
    except LookupError:
        return payload.decode("utf-8", errors="replace")


def message_ids(value: str | None) -> list[str]:
    """The <id>s in a Message-ID, In-Reply-To or References header."""
    return re.findall(r"<([^<>\s]+)>", value or "")


def parse_email(raw: bytes) -> ParsedEmail:
    msg = email.message_from_bytes(raw, _class=EmailMessage, policy=email.policy.compat32)
    sender_name, sender = (getaddresses([decode_words(msg.get("From"))]) or [("", "")])[0]
    if "@" not in sender:
        raise NotAnEmail("the message has no From address")
    plain, html, files = [], [], []
    for part in msg.walk():
        if part.is_multipart():
            continue
        filename = part.get_filename()
        disposition = (part.get("Content-Disposition") or "").split(";")[0].strip().lower()
        if filename or disposition == "attachment":
            content = part.get_payload(decode=True)
            files.append(
                Attachment(
                    decode_words(filename) or "attachment",
                    part.get_content_type(),
                    content if isinstance(content, bytes) else b"",
                )
            )
        elif part.get_content_type() == "text/plain":
            plain.append(_body(part))
        elif part.get_content_type() == "text/html":
            html.append(_body(part))
    text = strip_quoted("\n".join(plain)) if plain else strip_quoted(html_text("\n".join(html)))
    message_id = (message_ids(msg.get("Message-ID")) or [""])[0]
    if not message_id:
        raise NotAnEmail("the message has no Message-ID")
    references = message_ids(msg.get("In-Reply-To")) + list(
        reversed(message_ids(msg.get("References")))
    )
    try:
        sent_at = parsedate_to_datetime(msg["Date"]) if msg.get("Date") else None
    except (TypeError, ValueError):
        sent_at = None
    return ParsedEmail(
        message_id=message_id,
        sender=sender,
        sender_name=sender_name or None,
        subject=decode_words(msg.get("Subject")).strip(),
        text=text,
        references=tuple(dict.fromkeys(references)),
        attachments=tuple(files),
        sent_at=sent_at,
    )

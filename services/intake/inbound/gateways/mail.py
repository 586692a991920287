"""E-mail gateways' inbound dialects: a raw MIME message, and Mailgun's parsed route post."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from services.intake.complaints.domain import Channel
from services.intake.complaints.messages import Attachment
from services.intake.inbound.gateways.mime import decode_words, message_ids, parse_email
from services.intake.inbound.gateways.quotes import html_text, strip_quoted
from services.intake.inbound.gateways.sms import MissingField
from services.intake.inbound.message import InboundMessage


def mime_message(raw: bytes, gateway: str) -> InboundMessage:
    parsed = parse_email(raw)
    return InboundMessage(
        channel=Channel.EMAIL,
        gateway=gateway,
        message_id=parsed.message_id,
        sender=parsed.sender,
        sender_name=parsed.sender_name,
        subject=parsed.subject,
        text=parsed.text,
        references=parsed.references,
        attachments=parsed.attachments,
        original=Attachment("original.eml", "message/rfc822", raw),
    )


def mailgun_message(
    form: Mapping[str, str], files: Sequence[Attachment], gateway: str
) -> InboundMessage:
    """Mailgun's forward: `body-mime` when the route asks for MIME, else the parsed fields
    (sender, from, subject, body-plain / stripped-text / body-html, Message-Id, In-Reply-To,
    References, message-headers, attachment-N)."""
    if mime := form.get("body-mime"):
        return mime_message(mime.encode("utf-8", "surrogateescape"), gateway)
    headers = {k.lower(): v for k, v in _header_pairs(form.get("message-headers"))}
    message_id = (message_ids(form.get("Message-Id") or headers.get("message-id")) or [""])[0]
    sender = form.get("sender") or ""
    if not message_id or "@" not in sender:
        raise MissingField("Message-Id and sender are required")
    if stripped := form.get("stripped-text"):
        text = stripped
    elif plain := form.get("body-plain"):
        text = strip_quoted(plain)
    else:
        text = strip_quoted(html_text(form.get("body-html", "")))
    references = message_ids(form.get("In-Reply-To") or headers.get("in-reply-to"))
    references += list(reversed(message_ids(form.get("References") or headers.get("references"))))
    name = decode_words(form.get("from", "")).partition("<")[0].strip().strip('"')
    return InboundMessage(
        channel=Channel.EMAIL,
        gateway=gateway,
        message_id=message_id,
        sender=sender,
        sender_name=name or None,
        subject=form.get("subject", "").strip(),
        text=text.strip(),
        references=tuple(dict.fromkeys(references)),
        attachments=tuple(files),
    )


def _header_pairs(raw: str | None) -> list[tuple[str, str]]:
    try:
        pairs = json.loads(raw or "[]")
    except ValueError:
        return []
    return [(str(p[0]), str(p[1])) for p in pairs if isinstance(p, list) and len(p) == 2]

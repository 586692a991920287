"""A message as a gateway delivers it, and the same message made storable before anything
else reads it: control characters (a NUL among them) removed and every field cut to its
column, since refusing the message would only make the gateway send it again. Pure."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from services.intake.complaints.domain import Channel
from services.intake.complaints.messages import Attachment
from shared.text import bounded_id, clamp, printable


@dataclass(frozen=True)
class InboundMessage:
    channel: Channel  # sms, email or web
    gateway: str  # the integration's name
    message_id: str  # the provider's id: MessageSid, CustomerMessage-Id, sequence id...
    sender: str  # a phone number or an e-mail address
    text: str
    sender_name: str | None = None
    subject: str | None = None
    references: tuple[str, ...] = ()  # In-Reply-To, then References
    attachments: tuple[Attachment, ...] = ()
    original: Attachment | None = None  # the raw e-mail, kept as received
    media: tuple[str, ...] = ()  # links to MMS media at the provider
    received_at: datetime | None = None


def storable(msg: InboundMessage) -> InboundMessage:
    return replace(
        msg,
        message_id=bounded_id(msg.message_id, 200),
        sender=clamp(msg.sender, 320),
        text=printable(msg.text),
        sender_name=clamp(msg.sender_name, 200) if msg.sender_name else msg.sender_name,
        subject=clamp(msg.subject, 500) if msg.subject else msg.subject,
        references=tuple(bounded_id(r, 200) for r in msg.references),
        attachments=tuple(_named(a) for a in msg.attachments),
        media=tuple(clamp(m, 2000) for m in msg.media),
    )


def _named(file: Attachment) -> Attachment:
    return replace(file, filename=printable(file.filename))

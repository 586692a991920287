"""What customers send, as intake keeps it: messages on a complaint and the files with them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID, uuid4


class MessageKind(StrEnum):
    COMPLAINT = "complaint"  # the statement the complaint was registered from
    REPLY = "reply"  # an SMS or e-mail threaded into an open complaint
    INFORMATION = "information"  # added through the API, e.g. by an agent during a call


@dataclass(frozen=True)
class Attachment:
    """A file as received, before it is stored."""

    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class StoredAttachment:
    id: UUID
    complaint_id: UUID
    message_id: UUID | None
    filename: str
    content_type: str
    size: int
    sha256: str
    storage_key: str
    created_at: datetime


@dataclass(frozen=True)
class CustomerMessage:
    complaint_id: UUID
    kind: MessageKind
    channel: str
    text: str
    received_at: datetime
    gateway: str | None = None
    external_id: str | None = None
    sender: str | None = None
    subject: str | None = None
    id: UUID = field(default_factory=uuid4)

"""Messages and attachments rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Row, delete, func, insert, select

from services.intake.complaints.domain import CLOSED
from services.intake.complaints.messages import CustomerMessage, MessageKind, StoredAttachment
from services.intake.tables import attachments, complaints, messages, webhook_tokens
from shared.db.session import BatchingSession


def _message(r: Row[Any]) -> CustomerMessage:
    return CustomerMessage(
        complaint_id=r.complaint_id,
        kind=MessageKind(r.kind),
        channel=r.channel,
        text=r.text,
        received_at=r.received_at,
        gateway=r.gateway,
        external_id=r.external_id,
        sender=r.sender,
        subject=r.subject,
        id=r.id,
    )


class MessageRepository:
    def __init__(self, session: BatchingSession) -> None:
        self._session = session

    async def add(self, m: CustomerMessage) -> None:
        self._session.insert_later(
            messages,
            {
                "id": m.id,
                "complaint_id": m.complaint_id,
                "kind": m.kind.value,
                "channel": m.channel,
                "gateway": m.gateway,
                "external_id": m.external_id,
                "sender": m.sender,
                "subject": m.subject,
                "text": m.text,
                "received_at": m.received_at,
            },
        )

    async def find(self, channel: str, external_id: str) -> CustomerMessage | None:
        stmt = select(messages).where(
            messages.c.channel == channel, messages.c.external_id == external_id
        )
        row = (await self._session.execute(stmt)).first()
        return None if row is None else _message(row)

    async def of_complaint(self, complaint_id: UUID) -> list[CustomerMessage]:
        stmt = (
            select(messages).where(messages.c.complaint_id == complaint_id).order_by(messages.c.seq)
        )
        return [_message(r) for r in await self._session.execute(stmt)]

    async def recently_open(self, customer_ids: list[UUID], since: datetime) -> list[UUID]:
        """The customers' open complaints that heard from them since `since`."""
        last = func.max(messages.c.received_at)
        stmt = (
            select(complaints.c.id)
            .join(messages, messages.c.complaint_id == complaints.c.id)
            .where(
                complaints.c.customer_id.in_(customer_ids),
                complaints.c.status.not_in([s.value for s in CLOSED]),
            )
            .group_by(complaints.c.id)
            .having(last >= since)
            .order_by(last.desc())
        )
        return list((await self._session.scalars(stmt)).all())

    async def spend_token(self, token: str, now: datetime, forget_before: datetime) -> bool:
        """False when the token was used already; tokens older than the window are dropped."""
        await self._session.execute(
            delete(webhook_tokens).where(webhook_tokens.c.seen_at < forget_before)
        )
        seen = select(webhook_tokens.c.token).where(webhook_tokens.c.token == token)
        if (await self._session.execute(seen)).first():
            return False
        await self._session.execute(insert(webhook_tokens).values(token=token, seen_at=now))
        return True

    async def add_attachment(self, a: StoredAttachment) -> None:
        await self._session.execute(
            insert(attachments).values(
                id=a.id,
                complaint_id=a.complaint_id,
                message_id=a.message_id,
                filename=a.filename,
                content_type=a.content_type,
                size=a.size,
                sha256=a.sha256,
                storage_key=a.storage_key,
                created_at=a.created_at,
            )
        )

    async def attachments_of(self, complaint_id: UUID) -> list[StoredAttachment]:
        stmt = (
            select(attachments)
            .where(attachments.c.complaint_id == complaint_id)
            .order_by(attachments.c.created_at, attachments.c.filename)
        )
        return [_attachment(r) for r in await self._session.execute(stmt)]

    async def attachment(self, complaint_id: UUID, attachment_id: UUID) -> StoredAttachment | None:
        stmt = select(attachments).where(
            attachments.c.complaint_id == complaint_id, attachments.c.id == attachment_id
        )
        row = (await self._session.execute(stmt)).first()
        return None if row is None else _attachment(row)


def _attachment(r: Row[Any]) -> StoredAttachment:
    return StoredAttachment(
        r.id,
        r.complaint_id,
        r.message_id,
        r.filename,
        r.content_type,
        r.size,
        r.sha256,
        r.storage_key,
        r.created_at,
    )

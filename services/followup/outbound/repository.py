"""Outgoing messages: written with their attempt, claimed under a lease for sending."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Row, and_, or_, select, update

from services.followup.outbound.transports import Outgoing
from services.followup.tables import callbacks, messages
from shared.db.session import BatchingSession
from shared.errors import NotFound


class MessageNotFound(NotFound):
    code = "message_not_found"


class MessageRepository:
    def __init__(self, session: BatchingSession) -> None:
        self._session = session

    async def add(
        self,
        *,
        id: UUID,
        callback_id: UUID,
        attempt: int,
        channel: str,
        recipient: str,
        subject: str | None,
        body: str,
        now: datetime,
    ) -> None:
        self._session.insert_later(
            messages,
            {
                "id": id,
                "callback_id": callback_id,
                "attempt": attempt,
                "channel": channel,
                "recipient": recipient,
                "subject": subject,
                "body": body,
                "status": "pending",
                "tries": 0,
                "next_try_at": now,
                "created_at": now,
            },
        )

    async def claim_pending(
        self, now: datetime, lease_until: datetime, limit: int
    ) -> list[Outgoing]:
        """Pending messages due, and those whose sender's lease ran out (it died mid-send);
        each claimed by a conditional update, so two dispatchers never hold the same one."""
        ready = or_(messages.c.status == "pending", messages.c.status == "sending")
        stmt = (
            select(messages, callbacks.c.complaint_id)
            .join(callbacks, callbacks.c.id == messages.c.callback_id)
            .where(ready, messages.c.next_try_at <= now)
        )
        rows = await self._session.execute(stmt.order_by(messages.c.next_try_at).limit(limit))
        claimed = []
        for row in rows.all():
            won = await self._session.execute(
                update(messages)
                .where(
                    and_(
                        messages.c.id == row.id,
                        messages.c.status == row.status,
                        messages.c.next_try_at == row.next_try_at,
                    )
                )
                .values(status="sending", next_try_at=lease_until, tries=row.tries + 1)
            )
            if won.rowcount == 1:  # type: ignore[attr-defined]
                claimed.append(
                    Outgoing(
                        row.id, row.channel, row.recipient, row.subject, row.body, row.complaint_id
                    )
                )
        return claimed

    async def tries(self, message_id: UUID) -> int:
        stmt = select(messages.c.tries).where(messages.c.id == message_id)
        return int((await self._session.execute(stmt)).scalar_one())

    async def retry_at(self, message_id: UUID, at: datetime, error: str) -> None:
        await self._session.execute(
            update(messages)
            .where(messages.c.id == message_id)
            .values(status="pending", next_try_at=at, error=error[:300])
        )

    async def settle(
        self,
        message_id: UUID,
        now: datetime,
        *,
        ok: bool,
        provider_id: str | None,
        error: str | None,
    ) -> Row[Any]:
        values: dict[str, Any] = (
            {"status": "sent", "sent_at": now, "provider_id": provider_id, "error": None}
            if ok
            else {"status": "failed", "error": (error or "")[:300]}
        )
        await self._session.execute(
            update(messages).where(messages.c.id == message_id).values(**values)
        )
        return await self._get(message_id)

    async def report(
        self, message_id: UUID, now: datetime, *, delivered: bool, error: str | None
    ) -> Row[Any]:
        row = await self._get(message_id)
        values: dict[str, Any] = (
            {"status": "delivered", "delivered_at": now}
            if delivered
            else {"status": "undelivered", "error": (error or "undelivered")[:300]}
        )
        await self._session.execute(
            update(messages).where(messages.c.id == message_id).values(**values)
        )
        return row

    async def _get(self, message_id: UUID) -> Row[Any]:
        row = (
            await self._session.execute(select(messages).where(messages.c.id == message_id))
        ).first()
        if row is None:
            raise MessageNotFound("no message with this id", message_id=str(message_id))
        return row

"""Follow-up's read side: callbacks, their attempts and messages as typed read models mapped
from the rows by name, for the agents' queue, the API and the figures. Use cases that only
read go through here, never through the aggregates' repositories."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.followup.tables import attempts, callbacks, messages
from shared.pagination import keyset_after


class ReadModel(BaseModel):
    """Mapped from a row by name; the API answers with it as it is."""

    model_config = ConfigDict(from_attributes=True, frozen=True)


class CallbackView(ReadModel):
    id: UUID
    complaint_id: UUID
    reference: str | None
    department: str | None
    purpose: str
    channel: str
    status: str
    scheduled_for: datetime
    deadline: datetime
    timezone: str
    within_deadline: bool
    reason: str | None
    priority: str | None
    created_at: datetime
    attempts: int
    claimed_by: str | None
    lease_until: datetime | None
    awaiting_reply_until: datetime | None
    outcome: str | None
    score: int | None
    resolved: bool | None
    comment: str | None
    completed_at: datetime | None


class AttemptView(ReadModel):
    attempt: int
    channel: str
    outcome: str
    by: str | None
    notes: str | None
    at: datetime


class MessageView(ReadModel):
    id: UUID
    attempt: int
    channel: str
    subject: str | None
    body: str
    status: str
    tries: int
    provider_id: str | None
    error: str | None
    sent_at: datetime | None
    delivered_at: datetime | None


class CallbackReads:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def callback(self, callback_id: UUID) -> CallbackView | None:
        stmt = select(callbacks).where(callbacks.c.id == callback_id)
        row = (await self._session.execute(stmt)).first()
        return None if row is None else CallbackView.model_validate(row)

    async def queue(
        self, *, now: datetime, agent: str, department: str | None, limit: int
    ) -> list[CallbackView]:
        """Calls (and letters) due now that nobody else holds: most urgent first, then oldest."""
        free = (
            callbacks.c.lease_until.is_(None)
            | (callbacks.c.lease_until <= now)
            | (callbacks.c.claimed_by == agent)
        )
        stmt = select(callbacks).where(
            callbacks.c.status == "scheduled",
            callbacks.c.channel.in_(["phone", "letter"]),
            callbacks.c.scheduled_for <= now,
            free,
        )
        if department is not None:
            stmt = stmt.where(callbacks.c.department == department)
        stmt = stmt.order_by(func.coalesce(callbacks.c.priority, "P9"), callbacks.c.scheduled_for)
        return [
            CallbackView.model_validate(row)
            for row in await self._session.execute(stmt.limit(limit))
        ]

    async def due(
        self,
        *,
        due_before: datetime | None,
        status: str | None,
        channel: str | None,
        purpose: str | None = None,
        department: str | None = None,
        after: tuple[datetime, UUID] | None,
        limit: int,
    ) -> list[CallbackView]:
        """Callbacks in due order, filtered."""
        stmt = select(callbacks).order_by(callbacks.c.scheduled_for, callbacks.c.id)
        for column, wanted in (
            ("status", status),
            ("channel", channel),
            ("purpose", purpose),
            ("department", department),
        ):
            if wanted:
                stmt = stmt.where(callbacks.c[column] == wanted)
        if due_before is not None:
            stmt = stmt.where(callbacks.c.scheduled_for < due_before)
        if after is not None:
            stmt = stmt.where(keyset_after(callbacks.c.scheduled_for, callbacks.c.id, after))
        return [
            CallbackView.model_validate(row)
            for row in await self._session.execute(stmt.limit(limit))
        ]

    async def attempts_of(self, callback_id: UUID) -> list[AttemptView]:
        stmt = select(attempts).where(attempts.c.callback_id == callback_id)
        return [
            AttemptView.model_validate(row)
            for row in await self._session.execute(stmt.order_by(attempts.c.id))
        ]

    async def messages_of(self, callback_id: UUID) -> list[MessageView]:
        stmt = select(messages).where(messages.c.callback_id == callback_id)
        return [
            MessageView.model_validate(row)
            for row in await self._session.execute(stmt.order_by(messages.c.attempt))
        ]

    async def satisfaction_between(self, since: datetime, until: datetime) -> list[CallbackView]:
        stmt = select(callbacks).where(
            callbacks.c.purpose == "satisfaction",
            callbacks.c.created_at >= since,
            callbacks.c.created_at < until,
        )
        return [CallbackView.model_validate(row) for row in await self._session.execute(stmt)]

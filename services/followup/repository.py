"""Follow-up's repositories."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Row, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.followup.domain import Callback, Case
from services.followup.models import callbacks, cases
from shared.pagination import keyset_after


class CaseRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, complaint_id: UUID) -> Case | None:
        stmt = select(cases).where(cases.c.complaint_id == complaint_id)
        row = (await self._session.execute(stmt)).first()
        return None if row is None else Case(**row._asdict())

    async def save(self, case: Case, *, is_new: bool) -> None:
        values = asdict(case)
        if is_new:
            await self._session.execute(insert(cases).values(**values))
        else:
            await self._session.execute(
                update(cases).where(cases.c.complaint_id == case.complaint_id).values(**values)
            )


class CallbackRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.seen: list[Callback] = []

    async def exists(self, complaint_id: UUID, purpose: str) -> bool:
        stmt = select(callbacks.c.id).where(
            callbacks.c.complaint_id == complaint_id, callbacks.c.purpose == purpose
        )
        return (await self._session.execute(stmt)).first() is not None

    async def add(self, cb: Callback) -> None:
        await self._session.execute(
            insert(callbacks).values(
                id=cb.id, complaint_id=cb.complaint_id, purpose=cb.purpose, channel=cb.channel,
                status=cb.status.value, scheduled_for=cb.scheduled_for, deadline=cb.deadline,
                timezone=cb.timezone, within_deadline=cb.within_deadline, reason=cb.reason,
                priority=cb.priority, created_at=cb.created_at,
            )
        )  # fmt: skip
        self.seen.append(cb)

    async def due(
        self, *, due_before: datetime | None, status: str | None, channel: str | None,
        purpose: str | None = None,
        after: tuple[datetime, UUID] | None, limit: int,
    ) -> list[Row[Any]]:  # fmt: skip
        stmt = select(callbacks).order_by(callbacks.c.scheduled_for, callbacks.c.id)
        if due_before is not None:
            stmt = stmt.where(callbacks.c.scheduled_for < due_before)
        if status:
            stmt = stmt.where(callbacks.c.status == status)
        if channel:
            stmt = stmt.where(callbacks.c.channel == channel)
        if purpose:
            stmt = stmt.where(callbacks.c.purpose == purpose)
        if after is not None:
            stmt = stmt.where(keyset_after(callbacks.c.scheduled_for, callbacks.c.id, after))
        return list((await self._session.execute(stmt.limit(limit))).all())

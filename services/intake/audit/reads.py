"""Recording a read of personal data, and answering "who saw this customer's data"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict
from sqlalchemy import insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.intake.tables import read_audit
from shared.auth.keys import Principal

What = Literal["complaint", "attachment", "screen_pop", "history"]


@dataclass(frozen=True)
class Read:
    what: What
    complaint_id: UUID | None = None
    customer_id: UUID | None = None
    item: str | None = None


class ReadLine(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    at: datetime
    reader: str
    username: str | None
    what: str
    complaint_id: UUID | None
    customer_id: UUID | None
    item: str | None


class ReadAudit:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(self, principal: Principal, read: Read, at: datetime) -> None:
        await self._session.execute(
            insert(read_audit).values(
                at=at,
                reader=principal.name[:200],
                username=principal.staff.username if principal.staff else None,
                what=read.what,
                complaint_id=read.complaint_id,
                customer_id=read.customer_id,
                item=read.item,
            )
        )

    async def of(
        self, *, complaint_id: UUID | None, customer_id: UUID | None, limit: int
    ) -> list[ReadLine]:
        """Newest first: the reads of a complaint, of a customer (any of their complaints), or
        both together."""
        wanted = []
        if complaint_id is not None:
            wanted.append(read_audit.c.complaint_id == complaint_id)
        if customer_id is not None:
            wanted.append(read_audit.c.customer_id == customer_id)
        stmt = (
            select(read_audit)
            .where(or_(*wanted))
            .order_by(read_audit.c.at.desc(), read_audit.c.id.desc())
            .limit(limit)
        )
        return [ReadLine.model_validate(row) for row in await self._session.execute(stmt)]

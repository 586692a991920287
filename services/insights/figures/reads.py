"""The read model's rows as the figures need them."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Select, select

from services.insights.tables import complaint_facts as facts
from shared.db.session import BatchingSession

CLOSED_STATUSES = ("resolved", "closed", "rejected", "withdrawn", "merged")


class Fact(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    complaint_id: UUID
    reference: str | None
    channel: str | None
    language: str | None
    segment: str | None
    repeat: bool | None
    department: str | None
    priority: str | None
    cause: str | None
    motive: str | None
    risk_flags: str | None
    root_cause: str | None
    status: str | None
    topic: str | None = None
    registered_at: datetime | None
    first_contact_at: datetime | None
    first_response_due: datetime | None
    resolution_due: datetime | None
    promised_by: datetime | None
    resolved_at: datetime | None
    reopens: int
    returns: int
    escalations: int
    score: int | None
    text: str | None = None


Query = Select[tuple[object, ...]]


def _scoped(query: Query, departments: Collection[str] | None) -> Query:
    return query if departments is None else query.where(facts.c.department.in_(departments))


class FactReads:
    def __init__(self, session: BatchingSession) -> None:
        self._session = session

    async def registered_between(
        self, since: datetime, until: datetime, departments: Collection[str] | None
    ) -> list[Fact]:
        """Complaints registered in [since, until); of `departments` only, unless None."""
        query = select(*facts.c).where(
            facts.c.registered_at >= since, facts.c.registered_at < until
        )
        rows = await self._session.execute(_scoped(query, departments))
        return [Fact.model_validate(row) for row in rows]

    async def registered_since(
        self, since: datetime, departments: Collection[str] | None = None
    ) -> list[Fact]:
        query = select(*facts.c).where(facts.c.registered_at >= since)
        rows = await self._session.execute(_scoped(query, departments))
        return [Fact.model_validate(row) for row in rows]

    async def investigated_since(
        self, since: datetime, departments: Collection[str] | None
    ) -> list[Fact]:
        query = select(*facts.c).where(
            facts.c.registered_at >= since, facts.c.root_cause.is_not(None)
        )
        rows = await self._session.execute(_scoped(query, departments))
        return [Fact.model_validate(row) for row in rows]

    async def open_at_present(self, departments: Collection[str] | None) -> list[Fact]:
        query = select(*facts.c).where(
            facts.c.registered_at.is_not(None),
            facts.c.status.not_in(CLOSED_STATUSES),
        )
        rows = await self._session.execute(_scoped(query, departments))
        return [Fact.model_validate(row) for row in rows]

"""Routing's read side: cases, their audit trail and validity decisions as typed read models,
mapped from the rows by name. Use cases that only read go through here, never through the
aggregates' repositories."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.routing.tables import OPEN_CASE, assignments, case_steps, validity_decisions
from shared.events.common import Priority
from shared.events.intake import ComplaintRegistered
from shared.pagination import keyset_after


class ReadModel(BaseModel):
    """Mapped from a row by name; the API answers with it as it is."""

    model_config = ConfigDict(from_attributes=True, frozen=True)


class CaseView(ReadModel):
    """A case as readers see it: the assignment, its handling state and its records."""

    complaint_id: UUID
    reference: str
    channel: str
    department: str
    priority: Priority
    matched_rule: str | None
    reasons: list[str]
    risk_flags: list[str]
    first_response_due: datetime
    resolution_due: datetime
    routed_at: datetime
    classification: dict[str, Any] | None  # the routed event's explanation, as published
    senior_handler: bool
    text: str | None = Field(None, description="the complaint, with any merged duplicates")
    state: str
    handler: str | None
    returns: int
    arbitrated: bool
    investigation: dict[str, Any] | None  # JSON documents of case/states.py's records
    proposal: dict[str, Any] | None
    extension: dict[str, Any] | None = Field(description="a request for more time, pending")
    resolved_at: datetime | None


class StepView(ReadModel):
    """One line of a case's audit trail."""

    step: str
    from_state: str
    to_state: str
    department: str
    by: str
    role: str
    at: datetime
    details: dict[str, Any]


class Decision(ReadModel):
    """A validity verdict and any overturn."""

    complaint_id: UUID
    reference: str
    reason: str
    signals: list[str]
    referred_to: str | None
    decided_at: datetime
    overturned_by: str | None
    overturned_at: datetime | None
    overturn_note: str | None


class DecisionView(Decision):
    """The verdict with the registered facts it was given, to judge or route again."""

    complaint: dict[str, Any]

    @property
    def registered(self) -> ComplaintRegistered:
        return ComplaintRegistered.model_validate(self.complaint)


class CaseReads:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def case(self, complaint_id: UUID) -> CaseView | None:
        stmt = select(assignments).where(assignments.c.complaint_id == complaint_id)
        row = (await self._session.execute(stmt)).first()
        return None if row is None else CaseView.model_validate(row)

    async def queue(
        self,
        *,
        department: str | None,
        priority: str | None,
        state: str | None,
        after: tuple[datetime, UUID] | None,
        limit: int,
    ) -> list[CaseView]:
        """Most urgent first: ordered by resolution deadline. Open cases unless `state` names
        one (a resolved case's deadline is history, not urgency)."""
        stmt = select(assignments).order_by(
            assignments.c.resolution_due, assignments.c.complaint_id
        )
        stmt = stmt.where(assignments.c.state == state if state else OPEN_CASE)
        for column, wanted in (("department", department), ("priority", priority)):
            if wanted:
                stmt = stmt.where(assignments.c[column] == wanted)
        if after is not None:
            stmt = stmt.where(
                keyset_after(assignments.c.resolution_due, assignments.c.complaint_id, after)
            )
        return [
            CaseView.model_validate(row) for row in await self._session.execute(stmt.limit(limit))
        ]

    async def steps(self, complaint_id: UUID) -> list[StepView]:
        stmt = (
            select(case_steps)
            .where(case_steps.c.complaint_id == complaint_id)
            .order_by(case_steps.c.id)
        )
        return [StepView.model_validate(row) for row in await self._session.execute(stmt)]

    async def decision(self, complaint_id: UUID) -> DecisionView | None:
        stmt = select(validity_decisions).where(validity_decisions.c.complaint_id == complaint_id)
        row = (await self._session.execute(stmt)).first()
        return None if row is None else DecisionView.model_validate(row)

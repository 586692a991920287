"""Routing's validity decisions: the verdicts, duplicates' merging, supervisors' overturns."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import func, or_, select, update

from services.routing.tables import OPEN_CASE, assignments, validity_decisions
from services.routing.validity.judge import OpenComplaint, Verdict
from shared.db.session import BatchingSession
from shared.events.intake import ComplaintRegistered


class ValidityRepository:
    def __init__(self, session: BatchingSession) -> None:
        self._session = session

    async def count_since(self, customer_id: UUID, since: datetime) -> int:
        stmt = (
            select(func.count())
            .select_from(validity_decisions)
            .where(
                validity_decisions.c.customer_id == customer_id,
                validity_decisions.c.decided_at >= since,
            )
        )
        return int((await self._session.execute(stmt)).scalar_one())

    async def add(
        self, complaint: ComplaintRegistered, verdict: Verdict, at: datetime, *, again: bool
    ) -> None:
        """Records the verdict; `again`: it replaces the one given before more information."""
        values = {
            "reference": complaint.reference,
            "customer_id": complaint.customer.customer_id,
            "reason": verdict.reason,
            "signals": verdict.signals,
            "complaint": complaint.model_dump(mode="json"),
            "referred_to": verdict.referred_to,
            "decided_at": at,
        }
        if again:
            await self._session.execute(
                update(validity_decisions)
                .where(validity_decisions.c.complaint_id == complaint.complaint_id)
                .values(values)
            )
        else:
            self._session.insert_later(
                validity_decisions, {"complaint_id": complaint.complaint_id, **values}
            )

    async def open_of_customer(self, customer_id: UUID, since: datetime) -> list[OpenComplaint]:
        """The customer's complaints routed since `since` (valid, or ruled so on overturn) and
        not yet resolved."""
        d = validity_decisions
        stmt = (
            select(d.c.complaint_id, d.c.reference, d.c.complaint)
            .join(assignments, assignments.c.complaint_id == d.c.complaint_id)
            .where(
                d.c.customer_id == customer_id,
                d.c.decided_at >= since,
                or_(d.c.reason == "valid", d.c.overturned_at.is_not(None)),
                OPEN_CASE,
            )
        )
        return [
            OpenComplaint(row.complaint_id, row.reference, row.complaint["text"])
            for row in await self._session.execute(stmt)
        ]

    async def merge(self, into: UUID, reference: str, text: str) -> None:
        """The open complaint's case gets the new text, marked with where it came from."""
        await self._session.execute(
            update(assignments)
            .where(assignments.c.complaint_id == into)
            .values(text=func.coalesce(assignments.c.text, "") + f"\n\n[{reference}] " + text)
        )

    async def overturn(
        self, complaint_id: UUID, *, by: str, note: str | None, at: datetime
    ) -> None:
        await self._session.execute(
            update(validity_decisions)
            .where(validity_decisions.c.complaint_id == complaint_id)
            .values(overturned_by=by, overturned_at=at, overturn_note=note)
        )

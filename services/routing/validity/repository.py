"""Routing's validity decisions: the verdicts, duplicates' merging, supervisors' overturns."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import bindparam, func, or_, select, update

from services.routing.tables import OPEN_CASE, assignments, validity_decisions
from services.routing.validity.judge import OpenComplaint, Verdict
from shared.db.session import BatchingSession
from shared.events.intake import ComplaintRegistered

_decision = validity_decisions.c
_CUSTOMER = bindparam("customer_id", type_=_decision.customer_id.type)
_SINCE = bindparam("since", type_=_decision.decided_at.type)
# Built once: both run for every complaint judged.
_COUNT_SINCE = (
    select(func.count())
    .select_from(validity_decisions)
    .where(_decision.customer_id == _CUSTOMER, _decision.decided_at >= _SINCE)
)
_OPEN_OF_CUSTOMER = (
    select(
        _decision.complaint_id,
        _decision.reference,
        _decision.complaint,
    )
    .join(assignments, assignments.c.complaint_id == _decision.complaint_id)
    .where(
        _decision.customer_id == _CUSTOMER,
        _decision.decided_at >= _SINCE,
        or_(_decision.reason == "valid", _decision.overturned_at.is_not(None)),
        OPEN_CASE,
    )
)


class ValidityRepository:
    def __init__(self, session: BatchingSession) -> None:
        self._session = session

    async def count_since(self, customer_id: UUID, since: datetime) -> int:
        params = {"customer_id": customer_id, "since": since}
        return int((await self._session.execute(_COUNT_SINCE, params)).scalar_one())

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
        params = {"customer_id": customer_id, "since": since}
        return [
            OpenComplaint(row.complaint_id, row.reference, row.complaint["text"])
            for row in await self._session.execute(_OPEN_OF_CUSTOMER, params)
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

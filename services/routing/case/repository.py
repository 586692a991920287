"""Cases as the handling workflow sees them, with their audit trail."""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from sqlalchemy import CursorResult, Row, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.routing.case.domain import Case
from services.routing.tables import assignment_history, assignments, case_steps
from shared.errors import Conflict


class CaseChanged(Conflict):
    code = "case_changed"


class CaseRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.seen: list[Case] = []

    async def get(self, complaint_id: UUID) -> Case | None:
        row = (
            await self._session.execute(
                select(assignments).where(assignments.c.complaint_id == complaint_id)
            )
        ).first()
        if row is None:
            return None
        return Case(
            row.complaint_id,
            row.reference,
            row.department,
            row.state,
            row.resolution_due,
            row.returns,
            row.arbitrated,
            row.handler,
            row.investigation,
            row.proposal,
            row.extension,
        )

    async def save(self, case: Case) -> None:
        """Refused when another request moved the case since it was read."""
        values: dict[str, Any] = {
            "state": case.state,
            "department": case.department,
            "handler": case.handler,
            "returns": case.returns,
            "arbitrated": case.arbitrated,
            "investigation": case.investigation,
            "proposal": case.proposal,
            "extension": case.extension,
            "resolution_due": case.resolution_due,
        }
        if case.state == "resolved":
            values["resolved_at"] = case.steps[-1].at
        if case.ladder_restarts:
            values |= {"warned_at": None, "urged_at": None, "supervised_at": case.supervised_since}
        result = await self._session.execute(
            update(assignments)
            .where(
                assignments.c.complaint_id == case.complaint_id,
                assignments.c.state == case.loaded_state,
            )
            .values(values)
        )
        if not cast(CursorResult[Any], result).rowcount:
            raise CaseChanged("the case changed meanwhile; reload it and try again")
        await self._session.execute(
            insert(case_steps),
            [{"complaint_id": case.complaint_id, **step.__dict__} for step in case.steps],
        )
        if case.department != case.loaded_department:
            last = case.steps[-1]
            await self._session.execute(
                insert(assignment_history).values(
                    complaint_id=case.complaint_id,
                    from_department=case.loaded_department,
                    to_department=case.department,
                    by=last.by,
                    reason=last.details.get("reason"),
                    at=last.at,
                )
            )
        self.seen.append(case)

    async def steps(self, complaint_id: UUID) -> list[Row[Any]]:
        stmt = (
            select(case_steps)
            .where(case_steps.c.complaint_id == complaint_id)
            .order_by(case_steps.c.id)
        )
        return list((await self._session.execute(stmt)).all())

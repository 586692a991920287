"""Follow-up's view of each case, kept from intake's and routing's events."""

from __future__ import annotations

from dataclasses import asdict
from uuid import UUID

from sqlalchemy import select, update

from services.followup.planning.case import Case
from services.followup.tables import cases
from shared.db.session import BatchingSession


class CaseRepository:
    def __init__(self, session: BatchingSession) -> None:
        self._session = session

    async def get(self, complaint_id: UUID) -> Case | None:
        stmt = select(cases).where(cases.c.complaint_id == complaint_id)
        row = (await self._session.execute(stmt)).first()
        return None if row is None else Case(**row._asdict())

    async def save(self, case: Case, *, is_new: bool) -> None:
        values = asdict(case)
        if is_new:
            self._session.insert_later(cases, values)
        else:
            await self._session.execute(
                update(cases).where(cases.c.complaint_id == case.complaint_id).values(**values)
            )

"""Follow-up's view of each case, kept from intake's and routing's events."""

from __future__ import annotations

from dataclasses import fields
from uuid import UUID

from sqlalchemy import bindparam, select

from services.followup.planning.case import Case
from services.followup.tables import cases
from shared.db.session import BatchingSession, update_by

_BY_COMPLAINT = select(cases).where(cases.c.complaint_id == bindparam("complaint_id"))
_COLUMNS = tuple(f.name for f in fields(Case))


class CaseRepository:
    def __init__(self, session: BatchingSession) -> None:
        self._session = session

    async def get(self, complaint_id: UUID) -> Case | None:
        found = await self._session.execute(_BY_COMPLAINT, {"complaint_id": complaint_id})
        row = found.first()
        return None if row is None else Case(**row._asdict())

    async def save(self, case: Case, *, is_new: bool) -> None:
        values = {name: getattr(case, name) for name in _COLUMNS}
        if is_new:
            self._session.insert_later(cases, values)
        else:
            await self._session.execute(
                update_by(cases, "complaint_id", _COLUMNS),
                {**values, "key_complaint_id": case.complaint_id},
            )

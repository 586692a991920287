"""The customer-facing timeline: every step of a complaint, in order, and the status it
moves the complaint to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, select

from services.intake.tables import complaints, timeline
from shared.db.session import BatchingSession, update_by


@dataclass(frozen=True)
class TimelineEntry:
    type: str
    source: str
    at: datetime
    data: dict[str, Any]


@dataclass(frozen=True)
class Standing:
    """What an event of routing or follow-up needs to know of its complaint."""

    customer_id: UUID
    survey_callback_id: UUID | None
    status_at: datetime


_STANDING = select(
    complaints.c.customer_id, complaints.c.survey_callback_id, complaints.c.status_at
).where(complaints.c.id == bindparam("complaint_id"))


class TimelineRepository:
    def __init__(self, session: BatchingSession) -> None:
        self._session = session

    async def record(
        self,
        complaint_id: UUID,
        entry: TimelineEntry,
        *,
        event_id: UUID | None = None,
        changes: dict[str, Any] | None = None,
    ) -> None:
        self._session.insert_later(
            timeline,
            {
                "complaint_id": complaint_id,
                "event_id": event_id,
                "type": entry.type,
                "source": entry.source,
                "at": entry.at,
                "data": entry.data,
            },
        )
        if changes:  # a few shapes of change, each statement built once
            await self._session.execute(
                update_by(complaints, "id", tuple(changes)), {**changes, "key_id": complaint_id}
            )

    async def standing(self, complaint_id: UUID) -> Standing | None:
        """Three columns in one read, not the whole row (its text included) and then the
        status time: this is read for every event intake follows."""
        row = (await self._session.execute(_STANDING, {"complaint_id": complaint_id})).first()
        return None if row is None else Standing(*row)

    async def of(self, complaint_id: UUID) -> list[TimelineEntry]:
        rows = (
            await self._session.execute(
                select(timeline)
                .where(timeline.c.complaint_id == complaint_id)
                .order_by(timeline.c.at, timeline.c.id)
            )
        ).all()
        return [TimelineEntry(r.type, r.source, r.at, r.data) for r in rows]

    async def last_contacts(
        self, customer_id: UUID, types: tuple[str, ...], *, limit: int
    ) -> list[tuple[str, TimelineEntry]]:
        """The newest contacts with the customer across their complaints, with the reference."""
        stmt = (
            select(complaints.c.reference, timeline)
            .join(timeline, timeline.c.complaint_id == complaints.c.id)
            .where(complaints.c.customer_id == customer_id, timeline.c.type.in_(types))
            .order_by(timeline.c.at.desc(), timeline.c.id.desc())
            .limit(limit)
        )
        return [
            (r.reference, TimelineEntry(r.type, r.source, r.at, r.data))
            for r in await self._session.execute(stmt)
        ]

"""Intake's repositories: explicit mapping between rows and domain objects."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Row, bindparam, func, select, update

from services.intake.complaints.domain import CLOSED, Channel, Complaint, Status
from services.intake.tables import complaint_number_seq, complaints, counters
from shared.db.session import BatchingSession
from shared.pagination import keyset_after


def _complaint(row: Row[Any]) -> Complaint:
    return Complaint(
        id=row.id,
        reference=row.reference,
        channel=Channel(row.channel),
        external_ref=row.external_ref,
        customer_id=row.customer_id,
        text=row.text,
        details=row.details,
        category=row.category,
        language=row.language,
        received_at=row.received_at,
        registered_at=row.registered_at,
        first_response_due=row.first_response_due,
        repeat_count=row.repeat_count,
        idempotency_key=row.idempotency_key,
        request_hash=row.request_hash,
        status=Status(row.status),
        department=row.department,
        priority=row.priority,
        resolution_due=row.resolution_due,
        survey_callback_id=row.survey_callback_id,
        survey_channel=row.survey_channel,
        survey_until=row.survey_until,
    )


@dataclass(frozen=True)
class ComplaintFilter:
    customer_id: UUID | None = None
    customer_ids: tuple[UUID, ...] | None = None
    status: str | None = None
    channel: str | None = None
    registered_from: datetime | None = None
    registered_to: datetime | None = None
    departments: frozenset[str] | None = None  # None: every department (a reader's remit)


class ComplaintNumbers:
    """The numbers in complaint references, one process's supply. On PostgreSQL they come
    from the sequence a block at a time: one round trip per block, not per complaint, and a
    sequence never gives a number twice, even to a transaction that rolls back (references
    are unique and increasing per process, with gaps, as any sequence's). SQLite counts in
    the registering transaction: no round trip there to save."""

    def __init__(self, block: int = 20) -> None:
        self.block = block
        self._free: deque[int] = deque()

    async def take(self, session: BatchingSession) -> int:
        if session.get_bind().dialect.name != "postgresql":
            return int((await session.execute(_COUNT_ONE)).scalar_one())
        if not self._free:
            taken = await session.scalars(_TAKE_BLOCK, {"block": self.block})
            self._free.extend(sorted(taken))
        return self._free.popleft()


_COUNT_ONE = (
    update(counters)
    .where(counters.c.name == "complaint_number")
    .values(value=counters.c.value + 1)
    .returning(counters.c.value)
)
_TAKE_BLOCK = select(complaint_number_seq.next_value()).select_from(
    func.generate_series(1, bindparam("block"))
)


class ComplaintRepository:
    def __init__(self, session: BatchingSession, numbers: ComplaintNumbers) -> None:
        self._session = session
        self._numbers = numbers
        self.seen: list[Complaint] = []

    async def next_number(self) -> int:
        return await self._numbers.take(self._session)

    async def add(self, complaint: Complaint) -> None:
        c = complaint
        self._session.insert_later(
            complaints,
            {
                "id": c.id,
                "reference": c.reference,
                "channel": c.channel.value,
                "external_ref": c.external_ref,
                "customer_id": c.customer_id,
                "text": c.text,
                "details": c.details,
                "category": c.category,
                "language": c.language,
                "received_at": c.received_at,
                "registered_at": c.registered_at,
                "first_response_due": c.first_response_due,
                "repeat_count": c.repeat_count,
                "idempotency_key": c.idempotency_key,
                "request_hash": c.request_hash,
                "status": c.status.value,
                "status_at": c.registered_at,
            },
        )
        self.seen.append(complaint)

    async def save_text(self, complaint: Complaint) -> None:
        await self._session.execute(
            update(complaints).where(complaints.c.id == complaint.id).values(text=complaint.text)
        )
        self.seen.append(complaint)

    async def save_state(
        self,
        complaint: Complaint,
        *,
        status_at: datetime | None = None,
        reply_ref: str | None = None,
    ) -> None:
        """Status and the pending survey, after a withdrawal or a survey answer."""
        values: dict[str, Any] = {
            "status": complaint.status.value,
            "survey_callback_id": complaint.survey_callback_id,
            "survey_channel": complaint.survey_channel,
            "survey_until": complaint.survey_until,
        }
        if status_at is not None:
            values["status_at"] = status_at
        if reply_ref is not None:
            values["survey_reply_ref"] = reply_ref
        await self._session.execute(
            update(complaints).where(complaints.c.id == complaint.id).values(**values)
        )
        self.seen.append(complaint)

    async def awaiting_survey(self, customer_id: UUID, channel: Channel) -> list[Complaint]:
        """The customer's complaints whose survey waits for an answer on this channel."""
        stmt = (
            select(complaints)
            .where(
                complaints.c.customer_id == customer_id,
                complaints.c.survey_channel == channel.value,
            )
            .order_by(complaints.c.survey_until.desc())
        )
        return [_complaint(row) for row in (await self._session.execute(stmt)).all()]

    async def by_survey_reply(self, reply_ref: str) -> Complaint | None:
        return await self._one(complaints.c.survey_reply_ref == reply_ref)

    async def _one(self, *where: Any) -> Complaint | None:
        row = (await self._session.execute(select(complaints).where(*where))).first()
        return None if row is None else _complaint(row)

    async def get(self, complaint_id: UUID) -> Complaint | None:
        return await self._one(complaints.c.id == complaint_id)

    async def get_by_reference(self, reference: str) -> Complaint | None:
        return await self._one(complaints.c.reference == reference)

    async def get_by_external_ref(self, channel: Channel, external_ref: str) -> Complaint | None:
        return await self._one(
            complaints.c.channel == channel.value, complaints.c.external_ref == external_ref
        )

    async def get_by_idempotency_key(self, key: str) -> Complaint | None:
        return await self._one(complaints.c.idempotency_key == key)

    async def count_since(self, customer_id: UUID, since: datetime) -> int:
        stmt = (
            select(func.count())
            .select_from(complaints)
            .where(complaints.c.customer_id == customer_id, complaints.c.registered_at >= since)
        )
        return int((await self._session.execute(stmt)).scalar_one())

    async def of_customer(
        self, customer_id: UUID, *, excluding: UUID, limit: int
    ) -> list[Complaint]:
        """The customer's other complaints, newest first."""
        stmt = (
            select(complaints)
            .where(complaints.c.customer_id == customer_id, complaints.c.id != excluding)
            .order_by(complaints.c.registered_at.desc(), complaints.c.seq.desc())
            .limit(limit)
        )
        return [_complaint(row) for row in await self._session.execute(stmt)]

    async def open_of_customer(self, customer_id: UUID, *, limit: int) -> list[Complaint]:
        """The customer's complaints still being dealt with, most urgent deadline first."""
        stmt = (
            select(complaints)
            .where(
                complaints.c.customer_id == customer_id,
                complaints.c.status.not_in([s.value for s in CLOSED]),
            )
            .order_by(complaints.c.first_response_due)
            .limit(limit)
        )
        return [_complaint(row) for row in await self._session.execute(stmt)]

    async def search(
        self, where: ComplaintFilter, *, after: tuple[datetime, int] | None, limit: int
    ) -> list[tuple[Complaint, int]]:
        """Newest first; keyset pagination on (registered_at, seq)."""
        stmt = select(complaints).order_by(
            complaints.c.registered_at.desc(), complaints.c.seq.desc()
        )
        for condition in _conditions(where):
            stmt = stmt.where(condition)
        if after is not None:
            stmt = stmt.where(
                keyset_after(complaints.c.registered_at, complaints.c.seq, after, descending=True)
            )
        rows = (await self._session.execute(stmt.limit(limit))).all()
        return [(_complaint(row), row.seq) for row in rows]


def _conditions(where: ComplaintFilter) -> list[Any]:
    found = []
    if where.customer_id is not None:
        found.append(complaints.c.customer_id == where.customer_id)
    if where.customer_ids is not None:
        found.append(complaints.c.customer_id.in_(where.customer_ids))
    if where.status:
        found.append(complaints.c.status == where.status)
    if where.channel:
        found.append(complaints.c.channel == where.channel)
    if where.registered_from:
        found.append(complaints.c.registered_at >= where.registered_from)
    if where.registered_to:
        found.append(complaints.c.registered_at < where.registered_to)
    if where.departments is not None:
        found.append(complaints.c.department.in_(where.departments))
    return found

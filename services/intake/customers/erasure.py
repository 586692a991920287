"""Erasing a customer (PIPL / GDPR): their personal data replaced in intake's tables, their
complaints kept anonymised for statistics, their files deleted, and a `complaint.erased`
event per complaint so routing and follow-up forget their copies too."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import delete, select, update

from services.intake.attachments.store import AttachmentStore
from services.intake.complaints.timeline import TimelineEntry
from services.intake.customers.domain import CustomerNotFound
from services.intake.tables import (
    attachments,
    complaints,
    customers,
    dead_letters,
    messages,
    outbox,
    timeline,
)
from services.intake.unit_of_work import IntakeUnitOfWork
from shared.events.intake import ComplaintErased
from shared.outbox.erasure import ERASED, forget_messages


@dataclass(frozen=True)
class Erasure:
    customer_id: UUID
    complaints: int
    files: int


async def erase_customer(
    uow: IntakeUnitOfWork, store: AttachmentStore, customer_id: UUID, *, by: str
) -> Erasure:
    async with uow:
        if await uow.customers.get(customer_id) is None:
            raise CustomerNotFound("no customer with this id", customer_id=str(customer_id))
        now = uow.clock.now()
        rows = (
            await uow.session.execute(
                select(complaints.c.id, complaints.c.reference).where(
                    complaints.c.customer_id == customer_id
                )
            )
        ).all()
        ids = [row.id for row in rows]
        keys = await _forget(uow, customer_id, ids)
        for row in rows:
            uow.record(ComplaintErased(complaint_id=row.id, reference=row.reference, erased_at=now))
            await uow.timeline.record(
                row.id, TimelineEntry("customer.erased", "intake", now, {"by": by})
            )
        await uow.commit()
    for key in keys:  # after the commit: a file is gone only once nothing points to it
        await store.delete(key)
    return Erasure(customer_id, len(ids), len(keys))


async def _forget(uow: IntakeUnitOfWork, customer_id: UUID, ids: list[UUID]) -> list[str]:
    """Replaces the personal data; the storage keys of files no other complaint shares."""
    session = uow.session
    await session.execute(
        update(customers)
        .where(customers.c.id == customer_id)
        .values(
            name=ERASED,
            phone=None,
            email=None,
            postal_address=None,
            do_not_disturb=None,
            preferred_hours=None,
        )
    )
    await session.execute(
        update(complaints).where(complaints.c.id.in_(ids)).values(text=ERASED, details={})
    )
    await session.execute(
        update(messages)
        .where(messages.c.complaint_id.in_(ids))
        .values(sender=None, subject=None, text=ERASED)
    )
    await session.execute(update(timeline).where(timeline.c.complaint_id.in_(ids)).values(data={}))
    keys = set(
        (
            await session.execute(
                select(attachments.c.storage_key).where(attachments.c.complaint_id.in_(ids))
            )
        ).scalars()
    )
    await session.execute(delete(attachments).where(attachments.c.complaint_id.in_(ids)))
    shared = select(attachments.c.storage_key).where(attachments.c.storage_key.in_(keys))
    still_used = set((await session.execute(shared)).scalars())  # the same file, elsewhere
    await forget_messages(session, outbox, dead_letters, ids)
    return sorted(keys - still_used)

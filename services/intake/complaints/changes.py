"""What the customer changes on a complaint after registering it: more information, or
withdrawing it."""

from __future__ import annotations

from uuid import UUID

from services.intake.complaints.case_file import find_complaint
from services.intake.complaints.domain import Complaint
from services.intake.complaints.messages import CustomerMessage, MessageKind
from services.intake.complaints.timeline import TimelineEntry
from services.intake.unit_of_work import IntakeUnitOfWork


async def add_information(uow: IntakeUnitOfWork, complaint_id: UUID, text: str) -> Complaint:
    """The customer adds to their complaint (`complaint.updated`): routing re-judges a case
    waiting for information, and an open case gets the new text."""
    async with uow:
        complaint = await find_complaint(uow, complaint_id)
        now = uow.clock.now()
        complaint.add_information(text, now)
        await uow.complaints.save_text(complaint)
        await uow.messages.add(
            CustomerMessage(
                complaint.id, MessageKind.INFORMATION, complaint.channel.value, text, now
            )
        )
        await uow.timeline.record(
            complaint.id,
            TimelineEntry("complaint.updated", "intake", now, {"added_text": text[:500]}),
        )
        await uow.commit()
        return complaint


async def withdraw(uow: IntakeUnitOfWork, complaint_id: UUID, reason: str) -> Complaint:
    async with uow:
        complaint = await find_complaint(uow, complaint_id)
        now = uow.clock.now()
        complaint.withdraw(reason, now)
        await uow.complaints.save_state(complaint, status_at=now)
        await uow.timeline.record(
            complaint.id,
            TimelineEntry(
                "complaint.withdrawn",
                "intake",
                now,
                {"reason": reason[:500]},
            ),
        )
        await uow.commit()
        return complaint

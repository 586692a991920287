"""Forgetting a complaint's personal data on `complaint.erased`: the customer's name and
contacts, their words in answers, the agents' notes, the messages sent. Nothing more is sent to
them: what was pending is cancelled. What the figures need stays (purposes, channels, times,
outcomes, scores)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select, update

from services.followup.planning.contacts import CONSUMER
from services.followup.tables import attempts, callbacks, dead_letters, messages, outbox
from services.followup.unit_of_work import FollowupUnitOfWork
from shared.events.intake import ComplaintErased
from shared.outbox.erasure import ERASED, forget_messages


async def forget_complaint(
    uow: FollowupUnitOfWork, event: ComplaintErased, event_id: UUID, event_type: str
) -> None:
    complaint_id = event.complaint_id
    async with uow:
        if not await uow.inbox.claim(consumer=CONSUMER, event_id=event_id, event_type=event_type):
            return
        if (case := await uow.cases.get(complaint_id)) is not None:
            case.customer_name, case.phone, case.email = ERASED, None, None
            case.postal_address, case.do_not_disturb, case.preferred_hours = None, None, None
            case.resolution = None
            case.withdrawn_at = case.withdrawn_at or event.erased_at  # no more contact
            await uow.cases.save(case, is_new=False)
        now = uow.clock.now()
        for pending in await uow.callbacks.open_for(complaint_id):
            pending.cancel(now, "the customer's data was erased")
            await uow.callbacks.save(pending)
        session = uow.session
        of_complaint = select(callbacks.c.id).where(callbacks.c.complaint_id == complaint_id)
        await session.execute(
            update(callbacks).where(callbacks.c.complaint_id == complaint_id).values(comment=None)
        )
        await session.execute(
            update(attempts).where(attempts.c.callback_id.in_(of_complaint)).values(notes=None)
        )
        await session.execute(
            update(messages)
            .where(messages.c.callback_id.in_(of_complaint))
            .values(recipient=ERASED, subject=None, body=ERASED)
        )
        await forget_messages(session, outbox, dead_letters, [complaint_id])
        await uow.commit()

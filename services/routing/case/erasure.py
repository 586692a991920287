"""Forgetting a complaint's personal data on `complaint.erased`: the customer's text and what
the judgement quoted from it, the staff's words about the case, the complaint as it was
registered. What statistics need stays: department, priority, states, dates, root cause,
responsibility, remedies and amounts."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import select, update

from services.routing.assignment.route import CONSUMER
from services.routing.tables import (
    assignment_history,
    assignments,
    case_steps,
    dead_letters,
    outbox,
    validity_decisions,
)
from services.routing.unit_of_work import RoutingUnitOfWork
from shared.outbox.erasure import ERASED, forget_messages

# The words people wrote, inside the case's JSON records.
WORDS = ("findings", "message_to_customer", "reason", "comment", "note", "summary")


def _without_words(record: dict[str, Any] | None) -> dict[str, Any] | None:
    if record is None:
        return None
    return {k: (ERASED if k in WORDS and v is not None else v) for k, v in record.items()}


async def forget_complaint(
    uow: RoutingUnitOfWork, complaint_id: UUID, event_id: UUID, event_type: str
) -> None:
    async with uow:
        if not await uow.inbox.claim(consumer=CONSUMER, event_id=event_id, event_type=event_type):
            return
        session = uow.session
        case = (
            await session.execute(
                select(
                    assignments.c.investigation, assignments.c.proposal, assignments.c.extension
                ).where(assignments.c.complaint_id == complaint_id)
            )
        ).first()
        if case is not None:
            await session.execute(
                update(assignments)
                .where(assignments.c.complaint_id == complaint_id)
                .values(
                    text=None,
                    classification=None,
                    investigation=_without_words(case.investigation),
                    proposal=_without_words(case.proposal),
                    extension=_without_words(case.extension),
                )
            )
        steps = case_steps.c.complaint_id == complaint_id
        for step_id, details in await session.execute(
            select(case_steps.c.id, case_steps.c.details).where(steps)
        ):
            await session.execute(
                update(case_steps)
                .where(case_steps.c.id == step_id)
                .values(details=_without_words(details) or {})
            )
        await session.execute(
            update(assignment_history)
            .where(assignment_history.c.complaint_id == complaint_id)
            .values(reason=None)
        )
        await session.execute(
            update(validity_decisions)
            .where(validity_decisions.c.complaint_id == complaint_id)
            .values(complaint={"erased": True}, overturn_note=None)
        )
        await forget_messages(session, outbox, dead_letters, [complaint_id])
        await uow.commit()

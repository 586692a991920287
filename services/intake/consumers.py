"""Intake follows routing and follow-up events to keep the status and the timeline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from services.intake.complaints.domain import status_after
from services.intake.complaints.timeline import TimelineEntry
from services.intake.unit_of_work import IntakeUnitOfWork
from shared.events.envelope import Envelope, Payload, Trace
from shared.events.followup import (
    FOLLOWUP_EVENTS,
    CallbackAttempted,
    CallbackCompleted,
    CallbackScheduled,
    ComplaintClosed,
    ComplaintReopened,
    ContactInvalidated,
)
from shared.events.handling import (
    HANDLING_EVENTS,
    CaseStep,
    ComplaintReturned,
    DeadlineExtended,
)
from shared.events.routing import (
    ComplaintEscalated,
    ComplaintMerged,
    ComplaintReassigned,
    ComplaintRejected,
    ComplaintRouted,
    InformationRequested,
)
from shared.messaging.ports import Handler, PoisonMessage

CONSUMER = "intake"
UowFactory = Callable[[Trace], IntakeUnitOfWork]


def summarise(event: Payload) -> dict[str, Any]:
    """What the timeline shows of an event."""
    if isinstance(event, ComplaintRouted):
        return {
            "department": event.department,
            "department_name": event.department_name,
            "priority": event.priority,
            "resolution_due": event.resolution_due.isoformat(),
            **(
                {
                    "cause": event.classification.cause,
                    "motive": event.classification.motive,
                    "emotion_intensity": event.classification.emotion_intensity,
                }
                if event.classification
                else {}
            ),
        }
    if isinstance(event, ComplaintReassigned):
        return {
            "from_department": event.from_department,
            "department": event.department,
            "department_name": event.department_name,
            "reason": event.reason,
        }
    if isinstance(event, ComplaintMerged):
        return {"merged_reference": event.merged_reference, "text": event.text[:500]}
    if isinstance(event, InformationRequested):
        return {"signals": event.signals}
    if isinstance(event, ComplaintRejected):
        return {"reason": event.reason, "signals": event.signals, "referred_to": event.referred_to}
    if isinstance(event, ComplaintEscalated):
        return {
            "level": event.level,
            "department": event.department,
            "resolution_due": event.resolution_due.isoformat(),
            "overdue_working_days": event.overdue_working_days,
            **({"reason": event.reason} if event.reason else {}),
        }
    if isinstance(event, CaseStep):
        return event.model_dump(mode="json", exclude={"complaint_id", "reference", "at"})
    if isinstance(
        event, (CallbackAttempted, CallbackCompleted, ComplaintClosed, ComplaintReopened)
    ):
        return event.model_dump(
            mode="json", exclude={"complaint_id", "reference"}, exclude_none=True
        )
    if isinstance(event, CallbackScheduled):
        return {
            "purpose": event.purpose,
            "channel": event.channel,
            "scheduled_for": event.scheduled_for.isoformat(),
        }
    return {}


def projected_changes(event: Payload, survey_callback_id: UUID | None) -> dict[str, Any]:
    """The complaint's columns the event changes; `survey_callback_id` is the survey waiting
    for an answer now, which only its own callback's later events (or the case's end) stop."""
    if isinstance(event, CallbackAttempted) and event.awaiting_reply_until is not None:
        return {
            "survey_callback_id": event.callback_id,
            "survey_channel": event.channel,
            "survey_until": event.awaiting_reply_until,
        }
    ends_survey = isinstance(event, ComplaintClosed | ComplaintReopened) or (
        isinstance(event, CallbackCompleted | CallbackAttempted)
        and event.callback_id == survey_callback_id
        and (isinstance(event, CallbackCompleted) or event.next_channel is not None)
    )
    if ends_survey:
        return {"survey_callback_id": None, "survey_channel": None, "survey_until": None}
    if isinstance(event, ComplaintReassigned):
        return {"department": event.department}
    if isinstance(event, ComplaintReturned):
        return {"department": event.to_department}
    if isinstance(event, DeadlineExtended):
        return {"resolution_due": event.resolution_due}
    if isinstance(event, ComplaintRouted):
        return {
            "department": event.department,
            "priority": event.priority,
            "resolution_due": event.resolution_due,
        }
    return {}


def build_handlers(uow_factory: UowFactory) -> dict[str, Handler]:
    async def on_progress(event: Payload, env: Envelope) -> None:
        complaint_id = UUID(env.subject)
        async with uow_factory(env.trace) as uow:
            if not await uow.inbox.claim(consumer=CONSUMER, event_id=env.id, event_type=env.type):
                return  # redelivered: already on the timeline
            complaint = await uow.timeline.standing(complaint_id)
            if complaint is None:
                raise PoisonMessage(f"no complaint {complaint_id}")
            if isinstance(event, ContactInvalidated):
                await uow.customers.flag_phone_invalid(complaint.customer_id, env.time)
            changes = projected_changes(event, complaint.survey_callback_id)
            status = status_after(env.type, getattr(event, "reason", None))
            # Events of two topics may arrive out of order: the newest status wins.
            if status is not None and env.time >= complaint.status_at:
                changes |= {"status": status.value, "status_at": env.time}
            entry = TimelineEntry(env.type, env.source, env.time, summarise(event))
            await uow.timeline.record(complaint_id, entry, event_id=env.id, changes=changes)
            await uow.commit()

    return {
        ComplaintRouted.TYPE: on_progress,
        ComplaintReassigned.TYPE: on_progress,
        ComplaintEscalated.TYPE: on_progress,
        ComplaintRejected.TYPE: on_progress,
        ComplaintMerged.TYPE: on_progress,
        InformationRequested.TYPE: on_progress,
        CallbackScheduled.TYPE: on_progress,
        **{kind.TYPE: on_progress for kind in FOLLOWUP_EVENTS},
        **{step.TYPE: on_progress for step in HANDLING_EVENTS},
    }

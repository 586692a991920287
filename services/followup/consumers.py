"""Follow-up learns each case from intake's and routing's events, and takes survey replies."""

from __future__ import annotations

from collections.abc import Callable
from typing import get_args
from uuid import UUID

from services.followup.callbacks.agents import take_survey_reply
from services.followup.planning.case import Case
from services.followup.planning.contacts import FollowupPolicy, Learned, on_case_event
from services.followup.unit_of_work import FollowupUnitOfWork
from shared.events.common import Purpose
from shared.events.envelope import Envelope, Payload, Trace
from shared.events.handling import ComplaintResolved, DeadlineExtended
from shared.events.intake import ComplaintRegistered, ComplaintWithdrawn, SurveyReplied
from shared.events.routing import (
    ComplaintReassigned,
    ComplaintRejected,
    ComplaintRouted,
    InformationRequested,
)
from shared.messaging.ports import Handler

# Once resolved, the satisfaction callback is what the customer is owed.
BEFORE_RESOLUTION = frozenset({"acknowledgment", "information_request", "progress_update"})


def learn_registration(case: Case, event: ComplaintRegistered) -> None:
    c = event.customer
    case.reference, case.customer_name, case.phone, case.email = (
        event.reference,
        c.name,
        c.phone,
        c.email,
    )
    case.postal_address, case.preferred_channel = c.postal_address, c.preferred_channel
    case.timezone, case.language, case.registered = c.timezone, event.language, True
    case.do_not_disturb, case.preferred_hours = c.do_not_disturb, c.preferred_hours
    case.first_response_due = case.first_response_due or event.first_response_due


def learned_from(event: Payload) -> Learned | None:
    ref = getattr(event, "reference", None)
    if isinstance(event, ComplaintRegistered):
        return Learned(lambda case: learn_registration(case, event), ref)
    if isinstance(event, ComplaintRouted):

        def routed(case: Case) -> None:
            case.department, case.priority = event.department, event.priority
            case.first_response_due, case.routed_at = event.first_response_due, event.routed_at
            case.resolution_due = event.resolution_due

        return Learned(routed, ref)
    if isinstance(event, ComplaintRejected):
        return Learned(lambda case: setattr(case, "rejection", event.reason), ref)
    if isinstance(event, InformationRequested):
        return Learned(
            lambda case: setattr(case, "information_requested_at", event.requested_at), ref
        )
    if isinstance(event, ComplaintReassigned):
        return Learned(lambda case: setattr(case, "department", event.department), ref)
    if isinstance(event, DeadlineExtended):
        return Learned(
            lambda case: setattr(case, "resolution_due", event.resolution_due),
            ref,
            owes="progress_update",
        )
    if isinstance(event, ComplaintResolved):

        def resolved(case: Case) -> None:
            case.resolved_at, case.department = event.at, event.department
            case.resolution = event.message_to_customer or event.summary

        return Learned(resolved, ref, owes="satisfaction", cancels=BEFORE_RESOLUTION)
    if isinstance(event, ComplaintWithdrawn):
        return Learned(
            lambda case: setattr(case, "withdrawn_at", event.withdrawn_at),
            ref,
            cancels=frozenset(get_args(Purpose)),
        )
    return None


def build_handlers(
    uow_factory: Callable[[Trace], FollowupUnitOfWork], policy: FollowupPolicy
) -> dict[str, Handler]:
    async def handle(event: Payload, env: Envelope) -> None:
        learned = learned_from(event)
        if learned is not None:
            await on_case_event(
                uow_factory(env.trace), UUID(env.subject), env.id, env.type, learned, policy
            )

    async def on_reply(event: Payload, env: Envelope) -> None:
        assert isinstance(event, SurveyReplied)  # noqa: S101 - the registry guarantees it
        await take_survey_reply(uow_factory(env.trace), event, env.id, policy)

    kinds = (
        ComplaintRegistered,
        ComplaintRouted,
        ComplaintRejected,
        InformationRequested,
        ComplaintReassigned,
        DeadlineExtended,
        ComplaintResolved,
        ComplaintWithdrawn,
    )
    return {**{kind.TYPE: handle for kind in kinds}, SurveyReplied.TYPE: on_reply}

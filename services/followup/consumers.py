"""Follow-up learns each case from intake's and routing's events, and takes survey replies."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar, get_args

from services.followup.callbacks.agents import take_survey_reply
from services.followup.planning.case import Case
from services.followup.planning.contacts import FollowupPolicy, Learned, on_case_event
from services.followup.planning.erasure import forget_complaint
from services.followup.unit_of_work import FollowupUnitOfWork
from shared.events.common import ComplaintEvent, Purpose
from shared.events.envelope import Envelope, Trace
from shared.events.handling import ComplaintResolved, DeadlineExtended
from shared.events.intake import (
    ComplaintErased,
    ComplaintRegistered,
    ComplaintWithdrawn,
    SurveyReplied,
)
from shared.events.routing import (
    ComplaintReassigned,
    ComplaintRejected,
    ComplaintRouted,
    InformationRequested,
)
from shared.messaging.ports import Handler, handles

P = TypeVar("P", bound=ComplaintEvent)
AFTER_ROUTING = frozenset({"information_request", "explanation"})
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


def registered(event: ComplaintRegistered) -> Learned:
    return Learned(lambda case: learn_registration(case, event), event.reference)


def routed(event: ComplaintRouted) -> Learned:
    def learn(case: Case) -> None:
        case.department, case.priority = event.department, event.priority
        case.first_response_due, case.routed_at = event.first_response_due, event.routed_at
        case.resolution_due = event.resolution_due

    # Routed after all (the information came, or a supervisor overturned the verdict): asking
    # for information or explaining a rejection is no longer owed.
    return Learned(learn, event.reference, cancels=AFTER_ROUTING)


def rejected(event: ComplaintRejected) -> Learned:
    return Learned(lambda case: setattr(case, "rejection", event.reason), event.reference)


def information_requested(event: InformationRequested) -> Learned:
    return Learned(
        lambda case: setattr(case, "information_requested_at", event.requested_at),
        event.reference,
    )


def reassigned(event: ComplaintReassigned) -> Learned:
    return Learned(lambda case: setattr(case, "department", event.department), event.reference)


def deadline_extended(event: DeadlineExtended) -> Learned:
    return Learned(
        lambda case: setattr(case, "resolution_due", event.resolution_due),
        event.reference,
        owes="progress_update",
    )


def resolved(event: ComplaintResolved) -> Learned:
    def learn(case: Case) -> None:
        case.resolved_at, case.department = event.at, event.department
        case.resolution = event.message_to_customer or event.summary

    return Learned(learn, event.reference, owes="satisfaction", cancels=BEFORE_RESOLUTION)


def withdrawn(event: ComplaintWithdrawn) -> Learned:
    return Learned(
        lambda case: setattr(case, "withdrawn_at", event.withdrawn_at),
        event.reference,
        cancels=frozenset(get_args(Purpose)),
    )


def build_handlers(
    uow_factory: Callable[[Trace], FollowupUnitOfWork], policy: FollowupPolicy
) -> dict[str, Handler]:
    def learning(teach: Callable[[P], Learned]) -> Callable[[P, Envelope], Awaitable[None]]:
        async def handle(event: P, env: Envelope) -> None:
            await on_case_event(
                uow_factory(env.trace), event.complaint_id, env.id, env.type, teach(event), policy
            )

        return handle

    async def on_reply(event: SurveyReplied, env: Envelope) -> None:
        await take_survey_reply(uow_factory(env.trace), event, env.id, policy)

    async def on_erased(event: ComplaintErased, env: Envelope) -> None:
        await forget_complaint(uow_factory(env.trace), event, env.id, env.type)

    return dict(
        [
            handles(ComplaintErased, on_erased),
            handles(ComplaintRegistered, learning(registered)),
            handles(ComplaintRouted, learning(routed)),
            handles(ComplaintRejected, learning(rejected)),
            handles(InformationRequested, learning(information_requested)),
            handles(ComplaintReassigned, learning(reassigned)),
            handles(DeadlineExtended, learning(deadline_extended)),
            handles(ComplaintResolved, learning(resolved)),
            handles(ComplaintWithdrawn, learning(withdrawn)),
            handles(SurveyReplied, on_reply),
        ]
    )

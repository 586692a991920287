"""Follow-up's use cases: learn the case from intake's and routing's events, in either order,
then schedule what the customer is owed: an acknowledgment, an explanation, or a request for
what is missing."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from services.followup.domain import Callback, Case, Purpose
from services.followup.schedule import (
    ContactPolicy,
    customer_zone,
    plan_contact,
    reachable_channels,
)
from services.followup.unit_of_work import FollowupUnitOfWork
from shared.events.complaints import (
    ComplaintRegistered,
    ComplaintRejected,
    ComplaintRouted,
    InformationRequested,
)

log = logging.getLogger(__name__)
CONSUMER = "followup"


@dataclass(frozen=True)
class FollowupPolicy:
    contact: ContactPolicy
    default_timezone: str


def learn_registration(case: Case, event: ComplaintRegistered) -> None:
    customer = event.customer
    case.reference = event.reference
    case.customer_name, case.phone, case.email = customer.name, customer.phone, customer.email
    case.postal_address, case.preferred_channel = (
        customer.postal_address,
        customer.preferred_channel,
    )
    case.timezone, case.language, case.registered = customer.timezone, event.language, True
    case.first_response_due = case.first_response_due or event.first_response_due


def learn_rejection(case: Case, event: ComplaintRejected) -> None:
    case.reference = case.reference or event.reference
    case.rejection = event.reason


def learn_information_request(case: Case, event: InformationRequested) -> None:
    case.reference = case.reference or event.reference
    case.information_requested_at = event.requested_at


def learn_routing(case: Case, event: ComplaintRouted) -> None:
    case.reference = case.reference or event.reference
    case.department, case.priority = event.department, event.priority
    case.first_response_due, case.routed_at = event.first_response_due, event.routed_at


async def on_case_event(
    uow: FollowupUnitOfWork, complaint_id: UUID, event_id: UUID, event_type: str,
    learn: Callable[[Case], None], policy: FollowupPolicy,
) -> Callback | None:  # fmt: skip
    """Registration and routing arrive on two topics in either order; whichever comes
    second completes the case and schedules the acknowledgment."""
    async with uow:
        if not await uow.inbox.claim(consumer=CONSUMER, event_id=event_id, event_type=event_type):
            return None
        case = await uow.cases.get(complaint_id)
        is_new = case is None
        case = case or Case(complaint_id=complaint_id)
        learn(case)
        await uow.cases.save(case, is_new=is_new)
        scheduled = None
        for purpose in case.contacts_due():
            if not await uow.callbacks.exists(complaint_id, purpose):
                scheduled = schedule_contact(case, purpose, policy, uow.clock.now())
                await uow.callbacks.add(scheduled)
        await uow.commit()
        return scheduled


def schedule_contact(
    case: Case, purpose: Purpose, policy: FollowupPolicy, now: datetime
) -> Callback:
    assert case.first_response_due is not None  # noqa: S101 - set with the registration
    zone = customer_zone(case.timezone, case.phone, policy.default_timezone)
    channels = reachable_channels(
        phone=case.phone, email=case.email, postal=case.postal_address,
        preferred=case.preferred_channel,
    )  # fmt: skip
    plan = plan_contact(
        now=now, deadline=case.first_response_due, zone=zone, channels=channels,
        policy=policy.contact,
    )  # fmt: skip
    log.info("%s for %s by %s at %s", purpose, case.reference, plan.channel, plan.at)
    return Callback.schedule(
        complaint_id=case.complaint_id, purpose=purpose, plan=plan,
        deadline=case.first_response_due, timezone=zone.key, priority=case.priority, now=now,
    )  # fmt: skip

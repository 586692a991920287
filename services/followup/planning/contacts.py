"""Follow-up's use cases for what the other services tell it: learn the case from intake's and
routing's events, in either order, then schedule what the customer is owed (acknowledgment,
explanation, request for information, progress update, satisfaction callback) or cancel it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from uuid import UUID, uuid4

from services.followup.callbacks.domain import Callback
from services.followup.callbacks.states import Replan
from services.followup.planning.case import Case
from services.followup.planning.plan import (
    ContactPolicy,
    ContactRetryPolicy,
    Plan,
    customer_zone,
    plan_contact,
)
from services.followup.planning.schedule import (
    HORIZON_DAYS,
    CustomerTimes,
    Team,
    Window,
    next_allowed,
    next_working_day,
    parse_hours,
)
from services.followup.unit_of_work import FollowupUnitOfWork
from shared.auth.remit import Remit
from shared.errors import Conflict, NotFound
from shared.events.common import ContactChannel, Purpose

log = logging.getLogger(__name__)
CONSUMER = "followup"


@dataclass(frozen=True)
class FollowupPolicy:
    contact: ContactPolicy
    retry: ContactRetryPolicy
    team: Team
    default_timezone: str
    lease: timedelta = timedelta(minutes=15)
    reopen_at_or_below: int = 2  # a score at or below this reopens the case
    satisfaction_within: timedelta = timedelta(days=7)


@dataclass(frozen=True)
class Learned:
    """What an event teaches about the case, and what it owes the customer by itself."""

    learn: Callable[[Case], None]
    reference: str | None
    owes: Purpose | None = None  # scheduled once per event (the event id is its occasion)
    cancels: frozenset[str] = frozenset()  # purposes no longer owed


async def on_case_event(
    uow: FollowupUnitOfWork,
    complaint_id: UUID,
    event_id: UUID,
    event_type: str,
    learned: Learned,
    policy: FollowupPolicy,
) -> list[Callback]:
    """Registration and routing arrive on two topics in either order; whichever comes
    second completes the case and schedules the acknowledgment."""
    async with uow:
        if not await uow.inbox.claim(consumer=CONSUMER, event_id=event_id, event_type=event_type):
            return []
        case = await uow.cases.get(complaint_id)
        is_new = case is None
        case = case or Case(complaint_id=complaint_id)
        case.reference = case.reference or learned.reference
        learned.learn(case)
        await uow.cases.save(case, is_new=is_new)
        now = uow.clock.now()
        for pending in await uow.callbacks.open_for(complaint_id) if learned.cancels else []:
            if pending.purpose in learned.cancels:
                pending.cancel(now, f"superseded by {event_type}")
                await uow.callbacks.save(pending)
        owed = [(p, "") for p in case.contacts_due()]
        if learned.owes and case.registered and case.withdrawn_at is None:
            owed.append((learned.owes, str(event_id)))
        scheduled = []
        for purpose, occasion in owed:
            if await uow.callbacks.exists(complaint_id, purpose, occasion):
                continue
            callback = await schedule_contact(uow, case, purpose, policy, now, occasion)
            if callback is not None:
                await uow.callbacks.add(callback)
                scheduled.append(callback)
        await uow.commit()
        return scheduled


def customer_times(case: Case, policy: FollowupPolicy) -> CustomerTimes:
    zone = customer_zone(case.timezone, case.phone, policy.default_timezone)
    return CustomerTimes(zone, _windows(case.do_not_disturb), _windows(case.preferred_hours))


async def replanner(uow: FollowupUnitOfWork, case: Case, policy: FollowupPolicy) -> Replan:
    """The next allowed time on a channel for this customer, with the team's current load."""
    customer, team = customer_times(case, policy), await team_now(uow, policy)

    def replan(channel: ContactChannel, not_before: datetime) -> datetime:
        agents = team if channel == "phone" else None
        return next_allowed(not_before, customer, policy.contact.allowed(channel), agents)

    return replan


# A plan looks up to HORIZON_DAYS past its earliest time, which may itself lie weeks ahead.
BOOKED_DAYS = 2 * HORIZON_DAYS
# Most plans land within days: the load of the next fortnight is counted first (each day
# counted costs a parameter), the whole horizon only for a plan that lands near its end.
NEAR_DAYS = 14


async def team_now(
    uow: FollowupUnitOfWork, policy: FollowupPolicy, days: int = BOOKED_DAYS
) -> Team:
    booked = await uow.callbacks.calls_booked(uow.clock.now(), policy.team.zone, days)
    return replace(policy.team, booked=booked)


async def schedule_contact(
    uow: FollowupUnitOfWork,
    case: Case,
    purpose: Purpose,
    policy: FollowupPolicy,
    now: datetime,
    occasion: str = "",
) -> Callback | None:
    channels = case.usable_channels()
    if not channels:
        log.warning("no usable contact for %s: %s not scheduled", case.reference, purpose)
        return None
    customer = customer_times(case, policy)
    earliest, deadline = _timing(case, purpose, policy, now, customer)

    def planned(team: Team) -> Plan:
        return plan_contact(
            now=earliest,
            deadline=deadline,
            customer=customer,
            channels=channels,
            policy=policy.contact,
            team=team,
        )

    try:
        plan = planned(await team_now(uow, policy, NEAR_DAYS))
        # Within two days of the counted end (a day's margin for the team's zone): it may
        # have looked at days not counted.
        if plan.at >= uow.clock.now() + timedelta(days=NEAR_DAYS - 2):
            plan = planned(await team_now(uow, policy))
    except ValueError as exc:  # a policy that leaves no time at all: an operator must look
        log.error("%s for %s not scheduled: %s", purpose, case.reference, exc)
        return None
    log.info("%s for %s by %s at %s", purpose, case.reference, plan.channel, plan.at)
    return Callback.schedule(
        complaint_id=case.complaint_id,
        reference=case.reference,
        department=case.department,
        purpose=purpose,
        occasion=occasion,
        plan=plan,
        deadline=deadline,
        timezone=customer.zone.key,
        priority=case.priority,
        now=now,
    )


def _timing(
    case: Case, purpose: Purpose, policy: FollowupPolicy, now: datetime, customer: CustomerTimes
) -> tuple[datetime, datetime]:
    """When to start looking, and the deadline the contact should keep."""
    if purpose in ("satisfaction", "survey"):
        # A day for the resolution to be felt: from the next working day on.
        start = next_working_day(now, customer.zone, policy.contact.calls)
        return start, start + policy.satisfaction_within
    if purpose == "progress_update":
        return now, now + timedelta(days=1)
    return now, case.first_response_due or now + timedelta(days=1)


def _windows(spec: str | None) -> tuple[Window, ...]:
    """The customer's own windows; one written wrongly is ignored rather than fatal."""
    if not spec:
        return ()
    try:
        return parse_hours(spec, overnight=True)
    except ValueError:
        log.warning("ignored unreadable contact window %r", spec)
        return ()


class CaseNotFound(NotFound):
    code = "case_not_found"


class NoUsableContact(Conflict):
    code = "no_usable_contact"


async def plan_survey(
    uow: FollowupUnitOfWork, complaint_id: UUID, policy: FollowupPolicy, remit: Remit
) -> Callback:
    """An optional service-quality survey (its score is recorded; it does not reopen)."""
    async with uow:
        case = await uow.cases.get(complaint_id)
        if (
            case is None
            or not case.registered
            or case.withdrawn_at is not None
            or not remit.covers(case.department)
        ):
            raise CaseNotFound(
                "no open complaint known to follow-up with this id", complaint_id=str(complaint_id)
            )
        callback = await schedule_contact(
            uow, case, "survey", policy, uow.clock.now(), occasion=str(uuid4())
        )
        if callback is None:
            raise NoUsableContact("the customer has no usable contact channel")
        await uow.callbacks.add(callback)
        await uow.commit()
        return callback

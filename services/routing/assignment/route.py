"""Routing a registered complaint: judge it, explain it, then choose the department (rules,
then the trained model, else triage), the priority and the deadline. And the supervisor's
overturn of a judgment, which routes the complaint after all."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from services.routing.assignment import decide
from services.routing.assignment.domain import (
    AlreadyValid,
    Assignment,
    DecisionNotFound,
    Department,
    InformationRequest,
    Merge,
    Rejection,
)
from services.routing.classification.explain import Classification, classify, raises_priority
from services.routing.config import RoutingConfig
from services.routing.learning.active import ActiveModel
from services.routing.unit_of_work import RoutingUnitOfWork
from services.routing.validity.judge import Verdict, judge
from shared.events.complaints import ComplaintRegistered, ComplaintUpdated

log = logging.getLogger(__name__)
CONSUMER = "routing"


@dataclass(frozen=True)
class Explained:
    flags: list[str]
    classification: Classification


def explain(complaint: ComplaintRegistered, config: RoutingConfig) -> Explained:
    flags = decide.risk_flags(complaint.text, config.risk_signals.items())
    classification = classify(
        complaint.text,
        risk_flags=flags,
        segment=complaint.customer.segment,
        vip_segments=config.priority.vip_segments,
        config=config.classification,
    )
    return Explained(flags, classification)


def assign(
    complaint: ComplaintRegistered,
    choice: decide.DepartmentChoice,
    explained: Explained,
    *,
    departments: dict[str, Department],
    config: RoutingConfig,
    now: datetime,
) -> Assignment:
    department = decide.pick(departments, choice.department, config.default_department)
    repeats = decide.repeats(complaint)
    priority, why = decide.choose_priority(
        department.default_priority,
        explained.flags,
        segment=complaint.customer.segment,
        repeat_count=repeats,
        config=config,
    )
    if feelings := raises_priority(explained.classification, config.classification):
        priority = decide.raise_one(priority)
        why.append(feelings)
    return Assignment(
        complaint_id=complaint.complaint_id,
        reference=complaint.reference,
        channel=complaint.channel,
        department=department,
        priority=priority,
        matched_rule=choice.rule,
        reasons=choice.reasons + why,
        risk_flags=explained.classification.risk_flags,
        classification=explained.classification,
        senior_handler=decide.needs_senior_handler(repeats, complaint.customer.segment, config),
        first_response_due=decide.first_response_due(
            priority, now, complaint.first_response_due, config
        ),
        resolution_due=decide.resolution_due(priority, now, config),
        routed_at=now,
        text=complaint.text,
    )


async def choose(
    uow: RoutingUnitOfWork,
    complaint: ComplaintRegistered,
    departments: dict[str, Department],
    config: RoutingConfig,
    model: ActiveModel,
) -> decide.DepartmentChoice:
    """Rules first; then the active model; with no model, the default department."""
    choice = decide.choose_department(
        complaint, await uow.rules.enabled(), config.default_department
    )
    if choice.rule is not None:
        return choice
    trained = await model.get(uow.models)
    if trained is None:
        return choice
    [prediction] = await asyncio.to_thread(trained.predict, [complaint.text])  # CPU: off the loop
    return decide.model_choice(prediction, trained.version, departments, config.classifier)


async def _route(
    uow: RoutingUnitOfWork,
    complaint: ComplaintRegistered,
    explained: Explained,
    config: RoutingConfig,
    model: ActiveModel,
) -> Assignment:
    departments = await uow.departments.all()
    choice = await choose(uow, complaint, departments, config, model)
    assignment = assign(
        complaint, choice, explained, departments=departments, config=config, now=uow.clock.now()
    )
    await uow.assignments.add(assignment)
    log.info(
        "routed %s to %s as %s",
        complaint.reference,
        assignment.department.code,
        assignment.priority,
    )
    return assignment


async def route_complaint(
    uow: RoutingUnitOfWork,
    complaint: ComplaintRegistered,
    event_id: UUID,
    config: RoutingConfig,
    model: ActiveModel,
) -> Verdict | None:
    """Idempotent: a redelivered event, or a complaint already judged, changes nothing."""
    async with uow:
        if not await uow.inbox.claim(
            consumer=CONSUMER, event_id=event_id, event_type=ComplaintRegistered.TYPE
        ):
            return None
        if await uow.validity.get(complaint.complaint_id) is not None:
            await uow.commit()
            return None
        verdict = await _decide(uow, complaint, config, model, again=False)
        await uow.commit()
        return verdict


async def take_update(
    uow: RoutingUnitOfWork,
    update: ComplaintUpdated,
    event_id: UUID,
    config: RoutingConfig,
    model: ActiveModel,
) -> Verdict | None:
    """The customer added information: a case waiting for it is judged again, with the whole
    text; an open case gets the new text. Anything else keeps it on intake's record only."""
    async with uow:
        if not await uow.inbox.claim(
            consumer=CONSUMER, event_id=event_id, event_type=ComplaintUpdated.TYPE
        ):
            return None
        decision, verdict = await uow.validity.get(update.complaint_id), None
        if (
            decision is not None
            and decision.reason == "insufficient_information"
            and decision.overturned_at is None
        ):
            registered = ComplaintRegistered.model_validate(decision.complaint)
            complaint = registered.model_copy(update={"text": update.text})
            verdict = await _decide(uow, complaint, config, model, again=True)
        else:
            await uow.assignments.add_text(update.complaint_id, update.added_text)
        await uow.commit()
        return verdict


async def _decide(
    uow: RoutingUnitOfWork,
    complaint: ComplaintRegistered,
    config: RoutingConfig,
    model: ActiveModel,
    *,
    again: bool,
) -> Verdict:
    now, explained = uow.clock.now(), explain(complaint, config)
    verdict = await _judge(uow, complaint, explained, config, now)
    await uow.validity.add(complaint, verdict, now, again=again)
    if verdict.valid:
        await _route(uow, complaint, explained, config, model)
    elif verdict.reason == "insufficient_information":
        await uow.validity.request_information(
            InformationRequest(complaint.complaint_id, complaint.reference, verdict.signals, now)
        )
    else:
        await uow.validity.reject(
            Rejection(
                complaint.complaint_id,
                complaint.reference,
                verdict.reason,
                verdict.signals,
                now,
                verdict.referred_to,
            )
        )
    if verdict.merged_into is not None:
        into = verdict.merged_into
        await uow.validity.merge(
            Merge(
                into.complaint_id,
                into.reference,
                complaint.complaint_id,
                complaint.reference,
                complaint.text,
                now,
            )
        )
    return verdict


async def _judge(
    uow: RoutingUnitOfWork,
    complaint: ComplaintRegistered,
    explained: Explained,
    config: RoutingConfig,
    now: datetime,
) -> Verdict:
    customer, rules = complaint.customer.customer_id, config.validity
    flood_since = now - timedelta(minutes=rules.flood.within_minutes)
    duplicate_since = now - timedelta(days=rules.duplicate.within_days)
    return judge(
        complaint.text,
        explained.classification,
        recent_from_customer=await uow.validity.count_since(customer, flood_since),
        open_complaints=await uow.validity.open_of_customer(customer, duplicate_since),
        config=rules,
    )


async def overturn(
    uow: RoutingUnitOfWork,
    complaint_id: UUID,
    *,
    by: str,
    note: str | None,
    config: RoutingConfig,
    model: ActiveModel,
) -> Assignment:
    """A supervisor rules a rejected complaint valid after all: it is routed now."""
    async with uow:
        decision = await uow.validity.get(complaint_id)
        if decision is None:
            raise DecisionNotFound("no decision for this complaint", complaint_id=str(complaint_id))
        if decision.reason == "valid" or decision.overturned_at is not None:
            raise AlreadyValid("the complaint is already handled as valid", reason=decision.reason)
        complaint = ComplaintRegistered.model_validate(decision.complaint)
        await uow.validity.overturn(complaint_id, by=by, note=note, at=uow.clock.now())
        assignment = await _route(uow, complaint, explain(complaint, config), config, model)
        await uow.commit()
        return assignment

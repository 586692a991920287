"""Routing a registered complaint: judge it, explain it, then choose the department (rules,
then the trained model, else triage), the priority and the deadline."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from functools import partial
from uuid import UUID

from services.routing.assignment import decide
from services.routing.assignment.assign import Explained, assign, explain
from services.routing.assignment.domain import Assignment
from services.routing.classification.judgement import Scored
from services.routing.config import RoutingConfig
from services.routing.departments.domain import Department
from services.routing.learning.active import ActiveModel
from services.routing.unit_of_work import RoutingUnitOfWork
from services.routing.validity.domain import (
    information_requested,
    merged,
    rejected,
)
from services.routing.validity.judge import Verdict, judge
from shared.events.intake import ComplaintRegistered, ComplaintUpdated
from shared.metrics import ROUTING_CONFIDENCE, ROUTING_DECISIONS, SLA_STEPS

log = logging.getLogger(__name__)
CONSUMER = "routing"


async def choose(
    uow: RoutingUnitOfWork,
    complaint: ComplaintRegistered,
    judged: Scored,
    departments: dict[str, Department],
    config: RoutingConfig,
    model: ActiveModel,
) -> decide.DepartmentChoice:
    """The organisation's rules first; then the judgement when it is clear; then the active
    model (or triage when it is unsure); without a model, the judgement's best guess, else
    the default department."""
    choice = decide.choose_department(
        complaint, await uow.once_per_run("rules", uow.rules.enabled), config.default_department
    )
    if choice.rule is not None:
        return choice
    if judged.cues and judged.confidence >= config.classifier.judgement_threshold:
        return decide.judged_choice(judged)
    trained = await model.get(uow.models)
    if trained is None:
        return decide.judged_choice(judged) if judged.cues else choice
    [prediction] = await asyncio.to_thread(trained.predict, [complaint.text])  # CPU: off the loop
    return decide.model_choice(prediction, trained.version, departments, config.classifier)


async def route(
    uow: RoutingUnitOfWork,
    complaint: ComplaintRegistered,
    explained: Explained,
    config: RoutingConfig,
    model: ActiveModel,
) -> Assignment:
    departments = await uow.once_per_run("departments", uow.departments.all)
    choice = await choose(
        uow, complaint, explained.judgement.department, departments, config, model
    )
    assignment = assign(
        complaint, choice, explained, departments=departments, config=config, now=uow.clock.now()
    )
    await uow.assignments.add(assignment)
    uow.record(assignment.routed())
    uow.on_commit(partial(observe_choice, choice))
    if "violence" in explained.flags:  # a threat or self-harm: a supervisor at once
        await uow.assignments.take_step(
            complaint.complaint_id, "supervised_at", assignment.routed_at
        )
        uow.on_commit(
            SLA_STEPS.labels("supervise", assignment.department.code, assignment.priority).inc
        )
        uow.record(
            assignment.supervised_now(
                "violence: " + ", ".join(explained.judgement.risk_cues.get("violence", []))
            )
        )
    log.info(
        "routed %s to %s as %s",
        complaint.reference,
        assignment.department.code,
        assignment.priority,
    )
    return assignment


def observe_choice(choice: decide.DepartmentChoice) -> None:
    ROUTING_DECISIONS.labels(choice.source).inc()
    if choice.confidence is not None:
        source = "judgement" if choice.source == "judgement" else "model"
        ROUTING_CONFIDENCE.labels(source).observe(choice.confidence)


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
        if await uow.reads.decision(complaint.complaint_id) is not None:
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
        decision, verdict = await uow.reads.decision(update.complaint_id), None
        if (
            decision is not None
            and decision.reason == "insufficient_information"
            and decision.overturned_at is None
        ):
            registered = decision.registered
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
        await route(uow, complaint, explained, config, model)
    elif verdict.reason == "insufficient_information":
        uow.record(information_requested(complaint, verdict, now))
    else:
        uow.record(rejected(complaint, verdict, now))
    if (into := verdict.merged_into) is not None:
        text = complaint.text
        await uow.validity.merge(into.complaint_id, complaint.reference, text)
        uow.record(merged(into, complaint, now))
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

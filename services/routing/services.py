"""Routing's use cases."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Row
from sqlalchemy.exc import IntegrityError

from services.routing import rules as decide
from services.routing.config import RoutingConfig
from services.routing.domain import Assignment, Department, DepartmentNotFound, Rule
from services.routing.unit_of_work import RoutingUnitOfWork
from shared.events.complaints import ComplaintRegistered
from shared.pagination import InvalidCursor, decode_cursor, encode_cursor

log = logging.getLogger(__name__)
CONSUMER = "routing"


async def seed_configuration(uow: RoutingUnitOfWork, config: RoutingConfig) -> bool:
    """Copy departments and rules into the tables on the first start; False if already there."""
    try:
        async with uow:
            if await uow.departments.count():
                return False
            await uow.departments.seed(config)
            await uow.commit()
            return True
    except IntegrityError:
        return False  # another process seeded at the same moment


def assign(
    complaint: ComplaintRegistered, *, rules: list[Rule], departments: dict[str, Department],
    config: RoutingConfig, now: datetime,
) -> Assignment:  # fmt: skip
    choice = decide.choose_department(complaint, rules, config.default_department)
    department = decide.pick(departments, choice.department, config.default_department)
    flags = decide.risk_flags(complaint.text, config.risk_signals.items())
    priority, why = decide.choose_priority(
        department.default_priority, flags, segment=complaint.customer.segment,
        repeat_count=complaint.repeat_count, config=config,
    )  # fmt: skip
    return Assignment(
        complaint_id=complaint.complaint_id, reference=complaint.reference,
        channel=complaint.channel, department=department, priority=priority,
        matched_rule=choice.rule, reasons=choice.reasons + why, risk_flags=flags,
        first_response_due=complaint.first_response_due,
        resolution_due=decide.resolution_due(priority, now, config), routed_at=now,
    )  # fmt: skip


async def route_complaint(
    uow: RoutingUnitOfWork, complaint: ComplaintRegistered, event_id: UUID, config: RoutingConfig
) -> Assignment | None:
    """Idempotent: a redelivered event, or a complaint already routed, changes nothing."""
    async with uow:
        if not await uow.inbox.claim(
            consumer=CONSUMER, event_id=event_id, event_type=ComplaintRegistered.TYPE
        ):
            return None
        if await uow.assignments.exists(complaint.complaint_id):
            await uow.commit()
            return None
        assignment = assign(
            complaint, rules=await uow.rules.enabled(), departments=await uow.departments.all(),
            config=config, now=uow.clock.now(),
        )  # fmt: skip
        await uow.assignments.add(assignment)
        await uow.commit()
        log.info("routed %s to %s as %s", complaint.reference, assignment.department.code,
                 assignment.priority)  # fmt: skip
        return assignment


async def list_departments(uow: RoutingUnitOfWork) -> list[Department]:
    async with uow:
        return list((await uow.departments.all()).values())


@dataclass(frozen=True)
class QueuePage:
    items: list[Row[Any]]
    next_cursor: str | None


async def department_queue(
    uow: RoutingUnitOfWork, *, department: str | None, priority: str | None,
    cursor: str | None, limit: int,
) -> QueuePage:  # fmt: skip
    after = None
    if cursor:
        due, complaint_id = decode_cursor(cursor)
        try:
            after = (due, UUID(str(complaint_id)))
        except ValueError as exc:
            raise InvalidCursor("the cursor is not one this API gave out") from exc
    async with uow:
        if department and department not in await uow.departments.all():
            raise DepartmentNotFound("no such department", department=department)
        rows = await uow.assignments.queue(
            department=department, priority=priority, after=after, limit=limit + 1
        )
    page = rows[:limit]
    next_cursor = None
    if len(rows) > limit:
        next_cursor = encode_cursor(page[-1].resolution_due, str(page[-1].complaint_id))
    return QueuePage(page, next_cursor)

"""Routing's use cases."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import Row
from sqlalchemy.exc import IntegrityError

from services.routing.assignment.domain import (
    AssignmentNotFound,
    Department,
    DepartmentNotFound,
    Dispatch,
    NotInTriage,
)
from services.routing.case.policy import OtherDepartment
from services.routing.case.workflow import Departments
from services.routing.config import RoutingConfig
from services.routing.learning.model import TrainedModel
from services.routing.unit_of_work import RoutingUnitOfWork
from shared.pagination import decode_cursor, encode_cursor, uuid_value

log = logging.getLogger(__name__)
CONSUMER = "routing"


async def seed_configuration(uow: RoutingUnitOfWork, config: RoutingConfig) -> bool:
    """Copy departments and rules into the tables on the first start (True). Later starts only
    add departments the file names and the table lacks; rules are then managed in the tables."""
    try:
        async with uow:
            first = not await uow.departments.count()
            if first:
                await uow.departments.seed(config)
            else:
                await uow.departments.add_missing(config)
            await uow.commit()
            return first
    except IntegrityError:
        return False  # another process seeded at the same moment


async def dispatch(
    uow: RoutingUnitOfWork,
    complaint_id: UUID,
    department: str,
    *,
    by: str,
    reason: str | None,
    config: RoutingConfig,
) -> None:
    """A person sends a case from the triage desk to a department."""
    async with uow:
        current = await uow.assignments.get(complaint_id)
        if current is None:
            raise AssignmentNotFound(
                "no assignment for this complaint", complaint_id=str(complaint_id)
            )
        triage = config.classifier.triage_department
        if current.department != triage or current.state != "assigned":
            raise NotInTriage(
                "only cases waiting at the triage desk are dispatched; disputed "
                "ones are arbitrated",
                department=current.department,
                state=current.state,
            )
        target = Departments(await uow.departments.all(), triage).target(department)
        await uow.assignments.move(
            Dispatch(
                complaint_id=complaint_id,
                reference=current.reference,
                from_department=triage,
                department=target,
                by=by,
                reason=reason,
                at=uow.clock.now(),
            )
        )
        await uow.commit()


async def list_departments(uow: RoutingUnitOfWork) -> list[Department]:
    async with uow:
        return list((await uow.departments.all()).values())


@dataclass(frozen=True)
class QueuePage:
    items: list[Row[Any]]
    next_cursor: str | None


async def department_queue(
    uow: RoutingUnitOfWork,
    *,
    department: str | None,
    priority: str | None,
    state: str | None,
    cursor: str | None,
    limit: int,
    sees_only: str | None = None,
) -> QueuePage:
    """Staff bound to a department (`sees_only`) get its queue and no other."""
    if sees_only is not None:
        if department not in (None, sees_only):
            raise OtherDepartment(
                "you see your own department's queue only", department=department, yours=sees_only
            )
        department = sees_only
    after = decode_cursor(cursor, uuid_value) if cursor else None
    async with uow:
        if department and department not in await uow.departments.all():
            raise DepartmentNotFound("no such department", department=department)
        rows = await uow.assignments.queue(
            department=department, priority=priority, state=state, after=after, limit=limit + 1
        )
    page = rows[:limit]
    next_cursor = None
    if len(rows) > limit:
        next_cursor = encode_cursor(page[-1].resolution_due, str(page[-1].complaint_id))
    return QueuePage(page, next_cursor)


async def activate_model(
    uow: RoutingUnitOfWork, model: TrainedModel, path: str, *, by: str
) -> None:
    """Workers pick the newest activation up within ROUTING_MODEL_CHECK_SECONDS."""
    async with uow:
        await uow.models.add(
            version=model.version, path=path, labels=model.labels, by=by, at=uow.clock.now()
        )
        await uow.commit()


async def handled_cases(
    uow: RoutingUnitOfWork, config: RoutingConfig
) -> tuple[list[str], list[str]]:
    """Texts and final departments (after any dispatch) of the cases routing has handled."""
    async with uow:
        rows = await uow.assignments.handled_cases(excluding=config.classifier.triage_department)
    return [text for text, _ in rows], [department for _, department in rows]

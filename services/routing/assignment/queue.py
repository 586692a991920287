"""The department queue: cases most urgent first, staff bound to a department see only its own."""

from __future__ import annotations

from dataclasses import dataclass

from services.routing.case.policy import OtherDepartment
from services.routing.departments.domain import DepartmentNotFound
from services.routing.queries import CaseView
from services.routing.unit_of_work import RoutingUnitOfWork
from shared.auth.remit import EVERYTHING, Remit
from shared.pagination import decode_cursor, encode_cursor, uuid_value


@dataclass(frozen=True)
class QueuePage:
    items: list[CaseView]
    next_cursor: str | None


async def department_queue(
    uow: RoutingUnitOfWork,
    *,
    department: str | None,
    priority: str | None,
    state: str | None,
    cursor: str | None,
    limit: int,
    remit: Remit = EVERYTHING,
) -> QueuePage:
    """Staff bound to a department get its queue and no other."""
    department = remit.list_for(
        department,
        OtherDepartment("you see your own department's queue only", department=department),
    )
    after = decode_cursor(cursor, uuid_value) if cursor else None
    async with uow:
        if department and department not in await uow.departments.all():
            raise DepartmentNotFound("no such department", department=department)
        rows = await uow.reads.queue(
            department=department, priority=priority, state=state, after=after, limit=limit + 1
        )
    page = rows[:limit]
    next_cursor = None
    if len(rows) > limit:
        next_cursor = encode_cursor(page[-1].resolution_due, str(page[-1].complaint_id))
    return QueuePage(page, next_cursor)

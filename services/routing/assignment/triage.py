"""The triage desk: a person sends a case the model was unsure of to a department."""

from __future__ import annotations

from uuid import UUID

from services.routing.assignment.domain import AssignmentNotFound, Move, NotInTriage
from services.routing.config import RoutingConfig
from services.routing.departments.domain import Departments
from services.routing.unit_of_work import RoutingUnitOfWork
from shared.auth.remit import Remit


async def dispatch(
    uow: RoutingUnitOfWork,
    complaint_id: UUID,
    department: str,
    *,
    remit: Remit,
    by: str,
    reason: str | None,
    config: RoutingConfig,
) -> None:
    """A person sends a case from the triage desk to a department."""
    async with uow:
        current = await uow.reads.case(complaint_id)
        if current is None or not remit.covers(current.department):
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
        move = Move(
            complaint_id=complaint_id,
            reference=current.reference,
            from_department=triage,
            department=target,
            by=by,
            reason=reason,
            at=uow.clock.now(),
        )
        await uow.assignments.move(move)
        uow.record(move.reassigned())
        await uow.commit()

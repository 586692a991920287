"""The handling workflow's use cases: load the case, take one guarded step, save it with its
audit lines and events in one transaction."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from services.routing.assignment.domain import AssignmentNotFound
from services.routing.assignment.route import CONSUMER
from services.routing.case.domain import Case
from services.routing.case.errors import IllegalTransition
from services.routing.config import RoutingConfig
from services.routing.departments.domain import Departments
from services.routing.queries import CaseView, StepView
from services.routing.unit_of_work import RoutingUnitOfWork
from shared.auth.remit import Remit
from shared.events.followup import ComplaintReopened

log = logging.getLogger(__name__)
Step = Callable[[Case, datetime, Departments], None]


async def take_step(
    uow: RoutingUnitOfWork, complaint_id: UUID, step: Step, config: RoutingConfig, remit: Remit
) -> CaseView:
    """The case as saved, read in the step's own transaction. A case outside the actor's remit
    is not found, whatever the step."""
    async with uow:
        case = await uow.cases.get(complaint_id)
        if case is None or not remit.covers(case.department):
            raise AssignmentNotFound("no case for this complaint", complaint_id=str(complaint_id))
        departments = Departments(await uow.departments.all(), config.classifier.triage_department)
        step(case, uow.clock.now(), departments)
        await uow.cases.save(case)
        saved = await uow.reads.case(complaint_id)
        await uow.commit()
    if saved is None:  # saved above in this transaction: only a concurrent delete could do it
        raise AssignmentNotFound("no case for this complaint", complaint_id=str(complaint_id))
    return saved


@dataclass(frozen=True)
class CaseFile:
    assignment: CaseView
    steps: list[StepView]


async def case_file(uow: RoutingUnitOfWork, complaint_id: UUID, remit: Remit) -> CaseFile:
    """The case and its audit trail, within the reader's remit."""
    async with uow:
        await uow.read_snapshot()
        row = await uow.reads.case(complaint_id)
        if row is None or not remit.covers(row.department):
            raise AssignmentNotFound("no case for this complaint", complaint_id=str(complaint_id))
        return CaseFile(row, await uow.reads.steps(complaint_id))


ExternalStep = Callable[[Case, datetime, CaseView], None]


async def on_customer_verdict(
    uow: RoutingUnitOfWork,
    complaint_id: UUID,
    event_id: UUID,
    event_type: str,
    step: ExternalStep,
) -> bool:
    """A step another service's event takes (reopened by follow-up, withdrawn at intake);
    once per event. False when the case is not in a state the event applies to."""
    async with uow:
        if not await uow.inbox.claim(consumer=CONSUMER, event_id=event_id, event_type=event_type):
            return False
        case, row = await uow.cases.get(complaint_id), await uow.reads.case(complaint_id)
        if case is None or row is None:
            log.info("%s for %s: no case here (rejected or merged)", event_type, complaint_id)
            await uow.commit()
            return False
        try:
            step(case, uow.clock.now(), row)
        except IllegalTransition as exc:
            log.info("%s for %s ignored: %s", event_type, complaint_id, exc)
            await uow.commit()
            return False
        await uow.cases.save(case)
        await uow.commit()
        return True


def reopen(event: ComplaintReopened, config: RoutingConfig) -> ExternalStep:
    def step(case: Case, now: datetime, row: CaseView) -> None:
        hours = config.sla.resolution_hours[row.priority]
        due = config.calendar.calendar.add(now, timedelta(hours=hours))
        case.reopen(score=event.score, words=event.customer_words, due=due, now=now)

    return step

"""A supervisor's overturn of a validity verdict: the complaint is routed after all."""

from __future__ import annotations

from uuid import UUID

from services.routing.assignment.assign import explain
from services.routing.assignment.route import route
from services.routing.config import RoutingConfig
from services.routing.learning.active import ActiveModel
from services.routing.queries import CaseView, DecisionView
from services.routing.unit_of_work import RoutingUnitOfWork
from services.routing.validity.domain import AlreadyValid, DecisionNotFound, NothingLeftToJudge
from shared.auth.remit import Remit


async def overturn(
    uow: RoutingUnitOfWork,
    complaint_id: UUID,
    *,
    remit: Remit,
    by: str,
    note: str | None,
    config: RoutingConfig,
    model: ActiveModel,
) -> CaseView:
    """A supervisor rules a rejected complaint valid after all: it is routed now."""
    async with uow:
        decision = await _decision(uow, complaint_id, remit, config.classifier.triage_department)
        if decision.reason == "valid" or decision.overturned_at is not None:
            raise AlreadyValid("the complaint is already handled as valid", reason=decision.reason)
        if decision.complaint.get("erased"):
            raise NothingLeftToJudge("the customer's data was erased")
        complaint = decision.registered
        await uow.validity.overturn(complaint_id, by=by, note=note, at=uow.clock.now())
        await route(uow, complaint, explain(complaint, config), config, model)
        routed = await uow.reads.case(complaint_id)
        await uow.commit()
    if routed is None:  # routed above in this transaction
        raise DecisionNotFound("the complaint was not routed", complaint_id=str(complaint_id))
    return routed


async def decision_within(
    uow: RoutingUnitOfWork, complaint_id: UUID, remit: Remit, triage: str
) -> DecisionView:
    async with uow:
        return await _decision(uow, complaint_id, remit, triage)


async def _decision(
    uow: RoutingUnitOfWork, complaint_id: UUID, remit: Remit, triage: str
) -> DecisionView:
    """A rejected complaint has no case: it is the triage desk's to review."""
    decision = await uow.reads.decision(complaint_id)
    case = await uow.reads.case(complaint_id) if decision is not None else None
    department = case.department if case is not None else triage
    if decision is None or not remit.covers(department):
        raise DecisionNotFound("no decision for this complaint", complaint_id=str(complaint_id))
    return decision

"""A supervisor's overturn of a validity verdict: the complaint is routed after all."""

from __future__ import annotations

from uuid import UUID

from services.routing.assignment.assign import explain
from services.routing.assignment.route import route
from services.routing.config import RoutingConfig
from services.routing.learning.active import ActiveModel
from services.routing.queries import CaseView
from services.routing.unit_of_work import RoutingUnitOfWork
from services.routing.validity.domain import AlreadyValid, DecisionNotFound


async def overturn(
    uow: RoutingUnitOfWork,
    complaint_id: UUID,
    *,
    by: str,
    note: str | None,
    config: RoutingConfig,
    model: ActiveModel,
) -> CaseView:
    """A supervisor rules a rejected complaint valid after all: it is routed now."""
    async with uow:
        decision = await uow.reads.decision(complaint_id)
        if decision is None:
            raise DecisionNotFound("no decision for this complaint", complaint_id=str(complaint_id))
        if decision.reason == "valid" or decision.overturned_at is not None:
            raise AlreadyValid("the complaint is already handled as valid", reason=decision.reason)
        complaint = decision.registered
        await uow.validity.overturn(complaint_id, by=by, note=note, at=uow.clock.now())
        await route(uow, complaint, explain(complaint, config), config, model)
        routed = await uow.reads.case(complaint_id)
        await uow.commit()
    if routed is None:  # routed above in this transaction
        raise DecisionNotFound("the complaint was not routed", complaint_id=str(complaint_id))
    return routed

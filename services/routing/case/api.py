"""The handling workflow over HTTP: one POST per step on /v1/assignments/{id}/..., each
answering with the case as it now stands. Staff keys only: every step names its person."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends

from services.routing.assignment.schemas import AssignmentOut
from services.routing.case import workflow
from services.routing.case.domain import Case
from services.routing.case.policy import Actor
from services.routing.case.schemas import (
    CaseFileOut,
    CommentIn,
    ExtensionDecisionIn,
    ExtensionIn,
    InvestigationIn,
    MoveIn,
    NoteIn,
    ProposalIn,
    RejectIn,
    ResolveIn,
    ReturnIn,
)
from services.routing.case.staff import actor_of
from services.routing.departments.domain import Departments
from services.routing.dependencies import RoutingDep, RoutingState
from shared.auth.dependencies import require
from shared.auth.keys import Principal
from shared.auth.remit import remit_of

router = APIRouter(prefix="/v1/assignments", tags=["handling"])
Handler = Annotated[Principal, Depends(require("cases:handle"))]
Supervisor = Annotated[Principal, Depends(require("cases:supervise"))]
Reader = Annotated[Principal, Depends(require("cases:read"))]


async def _take(
    routing: RoutingState,
    complaint_id: UUID,
    who: Principal,
    act: Callable[[Case, Actor, datetime, Departments], None],
) -> AssignmentOut:
    actor = actor_of(who)

    def step(case: Case, now: datetime, departments: Departments) -> None:
        act(case, actor, now, departments)

    saved = await workflow.take_step(
        routing.uow(), complaint_id, step, routing.config, remit_of(who)
    )
    return saved


@router.get("/{complaint_id}")
async def get_case(complaint_id: UUID, routing: RoutingDep, who: Reader) -> CaseFileOut:
    """The case and its audit trail: every step, who took it, when, what it recorded."""
    found = await workflow.case_file(routing.uow(), complaint_id, remit_of(who))
    case, steps = found.assignment, found.steps
    return CaseFileOut(**case.model_dump(), steps=steps)


@router.post("/{complaint_id}/accept")
async def accept(complaint_id: UUID, routing: RoutingDep, who: Handler) -> AssignmentOut:
    return await _take(routing, complaint_id, who, lambda c, a, now, _: c.accept(a, now))


@router.post("/{complaint_id}/return")
async def return_case(
    complaint_id: UUID, body: ReturnIn, routing: RoutingDep, who: Handler
) -> AssignmentOut:
    """退单: to the department named, else to triage; a second return goes to arbitration."""
    return await _take(
        routing,
        complaint_id,
        who,
        lambda c, a, now, d: c.return_(
            a,
            reason=body.reason,
            to=d.target(body.department).code if body.department else None,
            triage=d.triage,
            now=now,
        ),
    )


@router.post("/{complaint_id}/investigation")
async def investigate(
    complaint_id: UUID, body: InvestigationIn, routing: RoutingDep, who: Handler
) -> AssignmentOut:
    return await _take(
        routing,
        complaint_id,
        who,
        lambda c, a, now, _: c.investigate(
            a,
            findings=body.findings,
            root_cause=body.root_cause,
            responsibility=body.responsibility,
            now=now,
        ),
    )


@router.post("/{complaint_id}/proposal")
async def propose(
    complaint_id: UUID, body: ProposalIn, routing: RoutingDep, who: Handler
) -> AssignmentOut:
    currency = body.currency or (routing.config.handling.currency if body.amount else None)
    return await _take(
        routing,
        complaint_id,
        who,
        lambda c, a, now, _: c.propose(
            a,
            remedies=body.remedies,
            amount=body.amount,
            currency=currency,
            message_to_customer=body.message_to_customer,
            now=now,
        ),
    )


@router.post("/{complaint_id}/approve")
async def approve(
    complaint_id: UUID, body: CommentIn, routing: RoutingDep, who: Supervisor
) -> AssignmentOut:
    limit = routing.config.handling.supervisor_approval_limit
    return await _take(
        routing,
        complaint_id,
        who,
        lambda c, a, now, _: c.approve(a, comment=body.comment, limit=limit, now=now),
    )


@router.post("/{complaint_id}/reject")
async def reject(
    complaint_id: UUID, body: RejectIn, routing: RoutingDep, who: Supervisor
) -> AssignmentOut:
    """Back to the handler for another proposal."""
    return await _take(
        routing, complaint_id, who, lambda c, a, now, _: c.reject(a, comment=body.comment, now=now)
    )


@router.post("/{complaint_id}/implement")
async def implement(
    complaint_id: UUID, body: NoteIn, routing: RoutingDep, who: Handler
) -> AssignmentOut:
    return await _take(
        routing, complaint_id, who, lambda c, a, now, _: c.implement(a, note=body.note, now=now)
    )


@router.post("/{complaint_id}/resolve")
async def resolve(
    complaint_id: UUID, body: ResolveIn, routing: RoutingDep, who: Handler
) -> AssignmentOut:
    """Done: `complaint.resolved`, and follow-up checks with the customer."""
    return await _take(
        routing, complaint_id, who, lambda c, a, now, _: c.resolve(a, summary=body.summary, now=now)
    )


@router.post("/{complaint_id}/reassign")
async def reassign(
    complaint_id: UUID, body: MoveIn, routing: RoutingDep, who: Supervisor
) -> AssignmentOut:
    return await _take(
        routing,
        complaint_id,
        who,
        lambda c, a, now, d: c.reassign(
            a, to=d.target(body.department), reason=body.reason, now=now
        ),
    )


@router.post("/{complaint_id}/arbitrate")
async def arbitrate(
    complaint_id: UUID, body: MoveIn, routing: RoutingDep, who: Supervisor
) -> AssignmentOut:
    """Departments returned the case to each other: decide which one handles it (final)."""
    return await _take(
        routing,
        complaint_id,
        who,
        lambda c, a, now, d: c.arbitrate(
            a, to=d.target(body.department), reason=body.reason, triage=d.triage, now=now
        ),
    )


@router.post("/{complaint_id}/extension")
async def request_extension(
    complaint_id: UUID, body: ExtensionIn, routing: RoutingDep, who: Handler
) -> AssignmentOut:
    return await _take(
        routing,
        complaint_id,
        who,
        lambda c, a, now, _: c.request_extension(a, reason=body.reason, until=body.until, now=now),
    )


@router.post("/{complaint_id}/extension/decision")
async def decide_extension(
    complaint_id: UUID, body: ExtensionDecisionIn, routing: RoutingDep, who: Supervisor
) -> AssignmentOut:
    """Approved: the promised date moves (`complaint.deadline_extended`), the customer is told."""
    return await _take(
        routing,
        complaint_id,
        who,
        lambda c, a, now, _: c.decide_extension(
            a, approve=body.approve, comment=body.comment, now=now
        ),
    )

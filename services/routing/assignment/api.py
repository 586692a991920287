"""Routing's HTTP routes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from services.routing.assignment import route, services
from services.routing.assignment.domain import DecisionNotFound
from services.routing.case.policy import sees_only
from services.routing.case.states import State
from services.routing.dependencies import RoutingDep
from shared.auth.dependencies import require
from shared.auth.keys import Principal

router = APIRouter(prefix="/v1", tags=["routing"])
CanRead = Depends(require("cases:read"))


class DepartmentOut(BaseModel):
    code: str
    name: str
    name_zh: str | None
    default_priority: str
    active: bool


class AssignmentOut(BaseModel):
    complaint_id: UUID
    reference: str
    channel: str
    department: str
    priority: str
    matched_rule: str | None
    reasons: list[str]
    risk_flags: list[str]
    first_response_due: datetime
    resolution_due: datetime
    routed_at: datetime
    classification: dict[str, Any] | None
    senior_handler: bool
    text: str | None = Field(None, description="the complaint, with any merged duplicates")
    state: str
    handler: str | None
    returns: int
    arbitrated: bool
    investigation: dict[str, Any] | None
    proposal: dict[str, Any] | None
    extension: dict[str, Any] | None = Field(description="a request for more time, pending")
    resolved_at: datetime | None


class AssignmentPage(BaseModel):
    items: list[AssignmentOut]
    next_cursor: str | None


@router.get("/departments", dependencies=[CanRead])
async def list_departments(routing: RoutingDep) -> list[DepartmentOut]:
    departments = await services.list_departments(routing.uow())
    return [
        DepartmentOut(
            code=d.code,
            name=d.name,
            name_zh=d.name_zh,
            default_priority=d.default_priority,
            active=d.active,
        )
        for d in departments
    ]


@router.get("/assignments")
async def list_assignments(
    routing: RoutingDep,
    who: Annotated[Principal, CanRead],
    department: str | None = None,
    priority: Literal["P1", "P2", "P3", "P4"] | None = None,
    state: State | None = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> AssignmentPage:
    """The department queue, most urgent deadline first. Handlers and supervisors see their
    own department's only."""
    page = await services.department_queue(
        routing.uow(),
        department=department,
        priority=priority,
        state=state,
        cursor=cursor,
        limit=limit,
        sees_only=sees_only(who),
    )
    return AssignmentPage(
        items=[AssignmentOut.model_validate(row, from_attributes=True) for row in page.items],
        next_cursor=page.next_cursor,
    )


class DispatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    department: str = Field(min_length=1, max_length=64)
    reason: str | None = Field(None, max_length=500)


@router.post("/assignments/{complaint_id}/dispatch", status_code=204)
async def dispatch_from_triage(
    complaint_id: UUID,
    body: DispatchIn,
    routing: RoutingDep,
    who: Annotated[Principal, Depends(require("cases:dispatch"))],
) -> None:
    """Send a case waiting at the triage desk to a department (`complaint.reassigned`)."""
    await services.dispatch(
        routing.uow(),
        complaint_id,
        body.department,
        by=who.name,
        reason=body.reason,
        config=routing.config,
    )


class DecisionOut(BaseModel):
    complaint_id: UUID
    reference: str
    reason: str
    signals: list[str]
    referred_to: str | None
    decided_at: datetime
    overturned_by: str | None
    overturned_at: datetime | None
    overturn_note: str | None


class OverturnIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    note: str | None = Field(None, max_length=500)


@router.get("/validity/{complaint_id}", dependencies=[CanRead])
async def validity_decision(complaint_id: UUID, routing: RoutingDep) -> DecisionOut:
    """Whether the complaint was judged valid, why (the signals that fired), any overturn."""
    async with routing.uow() as uow:
        row = await uow.validity.get(complaint_id)
    if row is None:
        raise DecisionNotFound("no decision for this complaint", complaint_id=str(complaint_id))
    return DecisionOut.model_validate(row, from_attributes=True)


@router.post("/validity/{complaint_id}/overturn")
async def overturn_decision(
    complaint_id: UUID,
    body: OverturnIn,
    routing: RoutingDep,
    who: Annotated[Principal, Depends(require("cases:supervise"))],
) -> AssignmentOut:
    """A supervisor rules a rejected complaint valid: it is routed now (`complaint.routed`)."""
    assignment = await route.overturn(
        routing.uow(),
        complaint_id,
        by=who.name,
        note=body.note,
        config=routing.config,
        model=routing.model,
    )
    async with routing.uow() as uow:
        row = await uow.assignments.get(assignment.complaint_id)
    return AssignmentOut.model_validate(row, from_attributes=True)

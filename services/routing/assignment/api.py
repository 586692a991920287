"""The department queue and the triage desk over HTTP."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from services.routing.assignment.queue import department_queue
from services.routing.assignment.schemas import AssignmentPage
from services.routing.assignment.triage import dispatch
from services.routing.case.states import State
from services.routing.dependencies import RoutingDep
from shared.auth.dependencies import require
from shared.auth.keys import Principal
from shared.auth.remit import remit_of

router = APIRouter(prefix="/v1", tags=["routing"])
CanRead = Depends(require("cases:read"))


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
    """The department queue: its open cases, most urgent deadline first, or those in one
    `state` (`resolved` among them). Handlers and supervisors see their own department's
    only."""
    page = await department_queue(
        routing.uow(),
        department=department,
        priority=priority,
        state=state,
        cursor=cursor,
        limit=limit,
        remit=remit_of(who),
    )
    return AssignmentPage(
        items=page.items,
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
    """Send a case waiting at the triage desk to a department (`complaint.reassigned`): the
    triage desk's supervisors, or an admin."""
    await dispatch(
        routing.uow(),
        complaint_id,
        body.department,
        remit=remit_of(who),
        by=who.name,
        reason=body.reason,
        config=routing.config,
    )

"""Validity verdicts over HTTP: read one, and a supervisor's overturn."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from services.routing.assignment.schemas import AssignmentOut
from services.routing.dependencies import RoutingDep
from services.routing.queries import Decision
from services.routing.validity.overturn import decision_within, overturn
from shared.auth.dependencies import require
from shared.auth.keys import Principal
from shared.auth.remit import remit_of

router = APIRouter(prefix="/v1", tags=["routing"])
CanRead = Depends(require("cases:read"))


DecisionOut = Decision


class OverturnIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    note: str | None = Field(None, max_length=500)


@router.get("/validity/{complaint_id}")
async def validity_decision(
    complaint_id: UUID, routing: RoutingDep, who: Annotated[Principal, CanRead]
) -> DecisionOut:
    """Whether the complaint was judged valid, why (the signals that fired), any overturn.
    A rejected complaint is the triage desk's; a valid one, its department's."""
    row = await decision_within(
        routing.uow(), complaint_id, remit_of(who), routing.config.classifier.triage_department
    )
    return DecisionOut.model_validate(row, from_attributes=True)


@router.post("/validity/{complaint_id}/overturn")
async def overturn_decision(
    complaint_id: UUID,
    body: OverturnIn,
    routing: RoutingDep,
    who: Annotated[Principal, Depends(require("cases:supervise"))],
) -> AssignmentOut:
    """The triage desk's supervisor (or an admin) rules a rejected complaint valid: it is
    routed now (`complaint.routed`)."""
    return await overturn(
        routing.uow(),
        complaint_id,
        remit=remit_of(who),
        by=who.name,
        note=body.note,
        config=routing.config,
        model=routing.model,
    )

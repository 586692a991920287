"""Validity verdicts over HTTP: read one, and a supervisor's overturn."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from services.routing.assignment.schemas import AssignmentOut
from services.routing.dependencies import RoutingDep
from services.routing.queries import Decision
from services.routing.validity.domain import DecisionNotFound
from services.routing.validity.overturn import overturn
from shared.auth.dependencies import require
from shared.auth.keys import Principal

router = APIRouter(prefix="/v1", tags=["routing"])
CanRead = Depends(require("cases:read"))


DecisionOut = Decision


class OverturnIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    note: str | None = Field(None, max_length=500)


@router.get("/validity/{complaint_id}", dependencies=[CanRead])
async def validity_decision(complaint_id: UUID, routing: RoutingDep) -> DecisionOut:
    """Whether the complaint was judged valid, why (the signals that fired), any overturn."""
    async with routing.uow() as uow:
        row = await uow.reads.decision(complaint_id)
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
    return await overturn(
        routing.uow(),
        complaint_id,
        by=who.name,
        note=body.note,
        config=routing.config,
        model=routing.model,
    )

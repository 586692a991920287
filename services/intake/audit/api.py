"""The audit of reads over HTTP: `GET /v1/audit` for admins, and `note`, which the reading
routes call once they have what they will answer (a read that can't be recorded fails)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from services.intake.audit.reads import Read, ReadLine
from services.intake.dependencies import IntakeDep, IntakeState
from shared.auth.dependencies import require
from shared.auth.keys import Principal
from shared.errors import InvalidRequest

router = APIRouter(prefix="/v1", tags=["audit"])


class AuditPage(BaseModel):
    items: list[ReadLine]


class NothingToAudit(InvalidRequest):
    code = "nothing_to_audit"


async def note(intake: IntakeState, reader: Principal, read: Read) -> None:
    async with intake.uow() as uow:
        await uow.reads.record(reader, read, uow.clock.now())
        await uow.commit()


@router.get("/audit", dependencies=[Depends(require("admin"))])
async def who_read(
    intake: IntakeDep,
    complaint: UUID | None = None,
    customer: UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> AuditPage:
    """Who opened a complaint (its case file and files) or a customer's data (their
    complaints, history and screen-pop), newest first; admins only."""
    if complaint is None and customer is None:
        raise NothingToAudit("give a complaint, a customer or both")
    async with intake.uow() as uow:
        found = await uow.reads.of(complaint_id=complaint, customer_id=customer, limit=limit)
    return AuditPage(items=found)

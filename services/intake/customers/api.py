"""Privacy duties over HTTP: erasing a customer on request."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from services.intake.customers.erasure import erase_customer
from services.intake.dependencies import IntakeDep
from shared.auth.dependencies import require
from shared.auth.keys import Principal

router = APIRouter(prefix="/v1", tags=["privacy"])


class ErasureOut(BaseModel):
    customer_id: UUID
    complaints: int
    files: int


@router.post("/customers/{customer_id}/erase")
async def erase(
    customer_id: UUID,
    intake: IntakeDep,
    admin: Annotated[Principal, Depends(require("admin"))],
) -> ErasureOut:
    """The customer's personal data replaced everywhere (name, contacts, their words, their
    files), their complaints kept anonymised for statistics; routing and follow-up forget
    their copies on `complaint.erased`. Admins only; the complaints' timelines say who."""
    done = await erase_customer(intake.uow(), intake.files.store, customer_id, by=admin.name)
    return ErasureOut(customer_id=done.customer_id, complaints=done.complaints, files=done.files)

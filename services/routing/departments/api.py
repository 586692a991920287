"""The departments over HTTP."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from services.routing.dependencies import RoutingDep
from shared.auth.dependencies import require

router = APIRouter(prefix="/v1", tags=["routing"])
CanRead = Depends(require("cases:read"))


class DepartmentOut(BaseModel):
    code: str
    name: str
    name_zh: str | None
    default_priority: str
    active: bool


@router.get("/departments", dependencies=[CanRead])
async def list_departments(routing: RoutingDep) -> list[DepartmentOut]:
    async with routing.uow() as uow:
        departments = (await uow.departments.all()).values()
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

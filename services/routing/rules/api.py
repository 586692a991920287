"""The routing rules over HTTP: read with `cases:read`, change with `admin`."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from services.routing.dependencies import RoutingDep
from services.routing.rules import admin
from shared.auth.dependencies import require
from shared.auth.keys import Principal
from shared.events.common import ChannelName
from shared.web.bounds import INT32_MAX, RowId

router = APIRouter(prefix="/v1/rules", tags=["rules"])
CanRead = Depends(require("cases:read"))
Admin = Annotated[Principal, Depends(require("admin"))]
Words = list[Annotated[str, Field(min_length=1, max_length=100)]]


class RuleOut(BaseModel):
    id: int
    position: int
    name: str
    department: str
    keywords: list[str]
    channels: list[str]
    categories: list[str]
    enabled: bool


class RuleIn(BaseModel):
    """A new rule. Keywords match case-insensitively, whole words for Latin script."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    position: int = Field(ge=1, le=INT32_MAX, description="rules are tried in position order")
    name: str = Field(min_length=1, max_length=120)
    department: str = Field(min_length=1, max_length=64)
    keywords: Words = Field(default_factory=list, max_length=500)
    channels: list[ChannelName] = Field(default_factory=list)
    categories: Words = Field(default_factory=list, max_length=100)
    enabled: bool = True


class RulePatch(BaseModel):
    """The fields to change; `{"enabled": false}` disables the rule."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    position: int | None = Field(None, ge=1, le=INT32_MAX)
    name: str | None = Field(None, min_length=1, max_length=120)
    department: str | None = Field(None, min_length=1, max_length=64)
    keywords: Words | None = Field(None, max_length=500)
    channels: list[ChannelName] | None = None
    categories: Words | None = Field(None, max_length=100)
    enabled: bool | None = None


class RuleChangeOut(BaseModel):
    action: str
    by: str
    at: datetime
    before: dict[str, Any] | None
    after: dict[str, Any]


@router.get("", dependencies=[CanRead])
async def list_rules(routing: RoutingDep) -> list[RuleOut]:
    return [RuleOut(**rule) for rule in await admin.list_rules(routing.uow())]


@router.post("", status_code=201)
async def create_rule(body: RuleIn, routing: RoutingDep, who: Admin) -> RuleOut:
    saved = await admin.save_rule(routing.uow(), None, body.model_dump(), by=who.name)
    return RuleOut(**saved)


@router.patch("/{rule_id}")
async def update_rule(rule_id: RowId, body: RulePatch, routing: RoutingDep, who: Admin) -> RuleOut:
    changes = body.model_dump(exclude_unset=True, exclude_none=True)
    saved = await admin.save_rule(routing.uow(), rule_id, changes, by=who.name)
    return RuleOut(**saved)


@router.get("/{rule_id}/changes", dependencies=[CanRead])
async def rule_changes(rule_id: RowId, routing: RoutingDep) -> list[RuleChangeOut]:
    """Who changed the rule, when, and what it was before and after."""
    rows = await admin.rule_history(routing.uow(), rule_id)
    return [RuleChangeOut.model_validate(row, from_attributes=True) for row in rows]

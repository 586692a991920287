"""Follow-up's HTTP routes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from pydantic import AwareDatetime, BaseModel

from services.followup.dependencies import FollowupDep
from shared.auth.dependencies import require
from shared.pagination import decode_cursor, encode_cursor, uuid_value

router = APIRouter(
    prefix="/v1", tags=["follow-up"], dependencies=[Depends(require("callbacks:read"))]
)


class CallbackOut(BaseModel):
    id: UUID
    complaint_id: UUID
    purpose: str
    channel: str
    status: str
    scheduled_for: datetime
    deadline: datetime
    timezone: str
    within_deadline: bool
    reason: str | None
    priority: str | None


class CallbackPage(BaseModel):
    items: list[CallbackOut]
    next_cursor: str | None


def _after(cursor: str | None) -> tuple[datetime, UUID] | None:
    if not cursor:
        return None
    return decode_cursor(cursor, uuid_value)


@router.get("/callbacks")
async def list_callbacks(
    followup: FollowupDep,
    due_before: AwareDatetime | None = None,
    status: Literal["scheduled"] | None = None,
    purpose: Literal["acknowledgment", "explanation", "information_request"] | None = None,
    channel: Literal["phone", "sms", "email", "letter"] | None = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> CallbackPage:
    """Callbacks in due order; `due_before` gives the ones due before that instant."""
    after = _after(cursor)
    async with followup.uow() as uow:
        rows = await uow.callbacks.due(
            due_before=due_before,
            status=status,
            channel=channel,
            purpose=purpose,
            after=after,
            limit=limit + 1,
        )
    page = rows[:limit]
    next_cursor = (
        encode_cursor(page[-1].scheduled_for, str(page[-1].id)) if len(rows) > limit else None
    )
    return CallbackPage(
        items=[CallbackOut.model_validate(r, from_attributes=True) for r in page],
        next_cursor=next_cursor,
    )

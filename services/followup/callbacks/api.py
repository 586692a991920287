"""Follow-up's reading routes: callbacks (with their attempts and messages) and figures."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from services.followup.callbacks.agents import CallbackNotFound, OtherTeam
from services.followup.callbacks.states import Status
from services.followup.dependencies import FollowupDep
from services.followup.queries import AttemptView, CallbackView, MessageView
from shared.auth.dependencies import require
from shared.auth.keys import Principal
from shared.auth.remit import remit_of
from shared.events.common import Purpose
from shared.pagination import decode_cursor, encode_cursor, uuid_value
from shared.web.bounds import Instant

router = APIRouter(prefix="/v1", tags=["follow-up"])
Reader = Annotated[Principal, Depends(require("callbacks:read"))]


CallbackOut = CallbackView


AttemptOut = AttemptView


MessageOut = MessageView


class CallbackFileOut(CallbackView):
    attempt_log: list[AttemptOut]
    messages: list[MessageOut]


class CallbackPage(BaseModel):
    items: list[CallbackOut]
    next_cursor: str | None


@router.get("/callbacks")
async def list_callbacks(
    followup: FollowupDep,
    reader: Reader,
    due_before: Instant | None = None,
    status: Status | None = None,
    purpose: Purpose | None = None,
    channel: Literal["phone", "sms", "email", "letter"] | None = None,
    department: Annotated[str | None, Query(max_length=64)] = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> CallbackPage:
    """Callbacks in due order; `due_before` gives the ones due before that instant."""
    after = decode_cursor(cursor, uuid_value) if cursor else None
    async with followup.uow() as uow:
        rows = await uow.reads.due(
            due_before=due_before,
            status=status,
            channel=channel,
            purpose=purpose,
            department=remit_of(reader).list_for(
                department,
                OtherTeam("you see your own team's callbacks only", department=department),
            ),
            after=after,
            limit=limit + 1,
        )
    page = rows[:limit]
    next_cursor = (
        encode_cursor(page[-1].scheduled_for, str(page[-1].id)) if len(rows) > limit else None
    )
    return CallbackPage(
        items=page,
        next_cursor=next_cursor,
    )


@router.get("/callbacks/{callback_id}")
async def get_callback(callback_id: UUID, followup: FollowupDep, reader: Reader) -> CallbackFileOut:
    """The callback with every attempt (and the agents' notes) and every message sent."""
    async with followup.uow() as uow:
        await uow.read_snapshot()
        callback = await uow.reads.callback(callback_id)
        if callback is None or not remit_of(reader).covers(callback.department):
            raise CallbackNotFound("no callback with this id", callback_id=str(callback_id))
        attempts = await uow.reads.attempts_of(callback_id)
        messages = await uow.reads.messages_of(callback_id)
    return CallbackFileOut(**callback.model_dump(), attempt_log=attempts, messages=messages)

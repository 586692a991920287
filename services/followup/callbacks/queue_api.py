"""The callback agents' queue over HTTP: what is due for my team, claim one (with its call
outline), record the attempt; and the SMS gateway's delivery reports."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, status
from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.followup.callbacks import agents
from services.followup.callbacks.api import CallbackOut
from services.followup.callbacks.states import Answer
from services.followup.dependencies import FollowupDep
from services.followup.planning import contacts
from services.followup.planning.plan import Outcome
from shared.auth.dependencies import require
from shared.auth.keys import Principal
from shared.auth.remit import remit_of

router = APIRouter(prefix="/v1", tags=["callback queue"])
Worker = Annotated[Principal, Depends(require("callbacks:work"))]
Reporter = Annotated[Principal, Depends(require("messages:report"))]


def _agent(who: Principal) -> agents.Agent:
    staff = who.staff_member("callbacks are worked by staff, with their own key")
    return agents.Agent(staff.username, staff.department)


class OutlineOut(BaseModel):
    purpose: str
    greeting: str
    introduction: str
    questions: list[str]
    closing: str


class CustomerOut(BaseModel):
    name: str | None
    phone: str | None
    email: str | None
    postal_address: str | None
    language: str | None
    timezone: str


class ClaimOut(BaseModel):
    callback: CallbackOut
    customer: CustomerOut
    outline: OutlineOut


class AttemptIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    outcome: Literal[
        "reached", "no_answer", "busy", "voicemail", "refused", "wrong_number", "posted"
    ]
    notes: str | None = Field(None, max_length=2000)
    satisfaction: int | None = Field(None, ge=1, le=5)
    resolved: bool | None = None
    comment: str | None = Field(None, max_length=2000, description="the customer's own words")

    @model_validator(mode="after")
    def answers_only_when_reached(self) -> AttemptIn:
        said = (self.satisfaction, self.resolved, self.comment)
        if self.outcome != "reached" and any(v is not None for v in said):
            raise ValueError("satisfaction, resolved and comment go with outcome 'reached'")
        return self


class DeliveryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: Literal["delivered", "failed"]
    error: str | None = Field(None, max_length=300)


@router.get("/callbacks/queue")
async def my_queue(
    followup: FollowupDep, who: Worker, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> list[CallbackOut]:
    """Calls due now for my team that nobody else holds: most urgent priority first."""
    rows = await agents.queue(followup.uow(), _agent(who), limit)
    return [CallbackOut.model_validate(r, from_attributes=True) for r in rows]


@router.post("/callbacks/{callback_id}/claim")
async def claim(callback_id: UUID, followup: FollowupDep, who: Worker) -> ClaimOut:
    """Mine until the lease ends; with the customer's details and the outline to follow."""
    got = await agents.claim(
        followup.uow(), callback_id, _agent(who), followup.policy, followup.texts
    )
    case = got.case
    return ClaimOut(
        callback=CallbackOut.model_validate(got.callback, from_attributes=True),
        customer=CustomerOut(
            name=case.customer_name,
            phone=case.phone,
            email=case.email,
            postal_address=case.postal_address,
            language=case.language,
            timezone=got.callback.timezone,
        ),
        outline=OutlineOut.model_validate(got.outline, from_attributes=True),
    )


@router.post("/callbacks/{callback_id}/attempts")
async def record_attempt(
    callback_id: UUID, body: AttemptIn, followup: FollowupDep, who: Worker
) -> CallbackOut:
    outcome: Outcome = body.outcome
    saved = await agents.record_attempt(
        followup.uow(),
        callback_id,
        _agent(who),
        outcome,
        notes=body.notes,
        answer=Answer(body.satisfaction, body.resolved, body.comment),
        policy=followup.policy,
    )
    return CallbackOut.model_validate(saved, from_attributes=True)


class SurveyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    complaint_id: UUID


@router.post("/surveys", status_code=status.HTTP_201_CREATED)
async def plan_survey(body: SurveyIn, followup: FollowupDep, who: Worker) -> CallbackOut:
    """A service-quality survey for a complaint, planned like any contact (from the next
    working day, by the customer's channel); its score counts in no case decision."""
    planned = await contacts.plan_survey(
        followup.uow(), body.complaint_id, followup.policy, remit_of(who)
    )
    return CallbackOut.model_validate(planned, from_attributes=True)


@router.post("/messages/{message_id}/delivery", status_code=status.HTTP_204_NO_CONTENT)
async def delivery_report(
    message_id: UUID, body: DeliveryIn, followup: FollowupDep, _: Reporter
) -> None:
    """The SMS gateway's delivery report; an undelivered survey moves to the next channel."""
    await followup.dispatcher.delivery_report(
        message_id, delivered=body.status == "delivered", error=body.error
    )

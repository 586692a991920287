"""The follow-up view of a case, and callbacks. Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Literal
from uuid import UUID, uuid4

from services.followup.schedule import Plan
from shared.events.complaints import CallbackScheduled, ComplaintEvent, ContactChannel


class CallbackStatus(StrEnum):
    SCHEDULED = "scheduled"


# An acknowledgment for a routed complaint; an explanation (the answer to an enquiry, or why
# a complaint was not accepted) for a rejected one; a request for what is missing when
# routing found too little to act on.
Purpose = Literal["acknowledgment", "explanation", "information_request"]


@dataclass
class Case:
    """What follow-up knows of a complaint: the contact (from intake) and the routing."""

    complaint_id: UUID
    reference: str | None = None
    customer_name: str | None = None
    phone: str | None = None
    email: str | None = None
    postal_address: str | None = None
    preferred_channel: str | None = None
    timezone: str | None = None
    language: str | None = None
    registered: bool = False
    department: str | None = None
    priority: str | None = None
    first_response_due: datetime | None = None
    routed_at: datetime | None = None
    rejection: str | None = None  # the reason code, when routing did not accept it
    information_requested_at: datetime | None = None

    def contacts_due(self) -> list[Purpose]:
        """What the customer is owed once both intake and routing have spoken."""
        if not self.registered:
            return []
        due: list[Purpose] = []
        if self.information_requested_at is not None:
            due.append("information_request")
        if self.rejection is not None:
            due.append("explanation")
        if self.routed_at is not None:  # also after a supervisor overturned the rejection
            due.append("acknowledgment")
        return due


@dataclass(eq=False)
class Callback:
    id: UUID
    complaint_id: UUID
    purpose: Purpose
    channel: ContactChannel
    scheduled_for: datetime
    deadline: datetime
    timezone: str
    within_deadline: bool
    reason: str | None
    priority: str | None
    created_at: datetime
    status: CallbackStatus = CallbackStatus.SCHEDULED
    events: list[ComplaintEvent] = field(default_factory=list, repr=False)

    @classmethod
    def schedule(
        cls, *, complaint_id: UUID, purpose: Purpose, plan: Plan, deadline: datetime,
        timezone: str, priority: str | None, now: datetime,
    ) -> Callback:  # fmt: skip
        callback = cls(
            id=uuid4(), complaint_id=complaint_id, purpose=purpose, channel=plan.channel,
            scheduled_for=plan.at, deadline=deadline, timezone=timezone,
            within_deadline=plan.within_deadline, reason=plan.reason, priority=priority,
            created_at=now,
        )  # fmt: skip
        callback.events.append(
            CallbackScheduled(
                callback_id=callback.id, complaint_id=complaint_id, purpose=purpose,
                channel=plan.channel, scheduled_for=plan.at, deadline=deadline,
                timezone=timezone, within_deadline=plan.within_deadline, reason=plan.reason,
            )
        )  # fmt: skip
        return callback

"""Payloads of follow-up's events: contacts planned, attempts, and what the customer said
(topic followup.contacts)."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, Field

from shared.events.common import ComplaintEvent, ContactChannel, Purpose


class CallbackScheduled(ComplaintEvent):
    TYPE = "callback.scheduled"
    VERSION = 1
    callback_id: UUID
    purpose: Purpose  # the last three added within v1
    channel: ContactChannel
    scheduled_for: AwareDatetime
    deadline: AwareDatetime
    timezone: str
    within_deadline: bool
    reason: str | None = None


AttemptOutcome = Literal[
    "reached",
    "no_answer",
    "busy",
    "voicemail",
    "refused",
    "wrong_number",
    "sent",
    "failed",
    "no_reply",
    "posted",
    "unclear_reply",  # the survey answer needs a person: an agent calls instead
]

Completion = Literal["reached", "sent", "replied", "unreachable", "cancelled"]


class CallbackAttempted(ComplaintEvent):
    """One try: a call, or a message sent. `awaiting_reply_until` is set while a survey sent
    by SMS or e-mail waits for the customer's answer."""

    TYPE = "callback.attempted"
    VERSION = 1
    callback_id: UUID
    purpose: Purpose
    attempt: int = Field(ge=1)
    channel: ContactChannel
    outcome: AttemptOutcome
    by: str | None = None  # the agent, for a call
    notes: str | None = None
    at: AwareDatetime
    next_channel: ContactChannel | None = None
    next_at: AwareDatetime | None = None
    awaiting_reply_until: AwareDatetime | None = None
    reply_to: str | None = None  # the phone or address a survey reply comes from


class CallbackCompleted(ComplaintEvent):
    TYPE = "callback.completed"
    VERSION = 1
    callback_id: UUID
    purpose: Purpose
    outcome: Completion
    channel: ContactChannel
    attempts: int = Field(ge=0)
    score: int | None = Field(None, ge=1, le=5)
    resolved: bool | None = None
    comment: str | None = None
    reason: str | None = None
    at: AwareDatetime


class ContactInvalidated(ComplaintEvent):
    """An agent found the customer's phone number wrong: intake flags the complaint's
    customer's number for correction."""

    TYPE = "contact.invalidated"
    VERSION = 1
    channel: Literal["phone"]
    reported_by: str
    at: AwareDatetime


class ComplaintClosed(ComplaintEvent):
    """The case is over: the customer is satisfied, or could not be reached after the plan."""

    TYPE = "complaint.closed"
    VERSION = 1
    reference: str | None
    outcome: Literal["satisfied", "unreachable"]
    score: int | None = Field(None, ge=1, le=5)
    reason: str | None = None
    callback_id: UUID
    closed_at: AwareDatetime


class ComplaintReopened(ComplaintEvent):
    """The customer is not satisfied, or says it is unresolved: back to handling, escalated."""

    TYPE = "complaint.reopened"
    VERSION = 1
    reference: str | None
    department: str | None
    score: int | None = Field(None, ge=1, le=5)
    resolved: bool | None = None
    customer_words: str | None = None
    callback_id: UUID
    reopened_at: AwareDatetime


FOLLOWUP_EVENTS = (
    CallbackAttempted,
    CallbackCompleted,
    ContactInvalidated,
    ComplaintClosed,
    ComplaintReopened,
)

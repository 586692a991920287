"""Payloads of the events intake publishes (topic intake.complaints)."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, Field

from shared.events.common import ChannelName, ComplaintEvent, ContactChannel
from shared.events.envelope import ContractModel


class CustomerContact(ContractModel):
    """What downstream services need to reach the customer; nothing channel-internal."""

    customer_id: UUID
    name: str
    phone: str | None = None
    email: str | None = None
    postal_address: str | None = None
    preferred_channel: ContactChannel | None = None
    segment: str | None = None
    timezone: str | None = None
    language: str | None = None
    # Added within v1 (optional): when not to contact them, and when they would rather be.
    do_not_disturb: str | None = None
    preferred_hours: str | None = None


class ComplaintRegistered(ComplaintEvent):
    TYPE = "complaint.registered"
    VERSION = 1
    reference: str
    channel: ChannelName
    customer: CustomerContact
    text: str
    category: str | None = None
    language: str = "zh"
    received_at: AwareDatetime
    first_response_due: AwareDatetime
    repeat_count: int = Field(0, ge=0, description="earlier complaints by the same customer")
    # Added within v1 (optional): earlier complaints inside intake's repeat window.
    recent_count: int | None = Field(None, ge=0)
    repeat_window_days: int | None = None


class ComplaintUpdated(ComplaintEvent):
    """The customer added information to their complaint."""

    TYPE = "complaint.updated"
    VERSION = 1
    reference: str
    added_text: str
    text: str  # the complaint's whole text now
    updated_at: AwareDatetime


class ComplaintWithdrawn(ComplaintEvent):
    """The customer withdrew the complaint: nothing more is owed to them."""

    TYPE = "complaint.withdrawn"
    VERSION = 1
    reference: str
    reason: str
    withdrawn_at: AwareDatetime


# What a survey answer decides: close, reopen, or a person asks.
SurveyOutcome = Literal["satisfied", "dissatisfied", "unclear"]


class SurveyReplied(ComplaintEvent):
    """A customer answered a survey by SMS or e-mail; intake read the score and the outcome
    from the reply's words."""

    TYPE = "survey.replied"
    VERSION = 1
    callback_id: UUID
    channel: Literal["sms", "email"]
    score: int | None = Field(None, ge=1, le=5)  # optional within v1: words without a number
    text: str
    received_at: AwareDatetime
    # Added within v1; absent, the score decides.
    outcome: SurveyOutcome | None = None


class ComplaintErased(ComplaintEvent):
    """The customer's personal data was erased on request or at the end of retention: every
    service forgets its copies of this complaint's personal data and keeps the rest (department,
    dates, outcome) for statistics."""

    TYPE = "complaint.erased"
    VERSION = 1
    reference: str
    erased_at: AwareDatetime

"""Payloads of the complaint lifecycle events (see docs/events.md)."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, Field

from shared.events.envelope import ContractModel, Payload

ChannelName = Literal["phone", "letter", "on_site", "web", "email", "sms"]
ContactChannel = Literal["phone", "sms", "email", "letter"]
Priority = Literal["P1", "P2", "P3", "P4"]


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


class ComplaintEvent(Payload):
    """Every event is about one complaint; its id keys the message, keeping its events in order."""

    complaint_id: UUID


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


class ComplaintClassification(ContractModel):
    """What kind of complaint it is and how the customer feels; every label with its cues."""

    cause: str
    cause_cues: list[str] = Field(default_factory=list)
    motive: str
    motive_cues: list[str] = Field(default_factory=list)
    emotion_intensity: int = Field(ge=0, le=3)
    emotion_cues: list[str] = Field(default_factory=list)
    needs: dict[str, list[str]] = Field(default_factory=dict)


class ComplaintRouted(ComplaintEvent):
    TYPE = "complaint.routed"
    VERSION = 1
    reference: str
    department: str
    department_name: str
    priority: Priority
    matched_rule: str | None = None
    reasons: list[str] = Field(default_factory=list)
    risk_flags: list[str] = Field(default_factory=list)
    first_response_due: AwareDatetime
    resolution_due: AwareDatetime
    routed_at: AwareDatetime
    classification: ComplaintClassification | None = None  # added within v1: optional
    senior_handler: bool = False  # added within v1: a repeat complainant or a VIP


class ComplaintMerged(ComplaintEvent):
    """A later complaint on the same matter was merged into this open one (its subject)."""

    TYPE = "complaint.merged"
    VERSION = 1
    reference: str
    merged_complaint_id: UUID
    merged_reference: str
    text: str
    merged_at: AwareDatetime


class ComplaintReassigned(ComplaintEvent):
    """A case moved to another department (e.g. dispatched by hand from the triage desk)."""

    TYPE = "complaint.reassigned"
    VERSION = 1
    reference: str
    from_department: str
    department: str
    department_name: str
    reason: str | None = None
    by: str
    reassigned_at: AwareDatetime


class ComplaintRejected(ComplaintEvent):
    """Not handled as a complaint: an enquiry or suggestion (answered as such), or rejected."""

    TYPE = "complaint.rejected"
    VERSION = 1
    reference: str
    reason: str  # a reason code: enquiry, suggestion, malicious_flood, duplicate, out_of_scope
    signals: list[str] = Field(default_factory=list)
    rejected_at: AwareDatetime
    referred_to: str | None = None  # the body an out-of-scope matter was referred to


class InformationRequested(ComplaintEvent):
    """Too little to act on: the customer is asked for more, and the case waits for it."""

    TYPE = "complaint.information_requested"
    VERSION = 1
    reference: str
    signals: list[str] = Field(default_factory=list)
    requested_at: AwareDatetime


class ComplaintEscalated(ComplaintEvent):
    """A step of the supervision ladder: warning, urge (催办), supervision (督办)."""

    TYPE = "complaint.escalated"
    VERSION = 1
    reference: str
    level: Literal["warning", "urge", "supervise"]
    department: str
    resolution_due: AwareDatetime
    overdue_working_days: int = Field(0, ge=0)
    escalated_at: AwareDatetime
    reason: str | None = None  # added within v1: "reopened" when the customer was not satisfied


Purpose = Literal[
    "acknowledgment",
    "explanation",
    "information_request",
    "progress_update",
    "satisfaction",
    "survey",
]


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


class ComplaintWithdrawn(ComplaintEvent):
    """The customer withdrew the complaint: nothing more is owed to them."""

    TYPE = "complaint.withdrawn"
    VERSION = 1
    reference: str
    reason: str
    withdrawn_at: AwareDatetime


class SurveyReplied(ComplaintEvent):
    """A customer answered a survey by SMS or e-mail; intake read the score from the reply."""

    TYPE = "survey.replied"
    VERSION = 1
    callback_id: UUID
    channel: Literal["sms", "email"]
    score: int = Field(ge=1, le=5)
    text: str
    received_at: AwareDatetime

"""Payloads of routing's decisions: validity, department, priority, escalation (topic
routing.cases)."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, Field

from shared.events.common import ComplaintEvent, Priority
from shared.events.envelope import ContractModel


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

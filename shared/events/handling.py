"""Payloads of the handling steps a department takes on a case (procedure steps 3 to 7)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import AwareDatetime, Field

from shared.events.common import ComplaintEvent

Responsibility = Literal["company", "customer", "third_party"]
Remedy = Literal["apology", "repair", "replacement", "refund", "compensation", "explanation"]


class CaseStep(ComplaintEvent):
    """Who took the step (a staff username and role), for which department, when."""

    reference: str
    department: str
    by: str
    role: str
    at: AwareDatetime


class ComplaintAccepted(CaseStep):
    TYPE = "complaint.accepted"
    VERSION = 1


class ComplaintReturned(CaseStep):
    """The department sent the case back (退单): re-routed, to triage, or to arbitration."""

    TYPE = "complaint.returned"
    VERSION = 1
    reason: str
    outcome: Literal["rerouted", "triage", "arbitration"]
    to_department: str


class ComplaintInvestigated(CaseStep):
    TYPE = "complaint.investigated"
    VERSION = 1
    findings: str
    root_cause: str
    responsibility: Responsibility


class ResolutionProposed(CaseStep):
    TYPE = "complaint.resolution_proposed"
    VERSION = 1
    remedies: list[Remedy] = Field(min_length=1)
    amount: Decimal | None = None
    currency: str | None = None
    message_to_customer: str


class ResolutionApproved(CaseStep):
    TYPE = "complaint.resolution_approved"
    VERSION = 1
    comment: str | None = None


class ResolutionRejected(CaseStep):
    """The approver sent the proposal back for another one."""

    TYPE = "complaint.resolution_rejected"
    VERSION = 1
    comment: str


class ResolutionImplemented(CaseStep):
    TYPE = "complaint.implemented"
    VERSION = 1
    note: str | None = None


class ComplaintResolved(CaseStep):
    """Handling is done: follow-up checks the customer is satisfied."""

    TYPE = "complaint.resolved"
    VERSION = 1
    summary: str
    responsibility: Responsibility
    remedies: list[Remedy]
    amount: Decimal | None = None
    currency: str | None = None
    message_to_customer: str


class ExtensionRequested(CaseStep):
    TYPE = "complaint.extension_requested"
    VERSION = 1
    reason: str
    requested_due: AwareDatetime


class DeadlineExtended(CaseStep):
    """A supervisor approved an extension: the date promised to the customer moves."""

    TYPE = "complaint.deadline_extended"
    VERSION = 1
    reason: str
    requested_by: str
    previous_due: AwareDatetime
    resolution_due: AwareDatetime


class ExtensionRefused(CaseStep):
    TYPE = "complaint.extension_refused"
    VERSION = 1
    reason: str
    requested_by: str
    comment: str | None = None


HANDLING_EVENTS: tuple[type[CaseStep], ...] = (
    ComplaintAccepted,
    ComplaintReturned,
    ComplaintInvestigated,
    ResolutionProposed,
    ResolutionApproved,
    ResolutionRejected,
    ResolutionImplemented,
    ComplaintResolved,
    ExtensionRequested,
    DeadlineExtended,
    ExtensionRefused,
)

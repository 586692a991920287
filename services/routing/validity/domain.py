"""What a verdict publishes, and the errors of the validity decisions. Pure: no I/O."""

from __future__ import annotations

from datetime import datetime

from services.routing.validity.judge import OpenComplaint, Verdict
from shared.errors import Conflict, NotFound
from shared.events.intake import ComplaintRegistered
from shared.events.routing import ComplaintMerged, ComplaintRejected, InformationRequested


class DecisionNotFound(NotFound):
    code = "decision_not_found"


class NothingLeftToJudge(Conflict):
    """The customer's data was erased: there is no complaint left to route."""

    code = "complaint_erased"


class AlreadyValid(Conflict):
    code = "already_valid"


def rejected(complaint: ComplaintRegistered, verdict: Verdict, at: datetime) -> ComplaintRejected:
    """Not handled as a complaint: an enquiry or suggestion (answered as such), or rejected."""
    return ComplaintRejected(
        complaint_id=complaint.complaint_id,
        reference=complaint.reference,
        reason=verdict.reason,
        signals=verdict.signals,
        rejected_at=at,
        referred_to=verdict.referred_to,
    )


def information_requested(
    complaint: ComplaintRegistered, verdict: Verdict, at: datetime
) -> InformationRequested:
    """Too little to act on: the customer is asked for more; the case waits for it."""
    return InformationRequested(
        complaint_id=complaint.complaint_id,
        reference=complaint.reference,
        signals=verdict.signals,
        requested_at=at,
    )


def merged(into: OpenComplaint, complaint: ComplaintRegistered, at: datetime) -> ComplaintMerged:
    """The open complaint gets the duplicate's information."""
    return ComplaintMerged(
        complaint_id=into.complaint_id,
        reference=into.reference,
        merged_complaint_id=complaint.complaint_id,
        merged_reference=complaint.reference,
        text=complaint.text,
        merged_at=at,
    )

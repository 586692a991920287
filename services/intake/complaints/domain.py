"""The complaint case file and the customer, as intake sees them. Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid4

from services.intake.customers.domain import Customer
from shared.errors import Conflict, NotFound
from shared.events.common import ComplaintEvent
from shared.events.intake import (
    ComplaintRegistered,
    ComplaintUpdated,
    ComplaintWithdrawn,
    SurveyOutcome,
    SurveyReplied,
)


class Channel(StrEnum):
    PHONE = "phone"
    LETTER = "letter"
    ON_SITE = "on_site"
    WEB = "web"
    EMAIL = "email"
    SMS = "sms"


class Status(StrEnum):
    REGISTERED = "registered"
    AWAITING_INFORMATION = "awaiting_information"  # the customer was asked for more
    ROUTED = "routed"
    IN_PROGRESS = "in_progress"  # a department accepted it and is handling it
    RESOLVED = "resolved"
    REOPENED = "reopened"  # the customer was not satisfied: handled again
    CLOSED = "closed"  # the customer is satisfied, or could not be reached after the resolution
    WITHDRAWN = "withdrawn"
    NOT_A_COMPLAINT = "not_a_complaint"  # an enquiry or a suggestion, answered as such
    MERGED = "merged"  # the same matter as an open complaint, which took it over
    REFERRED = "referred"  # a matter for another body, referred there
    REJECTED = "rejected"


NOT_COMPLAINTS = frozenset({"enquiry", "suggestion"})


def status_after(event_type: str, reason: str | None = None) -> Status | None:
    """The customer-facing status a downstream event moves a complaint to, if any."""
    if event_type == "complaint.routed":
        return Status.ROUTED
    if event_type == "complaint.information_requested":
        return Status.AWAITING_INFORMATION
    if event_type == "complaint.accepted":
        return Status.IN_PROGRESS
    if event_type == "complaint.resolved":
        return Status.RESOLVED
    if event_type in ("complaint.reopened", "complaint.closed"):
        return Status.REOPENED if event_type == "complaint.reopened" else Status.CLOSED
    if event_type == "complaint.rejected":
        if reason == "duplicate":
            return Status.MERGED
        if reason == "out_of_scope":
            return Status.REFERRED
        return Status.NOT_A_COMPLAINT if reason in NOT_COMPLAINTS else Status.REJECTED
    return None


# Nothing more can be added: the matter is settled, merged elsewhere or not ours.
CLOSED = frozenset(
    {
        Status.RESOLVED,
        Status.MERGED,
        Status.REFERRED,
        Status.REJECTED,
        Status.NOT_A_COMPLAINT,
        Status.CLOSED,
        Status.WITHDRAWN,
    }
)


class ComplaintNoLongerOpen(Conflict):
    code = "complaint_closed"


class ComplaintNotFound(NotFound):
    code = "complaint_not_found"


class IdempotencyKeyReused(Conflict):
    code = "idempotency_key_reused"


@dataclass(eq=False)
class Complaint:
    id: UUID
    reference: str
    channel: Channel
    external_ref: str | None
    customer_id: UUID
    text: str
    details: dict[str, Any]
    category: str | None
    language: str
    received_at: datetime
    registered_at: datetime
    first_response_due: datetime
    repeat_count: int
    idempotency_key: str | None = None
    request_hash: str | None = None
    status: Status = Status.REGISTERED
    department: str | None = None
    priority: str | None = None
    resolution_due: datetime | None = None
    survey_callback_id: UUID | None = None
    survey_channel: str | None = None
    survey_until: datetime | None = None
    events: list[ComplaintEvent] = field(default_factory=list, repr=False)

    @classmethod
    def register(
        cls,
        *,
        customer: Customer,
        now: datetime,
        first_response_within: timedelta,
        recent: tuple[int, int],
        **fields: Any,
    ) -> Complaint:
        """`recent`: the customer's earlier complaints within the repeat window, and its days."""
        complaint = cls(
            id=uuid4(),
            customer_id=customer.id,
            registered_at=now,
            first_response_due=now + first_response_within,
            repeat_count=max(0, customer.complaint_count - 1),
            **fields,
        )
        complaint.events.append(
            ComplaintRegistered(
                complaint_id=complaint.id,
                reference=complaint.reference,
                channel=complaint.channel.value,
                customer=customer.contact(complaint.language),
                text=complaint.text,
                category=complaint.category,
                language=complaint.language,
                received_at=complaint.received_at,
                first_response_due=complaint.first_response_due,
                repeat_count=complaint.repeat_count,
                recent_count=recent[0],
                repeat_window_days=recent[1],
            )
        )
        return complaint

    def add_information(self, text: str, now: datetime) -> None:
        """The customer's addition joins the text routing and the department work from."""
        if self.status in CLOSED:
            raise ComplaintNoLongerOpen(
                f"the complaint is {self.status.value}", status=self.status.value
            )
        self.text = f"{self.text}\n\n{text}"
        self.events.append(
            ComplaintUpdated(
                complaint_id=self.id,
                reference=self.reference,
                added_text=text,
                text=self.text,
                updated_at=now,
            )
        )

    def withdraw(self, reason: str, now: datetime) -> None:
        if self.status in CLOSED:
            raise ComplaintNoLongerOpen(
                f"the complaint is {self.status.value}", status=self.status.value
            )
        self.status = Status.WITHDRAWN
        self.events.append(
            ComplaintWithdrawn(
                complaint_id=self.id, reference=self.reference, reason=reason, withdrawn_at=now
            )
        )

    def takes_survey_reply(self, channel: Channel, now: datetime) -> bool:
        return (
            self.survey_callback_id is not None
            and self.survey_channel == channel.value
            and self.survey_until is not None
            and self.survey_until > now
        )

    def answer_survey(
        self, score: int | None, outcome: SurveyOutcome, text: str, now: datetime
    ) -> None:
        if self.survey_callback_id is None:  # takes_survey_reply said it waits
            raise ComplaintNoLongerOpen("no survey is waiting for an answer")
        self.events.append(
            SurveyReplied(
                complaint_id=self.id,
                callback_id=self.survey_callback_id,
                channel="sms" if self.survey_channel == "sms" else "email",
                score=score,
                outcome=outcome,
                text=text,
                received_at=now,
            )
        )
        self.survey_callback_id = self.survey_channel = self.survey_until = None

    def check_replay(self, request_hash: str) -> None:
        if self.request_hash is not None and self.request_hash != request_hash:
            raise IdempotencyKeyReused(
                "this Idempotency-Key was used with a different request",
                complaint_id=str(self.id),
            )

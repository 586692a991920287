"""HTTP models: channel-discriminated complaint input, and the answers."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Any, Literal
from uuid import UUID
from zoneinfo import available_timezones

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator

from shared.web.bounds import Instant

Text = Annotated[str, Field(min_length=1, max_length=200)]
# Times of day, customer's own time; a do-not-disturb window may cross midnight.
Hours = Annotated[
    str,
    Field(
        max_length=100,
        pattern=r"^\d\d:\d\d-\d\d:\d\d(,\s*\d\d:\d\d-\d\d:\d\d)*$",
        examples=["22:00-08:00", "12:00-14:00,22:00-08:00"],
    ),
]
_ZONES = available_timezones()


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CustomerIn(Strict):
    name: Text
    phone: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=320)
    postal_address: str | None = Field(None, max_length=500)
    preferred_channel: Literal["phone", "sms", "email", "letter"] | None = None
    segment: str | None = Field(None, max_length=40, examples=["standard", "vip"])
    timezone: str | None = Field(None, description="IANA zone, e.g. Asia/Shanghai")
    do_not_disturb: Hours | None = Field(None, description="never contact them then")
    preferred_hours: Hours | None = Field(None, description="when they would rather be called")

    @field_validator("timezone")
    @classmethod
    def known_zone(cls, value: str | None) -> str | None:
        if value is not None and value not in _ZONES:
            raise ValueError("not an IANA time zone")
        return value

    @field_validator("do_not_disturb", "preferred_hours")
    @classmethod
    def real_times(cls, value: str | None) -> str | None:
        """Follow-up plans calls around these: a window it can't read would be ignored, and
        the customer called when they asked not to be."""
        for part in (value or "").split(","):
            start, _, end = part.strip().partition("-")
            try:
                opens, closes = time.fromisoformat(start), time.fromisoformat(end)
            except ValueError:
                raise ValueError(f"{part.strip()}: times run from 00:00 to 23:59") from None
            if opens == closes:
                raise ValueError(f"{part.strip()} is an empty window")
        return value


class PhoneDetails(Strict):
    call_id: Text
    caller_number: str = Field(min_length=3, max_length=40)
    agent_id: Text
    recording_url: HttpUrl | None = None

    @property
    def external_ref(self) -> str:
        return self.call_id


class LetterDetails(Strict):
    received_date: date
    sender_address: str = Field(min_length=1, max_length=500)
    scan_ref: Text
    reply_by_post: bool = Field(False, description="the customer wants the answer by letter")

    @property
    def external_ref(self) -> str:
        return self.scan_ref


class OnSiteDetails(Strict):
    branch_code: str = Field(min_length=1, max_length=64)
    staff_id: Text
    # With the branch, the complaint's external reference (a column of 200).
    ticket_id: str | None = Field(
        None, min_length=1, max_length=128, description="the counter's queue ticket, if any"
    )

    @property
    def external_ref(self) -> str | None:
        return f"{self.branch_code}:{self.ticket_id}" if self.ticket_id else None


class ElectronicDetails(Strict):
    message_id: Text
    sender_address: str = Field(min_length=3, max_length=320)

    @property
    def external_ref(self) -> str:
        return self.message_id


class ComplaintBase(Strict):
    customer: CustomerIn
    text: str = Field(min_length=1, max_length=10_000)
    category: str | None = Field(None, max_length=64, description="the agent's category, if any")
    received_at: Instant | None = Field(None, description="defaults to now")


class PhoneComplaintIn(ComplaintBase):
    channel: Literal["phone"]
    details: PhoneDetails


class LetterComplaintIn(ComplaintBase):
    channel: Literal["letter"]
    details: LetterDetails


class OnSiteComplaintIn(ComplaintBase):
    channel: Literal["on_site"]
    details: OnSiteDetails


class WebComplaintIn(ComplaintBase):
    channel: Literal["web"]
    details: ElectronicDetails


class EmailComplaintIn(ComplaintBase):
    channel: Literal["email"]
    details: ElectronicDetails


class SmsComplaintIn(ComplaintBase):
    channel: Literal["sms"]
    details: ElectronicDetails


ComplaintIn = Annotated[
    PhoneComplaintIn
    | LetterComplaintIn
    | OnSiteComplaintIn
    | WebComplaintIn
    | EmailComplaintIn
    | SmsComplaintIn,
    Field(discriminator="channel"),
]


class RegistrationAnswer(BaseModel):
    id: UUID
    reference: str
    status: str
    first_response_due: datetime
    repeat_count: int
    recorded_as: Literal["complaint", "survey_reply"] = Field(
        "complaint", description="survey_reply: an answer to this complaint's survey"
    )


class TimelineEntryOut(BaseModel):
    type: str
    at: datetime
    source: str
    data: dict[str, Any]


class PastComplaint(BaseModel):
    id: UUID
    reference: str
    channel: str
    status: str
    department: str | None
    registered_at: datetime


class InformationIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    text: str = Field(min_length=1, max_length=20_000)


class WithdrawIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    reason: str = Field(min_length=1, max_length=2000)


class MessageOut(BaseModel):
    id: UUID
    kind: str = Field(description="complaint, reply (threaded in) or information (added)")
    channel: str
    gateway: str | None
    sender: str | None
    subject: str | None
    text: str
    received_at: datetime


class AttachmentOut(BaseModel):
    id: UUID
    message_id: UUID | None
    filename: str
    content_type: str
    size: int
    sha256: str
    created_at: datetime


class ComplaintOut(BaseModel):
    id: UUID
    reference: str
    channel: str
    status: str
    department: str | None
    priority: str | None
    customer_id: UUID
    text: str
    category: str | None
    language: str
    details: dict[str, Any]
    received_at: datetime
    registered_at: datetime
    first_response_due: datetime
    resolution_due: datetime | None
    repeat_count: int
    timeline: list[TimelineEntryOut] = Field(default_factory=list)
    customer_history: list[PastComplaint] = Field(
        default_factory=list, description="the customer's other complaints, newest first (20)"
    )
    messages: list[MessageOut] = Field(default_factory=list, description="oldest first")
    attachments: list[AttachmentOut] = Field(default_factory=list)


class ComplaintPage(BaseModel):
    items: list[ComplaintOut]
    next_cursor: str | None

"""HTTP models for the call-centre screen-pop."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from services.intake.complaints.schemas import PastComplaint


class OpenComplaint(PastComplaint):
    priority: str | None
    first_response_due: datetime
    resolution_due: datetime | None


class CallerProfile(BaseModel):
    customer_id: UUID
    name: str
    segment: str | None
    email: str | None
    preferred_channel: str | None
    phone_reported_invalid: bool
    complaint_count: int


class LastContact(BaseModel):
    reference: str
    type: str
    at: datetime
    data: dict[str, Any]


class CallerOut(BaseModel):
    number: str
    known: bool
    customer: CallerProfile | None
    repeat_complainant: bool = Field(description="has complained within the repeat window")
    recent_count: int
    open_complaints: list[OpenComplaint]
    last_contacts: list[LastContact]

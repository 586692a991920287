"""A case as the API answers with it."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field


class AssignmentOut(BaseModel):
    complaint_id: UUID
    reference: str
    channel: str
    department: str
    priority: str
    matched_rule: str | None
    reasons: list[str]
    risk_flags: list[str]
    first_response_due: datetime
    resolution_due: datetime
    routed_at: datetime
    classification: dict[str, Any] | None
    senior_handler: bool
    text: str | None = Field(None, description="the complaint, with any merged duplicates")
    state: str
    handler: str | None
    returns: int
    arbitrated: bool
    investigation: dict[str, Any] | None
    proposal: dict[str, Any] | None
    extension: dict[str, Any] | None = Field(description="a request for more time, pending")
    resolved_at: datetime | None


class AssignmentPage(BaseModel):
    items: list[AssignmentOut]
    next_cursor: str | None

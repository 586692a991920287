"""The follow-up view of a case: what intake and routing said of it. Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from services.followup.planning.plan import reachable_channels
from shared.events.common import ContactChannel, Purpose


@dataclass
class Case:
    """The contact (from intake) and the routing and handling (from routing)."""

    complaint_id: UUID
    reference: str | None = None
    customer_name: str | None = None
    phone: str | None = None
    email: str | None = None
    postal_address: str | None = None
    preferred_channel: str | None = None
    timezone: str | None = None
    language: str | None = None
    do_not_disturb: str | None = None
    preferred_hours: str | None = None
    phone_invalid: bool = False
    registered: bool = False
    department: str | None = None
    priority: str | None = None
    first_response_due: datetime | None = None
    resolution_due: datetime | None = None
    routed_at: datetime | None = None
    rejection: str | None = None  # the reason code, when routing did not accept it
    information_requested_at: datetime | None = None
    resolved_at: datetime | None = None
    resolution: str | None = None  # what the department told the customer it did
    withdrawn_at: datetime | None = None

    def contacts_due(self) -> list[Purpose]:
        """What the customer is owed once both intake and routing have spoken."""
        if not self.registered or self.withdrawn_at is not None:
            return []
        due: list[Purpose] = []
        if self.information_requested_at is not None:
            due.append("information_request")
        if self.rejection is not None:
            due.append("explanation")
        if self.routed_at is not None:  # also after a supervisor overturned the rejection
            due.append("acknowledgment")
        return due

    def usable_channels(self) -> list[ContactChannel]:
        """Channels that can reach the customer, their preference first."""
        return reachable_channels(
            phone=None if self.phone_invalid else self.phone,
            email=self.email,
            postal=self.postal_address,
            preferred=self.preferred_channel,
        )

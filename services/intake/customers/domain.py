"""A customer, one per person across channels, as intake knows them. Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from shared.errors import NotFound
from shared.events.common import ContactChannel
from shared.events.intake import (
    CustomerContact,
)


class CustomerNotFound(NotFound):
    code = "customer_not_found"


@dataclass
class Customer:
    id: UUID
    name: str
    phone: str | None
    email: str | None
    postal_address: str | None = None
    preferred_channel: ContactChannel | None = None
    segment: str | None = None
    timezone: str | None = None
    complaint_count: int = 0
    do_not_disturb: str | None = None
    preferred_hours: str | None = None
    phone_invalid_at: datetime | None = None

    def absorb(self, newer: Customer) -> None:
        """Take the newest details the customer gave; never drop a known contact. A phone
        number given anew is trusted again."""
        if newer.name:  # an SMS or e-mail sender gives no name: keep the one known
            self.name = newer.name
        if newer.phone is not None:
            self.phone_invalid_at = None
        for attr in (
            "phone",
            "email",
            "postal_address",
            "preferred_channel",
            "segment",
            "timezone",
            "do_not_disturb",
            "preferred_hours",
        ):
            if (value := getattr(newer, attr)) is not None:
                setattr(self, attr, value)

    def contact(self, language: str) -> CustomerContact:
        """How downstream services may reach them: never on a number reported wrong."""
        return CustomerContact(
            customer_id=self.id,
            name=self.name,
            phone=None if self.phone_invalid_at else self.phone,
            email=self.email,
            postal_address=self.postal_address,
            preferred_channel=self.preferred_channel,
            segment=self.segment,
            timezone=self.timezone,
            language=language,
            do_not_disturb=self.do_not_disturb,
            preferred_hours=self.preferred_hours,
        )

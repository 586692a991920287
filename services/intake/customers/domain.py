"""A customer, one per person across channels, as intake knows them. Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any
from uuid import UUID

from shared.errors import NotFound
from shared.events.common import ContactChannel
from shared.events.intake import CustomerContact


class CustomerNotFound(NotFound):
    code = "customer_not_found"


@dataclass(kw_only=True)
class CustomerDetails:
    """What a customer tells us about themselves: the one declaration of these fields (the
    HTTP schema and the event contract mirror it; a unit test keeps them in step)."""

    name: str
    phone: str | None = None
    email: str | None = None
    postal_address: str | None = None
    preferred_channel: ContactChannel | None = None
    segment: str | None = None
    timezone: str | None = None
    do_not_disturb: str | None = None
    preferred_hours: str | None = None


DETAILS = tuple(f.name for f in fields(CustomerDetails))


@dataclass(kw_only=True)
class Customer(CustomerDetails):
    id: UUID
    complaint_count: int = 0
    phone_invalid_at: datetime | None = None

    def details(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in DETAILS}

    def absorb(self, newer: Customer) -> None:
        """Take the newest details the customer gave; never drop a known contact. A phone
        number given anew is trusted again."""
        if newer.name:  # an SMS or e-mail sender gives no name: keep the one known
            self.name = newer.name
        if newer.phone is not None:
            self.phone_invalid_at = None
        for attr in DETAILS[1:]:  # the name is taken above
            if (value := getattr(newer, attr)) is not None:
                setattr(self, attr, value)

    def contact(self, language: str) -> CustomerContact:
        """How downstream services may reach them: never on a number reported wrong."""
        details = self.details() | {"phone": None if self.phone_invalid_at else self.phone}
        return CustomerContact(customer_id=self.id, language=language, **details)

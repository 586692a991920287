"""The call-centre screen-pop: who is calling, while the phone rings. One normalised number
finds the customer (a unique index), their open complaints with deadlines, and the latest
contacts with them; three indexed queries, nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from services.intake.complaints.domain import Complaint
from services.intake.complaints.timeline import TimelineEntry
from services.intake.customers.contacts import InvalidContact, normalize_phone
from services.intake.customers.domain import Customer
from services.intake.unit_of_work import IntakeUnitOfWork
from shared.auth.remit import EVERYTHING, Remit
from shared.errors import InvalidRequest

# What counts as a contact with the customer on the screen.
CONTACTS = (
    "complaint.registered",
    "complaint.updated",
    "callback.attempted",
    "callback.completed",
    "survey.replied",
    "complaint.withdrawn",
)


class InvalidNumber(InvalidRequest):
    code = "invalid_number"


@dataclass(frozen=True)
class Caller:
    number: str  # E.164
    customer: Customer | None
    open_complaints: list[Complaint]
    recent_count: int  # complaints within intake's repeat window
    last_contacts: list[tuple[str, TimelineEntry]]


async def look_up(
    uow: IntakeUnitOfWork,
    raw: str,
    *,
    phone_region: str,
    repeat_window: timedelta,
    remit: Remit = EVERYTHING,
) -> Caller:
    """Staff bound to a department see a caller only through its open complaints there."""
    try:
        number = normalize_phone(raw, default_region=phone_region, field="number")
    except InvalidContact as exc:
        raise InvalidNumber(str(exc), number=raw) from exc
    async with uow:
        await uow.read_snapshot()
        found = await uow.customers.find_by_contact(phone=number, email=None)
        if not found:
            return Caller(number, None, [], 0, [])
        customer = found[0]
        since = uow.clock.now() - repeat_window
        open_ones = await uow.complaints.open_of_customer(customer.id, limit=20)
        contacts = await uow.timeline.last_contacts(customer.id, CONTACTS, limit=10)
        if not remit.everything:
            open_ones = [c for c in open_ones if remit.covers(c.department)]
            if not open_ones:
                return Caller(number, None, [], 0, [])
            seen = {c.reference for c in open_ones}
            contacts = [(ref, entry) for ref, entry in contacts if ref in seen]
        return Caller(
            number,
            customer,
            open_ones,
            await uow.complaints.count_since(customer.id, since),
            contacts,
        )

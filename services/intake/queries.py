"""Read side: searching complaints with cursor pagination."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from services.intake.complaints.domain import Complaint
from services.intake.complaints.repository import ComplaintFilter
from services.intake.customers.contacts import InvalidContact, normalize_email, normalize_phone
from services.intake.customers.domain import CustomerNotFound
from services.intake.unit_of_work import IntakeUnitOfWork
from shared.auth.remit import EVERYTHING, Remit
from shared.errors import InvalidRequest
from shared.pagination import decode_cursor, encode_cursor, sequence_number


@dataclass(frozen=True)
class ComplaintSearch:
    phone: str | None = None
    email: str | None = None
    customer_id: UUID | None = None
    status: str | None = None
    channel: str | None = None
    registered_from: datetime | None = None
    registered_to: datetime | None = None
    remit: Remit = EVERYTHING


async def search_complaints(
    uow: IntakeUnitOfWork,
    search: ComplaintSearch,
    *,
    cursor: str | None,
    limit: int,
    phone_region: str,
) -> tuple[list[Complaint], str | None]:
    after = decode_cursor(cursor, sequence_number) if cursor else None
    async with uow:
        customer_ids = await _customers_matching(uow, search, phone_region)
        where = ComplaintFilter(
            customer_id=search.customer_id,
            customer_ids=customer_ids,
            status=search.status,
            channel=search.channel,
            registered_from=search.registered_from,
            registered_to=search.registered_to,
            departments=search.remit.departments,
        )
        if customer_ids == ():
            return [], None
        found = await uow.complaints.search(where, after=after, limit=limit + 1)
    page = found[:limit]
    next_cursor = None
    if len(found) > limit:
        last, seq = page[-1]
        next_cursor = encode_cursor(last.registered_at, seq)
    return [complaint for complaint, _ in page], next_cursor


async def _customers_matching(
    uow: IntakeUnitOfWork, search: ComplaintSearch, phone_region: str
) -> tuple[UUID, ...] | None:
    if not (search.phone or search.email):
        return None
    try:
        phone = normalize_phone(search.phone, default_region=phone_region) if search.phone else None
        email = normalize_email(search.email) if search.email else None
    except InvalidContact as exc:
        raise InvalidRequest(str(exc), field=exc.field) from exc
    matches = await uow.customers.find_by_contact(phone=phone, email=email)
    # Both given: the complaints of the customer holding both.
    return tuple(
        c.id for c in matches if (not phone or c.phone == phone) and (not email or c.email == email)
    )


async def ensure_customer(uow: IntakeUnitOfWork, customer_id: UUID) -> None:
    async with uow:
        if await uow.customers.get(customer_id) is None:
            raise CustomerNotFound("no customer with this id", customer_id=str(customer_id))

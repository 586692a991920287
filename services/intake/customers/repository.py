"""Customers: one per person across channels, found by normalised phone or e-mail."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Row, bindparam, func, or_, select, update

from services.intake.customers.domain import DETAILS, Customer
from services.intake.tables import complaints, customers
from shared.db.session import BatchingSession, bound_values


def _customer(row: Row[Any]) -> Customer:
    return Customer(
        id=row.id,
        complaint_count=row.complaint_count,
        phone_invalid_at=row.phone_invalid_at,
        **{name: getattr(row, name) for name in DETAILS},
    )


_BY_CONTACT = select(customers).where(
    or_(customers.c.phone == bindparam("phone"), customers.c.email == bindparam("email"))
)
# Built once (SQLAlchemy compiles it once): the newest details and one more complaint, and
# how many complaints the customer has had since a moment, in one round trip.
_SAVE_COUNTING = (
    update(customers)
    .where(customers.c.id == bindparam("customer_id"))
    .values(
        **bound_values(customers, ("phone_invalid_at", *DETAILS)),
        complaint_count=customers.c.complaint_count + 1,
        updated_at=bindparam("now", type_=customers.c.updated_at.type),
    )
    .returning(
        customers.c.complaint_count,
        select(func.count())
        .select_from(complaints)
        .where(
            # The id as a parameter: RETURNING names columns unqualified, and inside the
            # subquery "id" would be the complaint's.
            complaints.c.customer_id == bindparam("customer_id"),
            complaints.c.registered_at >= bindparam("since", type_=complaints.c.registered_at.type),
        )
        .scalar_subquery(),
    )
)


class CustomerRepository:
    def __init__(self, session: BatchingSession) -> None:
        self._session = session

    async def get(self, customer_id: UUID) -> Customer | None:
        row = (
            await self._session.execute(select(customers).where(customers.c.id == customer_id))
        ).first()
        return None if row is None else _customer(row)

    async def find_by_contact(self, *, phone: str | None, email: str | None) -> list[Customer]:
        """Customers matching the phone first, then the e-mail."""
        if not (phone or email):
            return []
        # A contact not given is NULL, which equals nothing.
        params = {"phone": phone or None, "email": email or None}
        rows = (await self._session.execute(_BY_CONTACT, params)).all()
        return sorted(map(_customer, rows), key=lambda c: c.phone != phone or phone is None)

    async def add(self, customer: Customer, now: datetime) -> None:
        self._session.insert_later(
            customers,
            self._values(customer)
            | {"complaint_count": customer.complaint_count, "created_at": now, "updated_at": now},
        )

    async def save_counting(self, customer: Customer, now: datetime, *, since: datetime) -> int:
        """Stores the customer's newest details and adds one to their complaints, atomically,
        in one statement that also counts their complaints registered since `since` (before
        this one is stored); sets the new total on `customer`, returns the recent count."""
        params = customer.details() | {
            "phone_invalid_at": customer.phone_invalid_at,
            "customer_id": customer.id,
            "now": now,
            "since": since,
        }
        total, recent = (await self._session.execute(_SAVE_COUNTING, params)).one()
        customer.complaint_count = int(total)
        return int(recent)

    async def flag_phone_invalid(self, customer_id: UUID, now: datetime) -> None:
        await self._session.execute(
            update(customers)
            .where(customers.c.id == customer_id)
            .values(phone_invalid_at=now, updated_at=now)
        )

    @staticmethod
    def _values(c: Customer) -> dict[str, Any]:
        return {"id": c.id, "phone_invalid_at": c.phone_invalid_at, **c.details()}

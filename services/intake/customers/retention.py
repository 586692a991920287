"""The retention policy: a customer whose complaints all ended more than the retention period
ago is erased (services/intake/customers/erasure.py), as PIPL and GDPR ask of data kept no
longer than needed. Intake's scheduled job runs it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from uuid import UUID

from sqlalchemy import or_, select

from services.intake.attachments.store import AttachmentStore
from services.intake.complaints.domain import CLOSED
from services.intake.customers.erasure import erase_customer
from services.intake.tables import complaints, customers
from services.intake.unit_of_work import IntakeUnitOfWork
from shared.outbox.erasure import ERASED

log = logging.getLogger(__name__)


async def expired_customers(uow: IntakeUnitOfWork, years: float, *, limit: int) -> list[UUID]:
    """Customers with complaints, none open and none changed within `years`, not yet erased."""
    async with uow:
        before = uow.clock.now() - timedelta(days=365.25 * years)
        recent_or_open = select(complaints.c.customer_id).where(
            or_(
                complaints.c.status.not_in([s.value for s in CLOSED]),
                complaints.c.status_at >= before,
            )
        )
        stmt = (
            select(customers.c.id)
            .where(
                customers.c.name != ERASED,
                customers.c.id.in_(select(complaints.c.customer_id)),
                customers.c.id.not_in(recent_or_open),
            )
            .limit(limit)
        )
        return list((await uow.session.execute(stmt)).scalars())


async def erase_expired(
    make_uow: Callable[[], IntakeUnitOfWork],
    store: AttachmentStore,
    years: float,
    *,
    batch: int = 200,
) -> int:
    """One pass of the job; how many customers it erased (0 when `years` is 0: keep all)."""
    if not years:
        return 0
    erased = 0
    for customer_id in await expired_customers(make_uow(), years, limit=batch):
        await erase_customer(make_uow(), store, customer_id, by="retention policy")
        erased += 1
    if erased:
        log.info(
            "retention: erased %d customer(s) whose complaints ended %g+ years ago", erased, years
        )
    return erased

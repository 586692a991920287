"""Contacts due now and not yet made, and those overdue (due for over an hour): for
`tousu status` and, sampled, for /metrics."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from services.followup.callbacks.states import Status
from services.followup.tables import callbacks
from shared.metrics import CONTACTS_DUE

OVERDUE_AFTER = timedelta(hours=1)


async def contacts_due(engine: AsyncEngine, now: datetime) -> dict[str, int]:
    late = case((callbacks.c.scheduled_for <= now - OVERDUE_AFTER, 1), else_=0)
    async with engine.connect() as conn:
        due, overdue = (
            await conn.execute(
                select(func.count(), func.coalesce(func.sum(late), 0)).where(
                    callbacks.c.status == Status.SCHEDULED, callbacks.c.scheduled_for <= now
                )
            )
        ).one()
    return {"due": int(due), "overdue": int(overdue)}


async def sample(engine: AsyncEngine, now: datetime) -> None:
    for state, count in (await contacts_due(engine, now)).items():
        CONTACTS_DUE.labels(state).set(count)

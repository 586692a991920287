"""Open cases past their resolution deadline, by department and priority: for `tousu status`
and, sampled, for /metrics."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from services.routing.tables import OPEN_CASE, assignments
from shared.metrics import CASES_PAST_DUE


async def past_due(engine: AsyncEngine, now: datetime) -> dict[tuple[str, str], int]:
    cases = assignments
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(cases.c.department, cases.c.priority, func.count())
            .where(OPEN_CASE, cases.c.resolution_due < now)
            .group_by(cases.c.department, cases.c.priority)
        )
        return {(department, priority): count for department, priority, count in rows}


async def sample(engine: AsyncEngine, now: datetime) -> None:
    found = await past_due(engine, now)
    CASES_PAST_DUE.clear()  # a department with none past due shows nothing, not its old count
    for (department, priority), count in found.items():
        CASES_PAST_DUE.labels(department, priority).set(count)

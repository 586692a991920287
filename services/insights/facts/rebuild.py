"""Starting the read model over: the rows and the record of events already folded go, so
every event is folded again (a worker folding new events meanwhile is harmless: each event
is folded once, in any order)."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncEngine

from services.insights.consumers import CONSUMER
from services.insights.tables import complaint_facts, inbox


async def forget_everything(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.execute(delete(complaint_facts))
        await conn.execute(delete(inbox).where(inbox.c.consumer == CONSUMER))

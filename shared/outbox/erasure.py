"""Forgetting a complaint's personal data in what every service keeps of its messages: the
bodies of events already published (an unpublished one still has to be delivered, and the
erasure event follows it) and its dead letters."""

from __future__ import annotations

import json
from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import Table, delete, update
from sqlalchemy.ext.asyncio import AsyncSession

ERASED = "[erased]"
ERASED_BODY = json.dumps({"erased": True})


async def forget_messages(
    session: AsyncSession, outbox: Table, dead_letters: Table, complaint_ids: Sequence[UUID]
) -> None:
    keys = [str(c) for c in complaint_ids]
    await session.execute(
        update(outbox)
        .where(outbox.c.key.in_(keys), outbox.c.published_at.is_not(None))
        .values(body=ERASED_BODY)
    )
    await session.execute(
        delete(dead_letters).where(dead_letters.c.key.in_([k.encode() for k in keys]))
    )

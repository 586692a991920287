"""A unit of work's plain INSERTs wait and go together (one statement on PostgreSQL): the
order of a table's rows, reads after writes, and all-or-nothing must not change."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import async_sessionmaker

from services.intake.tables import outbox, timeline
from shared.clock import FixedClock
from shared.db.engine import make_engine, make_session_factory
from shared.db.session import BatchingSession


@pytest.fixture
async def sessions(database_url: str) -> AsyncIterator[async_sessionmaker[BatchingSession]]:
    engine = make_engine(database_url, schemas=["intake"])
    try:
        yield make_session_factory(engine)
    finally:
        await engine.dispose()


def event(event_id: UUID, now: datetime) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "event_type": "complaint.registered",
        "topic": "intake.complaints",
        "key": "k",
        "body": "{}",
        "created_at": now,
    }


def entry(complaint_id: UUID, now: datetime, type_: str) -> dict[str, Any]:
    return {"complaint_id": complaint_id, "type": type_, "source": "t", "at": now, "data": {}}


async def test_rows_of_one_table_are_numbered_in_the_order_they_were_added(
    sessions: async_sessionmaker[BatchingSession], clock: FixedClock
) -> None:
    now, complaint_id = clock.now(), uuid4()
    events = [uuid4() for _ in range(5)]
    async with sessions() as session:
        for i, event_id in enumerate(events):  # two tables, interleaved
            session.insert_later(outbox, event(event_id, now))
            session.insert_later(timeline, entry(complaint_id, now, f"step.{i}"))
        await session.commit()
        published = await session.scalars(select(outbox.c.event_id).order_by(outbox.c.id))
        steps = await session.scalars(select(timeline.c.type).order_by(timeline.c.id))
        assert (list(published), list(steps)) == (events, [f"step.{i}" for i in range(5)])


async def test_a_held_back_row_is_seen_by_the_next_read(
    sessions: async_sessionmaker[BatchingSession], clock: FixedClock
) -> None:
    event_id = uuid4()
    async with sessions() as session:
        session.insert_later(outbox, event(event_id, clock.now()))
        found = await session.scalar(select(outbox.c.event_id).where(outbox.c.event_id == event_id))
        assert found == event_id


async def test_a_broken_unique_key_fails_the_commit_and_writes_nothing(
    sessions: async_sessionmaker[BatchingSession], clock: FixedClock
) -> None:
    now, taken = clock.now(), uuid4()
    async with sessions() as session:
        session.insert_later(outbox, event(taken, now))
        await session.commit()
    async with sessions() as session:
        session.insert_later(timeline, entry(uuid4(), now, "written.with.the.twin"))
        session.insert_later(outbox, event(taken, now))
        with pytest.raises(IntegrityError):
            await session.commit()
        await session.rollback()
        assert await session.scalar(select(func.count()).select_from(timeline)) == 0


async def test_rolled_back_rows_are_never_sent(
    sessions: async_sessionmaker[BatchingSession], clock: FixedClock
) -> None:
    async with sessions() as session:
        session.insert_later(outbox, event(uuid4(), clock.now()))
        await session.rollback()
        await session.commit()
        assert await session.scalar(select(func.count()).select_from(outbox)) == 0

"""A run of consumed messages shares one transaction: its units of work commit into it, and
it is kept whole or not at all. A unit of work that ends without committing spoils the run."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from uuid import uuid4

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from services.followup.tables import inbox
from services.followup.unit_of_work import FollowupUnitOfWork
from shared.clock import FixedClock
from shared.db.engine import make_engine, make_session_factory
from shared.db.together import Spoilt, transactions_on


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(database_url, schemas=["followup"])
    try:
        yield engine
    finally:
        await engine.dispose()


async def claimed(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int(await conn.scalar(select(func.count()).select_from(inbox)) or 0)


async def claim_and_commit(uow: FollowupUnitOfWork) -> None:
    async with uow:
        assert await uow.inbox.claim(consumer="t", event_id=uuid4(), event_type="t.happened")
        await uow.commit()


async def test_units_of_work_of_a_run_are_committed_once_when_it_ends(
    engine: AsyncEngine, clock: FixedClock
) -> None:
    sessions, after_commit = make_session_factory(engine), list[str]()
    async with transactions_on(engine)():
        for _ in range(3):
            uow = FollowupUnitOfWork(sessions, clock)
            uow.on_commit(lambda: after_commit.append("counted"))
            await claim_and_commit(uow)
        if engine.dialect.name == "postgresql":  # SQLite's readers wait for the write lock
            assert await claimed(engine) == 0  # not yet: another connection sees nothing
        assert after_commit == []
    assert await claimed(engine) == 3
    assert after_commit == ["counted"] * 3


async def test_a_unit_of_work_ending_without_its_commit_spoils_the_whole_run(
    engine: AsyncEngine, clock: FixedClock
) -> None:
    sessions = make_session_factory(engine)
    with pytest.raises(Spoilt):
        async with transactions_on(engine)():
            await claim_and_commit(FollowupUnitOfWork(sessions, clock))
            async with FollowupUnitOfWork(sessions, clock) as uow:  # wrote, then left
                await uow.inbox.claim(consumer="t", event_id=uuid4(), event_type="t.left")
            await claim_and_commit(FollowupUnitOfWork(sessions, clock))
    assert await claimed(engine) == 0


async def test_a_failure_inside_the_run_keeps_nothing_of_it(
    engine: AsyncEngine, clock: FixedClock
) -> None:
    sessions = make_session_factory(engine)
    with pytest.raises(RuntimeError):
        async with transactions_on(engine)():
            await claim_and_commit(FollowupUnitOfWork(sessions, clock))
            raise RuntimeError("the next message's handler failed")
    assert await claimed(engine) == 0


async def test_a_unit_of_work_on_another_database_keeps_its_own_transaction(
    engine: AsyncEngine, database_url: str, clock: FixedClock, tmp_path: Path
) -> None:
    if engine.dialect.name == "sqlite":  # a file of its own: a run holds its file's lock
        database_url = f"sqlite+aiosqlite:///{tmp_path}/other.db"
    other = make_engine(database_url, schemas=["followup"])
    try:
        with pytest.raises(RuntimeError):
            async with transactions_on(other)():
                await claim_and_commit(FollowupUnitOfWork(make_session_factory(engine), clock))
                raise RuntimeError("the run fails")
        assert await claimed(engine) == 1  # it was not part of the run
    finally:
        await other.dispose()

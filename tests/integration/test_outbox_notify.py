"""On PostgreSQL, a commit that writes outbox rows NOTIFYs, and the leading relay LISTENs: it
publishes at once although it polls only now and then (idle relays cost next to nothing)."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from services.intake.tables import outbox
from shared.clock import FixedClock
from shared.db.engine import make_engine
from shared.messaging.ports import BrokerMessage
from shared.outbox import signal
from shared.outbox.relay import run_relay
from tests.builders import complaint
from tests.system import System


class Published:
    def __init__(self) -> None:
        self.messages: list[BrokerMessage] = []
        self.batches: list[int] = []
        self.arrived = asyncio.Event()

    async def publish_many(self, messages: Sequence[BrokerMessage]) -> None:
        self.messages += messages
        self.batches.append(len(messages))
        self.arrived.set()


def outbox_row(at: datetime) -> dict[str, object]:
    return {
        "event_id": uuid.uuid4(),
        "event_type": "complaint.registered",
        "topic": "intake.complaints",
        "key": "k",
        "body": json.dumps({"traceparent": None}),
        "created_at": at,
    }


async def commit_notifying(writer: AsyncEngine, at: datetime) -> None:
    async with writer.begin() as conn:
        await conn.execute(insert(outbox), [outbox_row(at)])
        await conn.exec_driver_sql(f"NOTIFY {signal.channel(outbox)}")


async def test_a_commit_notifies_the_outbox_channel(pg_system: System, pg_url: str) -> None:
    heard: asyncio.Queue[str] = asyncio.Queue()
    engine = make_engine(pg_url, schemas=["intake"])
    try:
        async with engine.connect() as conn:
            driver = (await conn.get_raw_connection()).driver_connection
            assert driver is not None
            await driver.add_listener(signal.channel(outbox), lambda *a: heard.put_nowait(a[2]))
            await conn.commit()  # idle, so notifications are delivered
            async with await pg_system.client("complaints:write") as client:
                answer = await client.post("/v1/complaints", json=complaint())
                assert answer.status_code == 202
            assert await asyncio.wait_for(heard.get(), timeout=10) == signal.channel(outbox)
    finally:
        await engine.dispose()


async def test_the_relay_wakes_on_another_process_commit(pg_url: str) -> None:
    relay_engine = make_engine(pg_url, schemas=["intake"])
    writer = make_engine(pg_url, schemas=["intake"])  # as if another process
    published, stopping = Published(), asyncio.Event()
    clock = FixedClock(datetime(2026, 11, 23, 2, 0, tzinfo=UTC))
    relay = asyncio.create_task(
        run_relay(relay_engine, outbox, published, clock, stopping, batch_size=10, poll_seconds=600)
    )
    try:
        await asyncio.sleep(1)  # it leads, listens, finds nothing and waits (ten minutes)
        assert not published.messages
        await commit_notifying(writer, clock.now())
        await asyncio.wait_for(published.arrived.wait(), timeout=10)
        assert [m.topic for m in published.messages] == ["intake.complaints"]
    finally:
        stopping.set()
        await relay
        await relay_engine.dispose()
        await writer.dispose()


async def test_a_woken_relay_lingers_and_publishes_the_commits_that_follow_together(
    pg_url: str,
) -> None:
    relay_engine = make_engine(pg_url, schemas=["intake"])
    writer = make_engine(pg_url, schemas=["intake"])
    published, stopping = Published(), asyncio.Event()
    clock = FixedClock(datetime(2026, 11, 23, 2, 0, tzinfo=UTC))
    relay = asyncio.create_task(
        run_relay(
            relay_engine,
            outbox,
            published,
            clock,
            stopping,
            batch_size=10,
            poll_seconds=600,
            linger_seconds=2.0,
        )
    )
    try:
        await asyncio.sleep(1)  # leading and waiting
        for _ in range(3):  # three commits, each waking it, well within its linger
            await commit_notifying(writer, clock.now())
            await asyncio.sleep(0.05)
        await asyncio.wait_for(published.arrived.wait(), timeout=10)
        assert published.batches == [3]
    finally:
        stopping.set()
        await relay
        await relay_engine.dispose()
        await writer.dispose()


async def advisory_lock_holders(engine: AsyncEngine) -> list[int]:
    async with engine.connect() as conn:
        found = await conn.exec_driver_sql(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
        )
        return [row.pid for row in found]


async def test_a_leader_whose_session_is_killed_leads_again_and_publishes(pg_url: str) -> None:
    """A pass reads on the leader's own connection: when that session dies (and its lock
    with it), the pass fails, the relay lets go, takes the lock again and goes on."""
    relay_engine = make_engine(pg_url, schemas=["intake"])
    writer = make_engine(pg_url, schemas=["intake"])
    published, stopping = Published(), asyncio.Event()
    clock = FixedClock(datetime(2026, 11, 23, 2, 0, tzinfo=UTC))
    relay = asyncio.create_task(
        run_relay(relay_engine, outbox, published, clock, stopping, batch_size=10, poll_seconds=0.2)
    )
    try:
        await asyncio.sleep(1)
        [leader] = await advisory_lock_holders(writer)
        async with writer.connect() as conn:
            await conn.exec_driver_sql(f"SELECT pg_terminate_backend({leader})")
        await commit_notifying(writer, clock.now())
        await asyncio.wait_for(published.arrived.wait(), timeout=10)
        assert [m.topic for m in published.messages] == ["intake.complaints"]
        [new_leader] = await advisory_lock_holders(writer)
        assert new_leader != leader
    finally:
        stopping.set()
        await relay
        await relay_engine.dispose()
        await writer.dispose()

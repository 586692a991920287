"""A relay asked to stop while its publish waits on a broker that is away exits within its
grace, marks nothing, and the rows are sent by the next relay."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from sqlalchemy import func, select

from shared.clock import FixedClock
from shared.messaging.ports import BrokerMessage
from shared.outbox import relay
from tests.builders import complaint
from tests.fakes import FakePublisher
from tests.system import System


class HangingPublisher:
    """Like a producer whose broker went away: the send never completes."""

    def __init__(self) -> None:
        self.tried = asyncio.Event()

    async def publish_many(self, messages: Sequence[BrokerMessage]) -> None:
        self.tried.set()
        await asyncio.Event().wait()


async def test_a_stopping_relay_abandons_a_hung_publish_and_loses_nothing(
    system: System, clock: FixedClock
) -> None:
    intake = system.services["intake"]
    async with await system.client("complaints:write") as client:
        assert (await client.post("/v1/complaints", json=complaint())).status_code == 202
    unpublished = select(func.count()).where(intake.outbox.c.published_at.is_(None))

    hanging, stopping = HangingPublisher(), asyncio.Event()
    running = asyncio.create_task(
        relay.run_relay(
            intake.engine, intake.outbox, hanging, clock, stopping, batch_size=10, poll_seconds=60
        )
    )
    await asyncio.wait_for(hanging.tried.wait(), timeout=10)
    stopping.set()
    await asyncio.wait_for(running, timeout=relay.STOP_GRACE_SECONDS + 5)

    async with intake.engine.connect() as conn:
        assert (await conn.execute(unpublished)).scalar() == 1
    sent = FakePublisher()
    await relay.relay_once(intake.engine, intake.outbox, sent, clock, batch_size=10)
    assert [m.topic for m in sent.sent] == ["intake.complaints"]

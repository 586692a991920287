"""Dead letters are kept in the consumer's own database, listed, and replayed on request
through the same processor (the inbox keeps a replay from acting twice)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from services.intake.tables import outbox as intake_outbox
from services.routing.tables import assignments
from shared.clock import FixedClock
from shared.messaging.ports import BrokerMessage
from shared.outbox.dead_letters import (
    DatabaseDeadLetters,
    listed,
    replay_requested,
    request_replay,
)
from shared.runtime import processor_for
from shared.settings import ServiceSettings
from tests.builders import complaint
from tests.system import System
from tousu.cli import main


async def test_a_malformed_message_is_kept_and_a_replay_tries_it_again(
    system: System, clock: FixedClock
) -> None:
    junk = BrokerMessage("intake.complaints", b"junk", b"{not an envelope")
    await system.bus.publish_many([junk])
    [dead] = await system.dead_letters("routing")
    assert (dead.reason, dead.topic, dead.consumer) == (
        "malformed_envelope",
        "intake.complaints",
        "routing",
    )
    routing = system.services["routing"]
    processor = processor_for(routing, ServiceSettings(), clock, asyncio.Event())
    assert await request_replay(routing.engine, routing.dead_letters, None, clock.now()) == 1
    assert await replay_requested(routing.engine, routing.dead_letters, processor, clock) == 1
    again, first = await system.dead_letters("routing")  # still malformed: a new dead letter
    assert first.replayed_at is not None and again.replayed_at is None


async def test_a_replayed_event_is_handled_as_if_it_had_just_arrived(
    system: System, clock: FixedClock
) -> None:
    async with await system.client("complaints:write") as client:
        posted = (await client.post("/v1/complaints", json=complaint())).json()
    intake = system.services["intake"]
    async with intake.engine.connect() as conn:
        body = (await conn.execute(select(intake_outbox.c.body))).scalar_one()
    routing = system.services["routing"]
    lost = BrokerMessage(
        "routing.dlq",
        posted["id"].encode(),
        body.encode(),
        (
            ("dlq.reason", b"handler_failed"),
            ("dlq.consumer", b"routing"),
            ("dlq.source.topic", b"intake.complaints"),
        ),
    )
    await DatabaseDeadLetters(routing.engine, routing.dead_letters, clock).publish_many([lost])
    [dead] = await listed(routing.engine, routing.dead_letters)
    await request_replay(routing.engine, routing.dead_letters, [dead.id], clock.now())
    processor = processor_for(routing, ServiceSettings(), clock, asyncio.Event())
    await replay_requested(routing.engine, routing.dead_letters, processor, clock)
    await replay_requested(routing.engine, routing.dead_letters, processor, clock)  # no-op
    async with routing.engine.connect() as conn:
        routed = (await conn.execute(select(assignments.c.complaint_id))).scalars().all()
    assert [str(c) for c in routed] == [posted["id"]]


def test_the_command_line_lists_and_marks_dead_letters(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TOUSU_DATABASE_URL", sqlite_url)
    assert main(["dlq", "list"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["dlq", "replay", "--service", "routing", "--all"]) == 0
    assert "0 routing message(s)" in capsys.readouterr().out

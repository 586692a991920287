"""The three services together, wired as in the embedded mode (in-process bus, SQLite)."""

from __future__ import annotations

from sqlalchemy import select

from shared.events.envelope import Envelope
from tests.builders import CHANNELS, complaint
from tests.system import System

TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
CORRELATION = "0b8e2a43-3b07-4a4e-9d3a-7f1c2e9f5a10"


async def published(system: System, service: str) -> list[Envelope]:
    built = system.services[service]
    async with built.engine.connect() as conn:
        rows = (await conn.execute(select(built.outbox.c.body))).scalars().all()
    return [Envelope.model_validate_json(body) for body in rows]


async def test_every_channel_is_routed_and_scheduled(system: System) -> None:
    async with await system.client("admin") as client:
        ids = [
            (await client.post("/v1/complaints", json=complaint(c))).json()["id"] for c in CHANNELS
        ]
        moved = await system.drain()
        bodies = [(await client.get(f"/v1/complaints/{i}")).json() for i in ids]
    assert moved == 3 * len(CHANNELS)
    for body in bodies:
        assert body["status"] == "routed"
        assert [e["type"] for e in body["timeline"]] == [
            "complaint.registered",
            "complaint.routed",
            "callback.scheduled",
        ]
    assert await system.dead_letters("intake") == await system.dead_letters("routing") == []


async def test_correlation_id_and_trace_context_follow_the_complaint(system: System) -> None:
    headers = {"X-Correlation-ID": CORRELATION, "traceparent": TRACEPARENT}
    async with await system.client("complaints:write") as client:
        await client.post("/v1/complaints", json=complaint(), headers=headers)
    await system.drain()
    envelopes = [e for s in ("intake", "routing", "followup") for e in await published(system, s)]
    assert [e.type for e in envelopes] == [
        "complaint.registered",
        "complaint.routed",
        "callback.scheduled",
    ]
    assert {(str(e.correlation_id), e.traceparent) for e in envelopes} == {
        (CORRELATION, TRACEPARENT)
    }


async def test_a_redelivered_batch_changes_nothing(system: System) -> None:
    async with await system.client("admin") as client:
        complaint_id = (await client.post("/v1/complaints", json=complaint())).json()["id"]
        await system.drain()
        # The relay crashed after publishing and before marking: everything is sent again.
        for service in system.services.values():
            async with service.engine.begin() as conn:
                await conn.execute(service.outbox.update().values(published_at=None))
        assert await system.drain() == 3
        body = (await client.get(f"/v1/complaints/{complaint_id}")).json()
    assert [e["type"] for e in body["timeline"]] == [
        "complaint.registered",
        "complaint.routed",
        "callback.scheduled",
    ]


async def test_a_run_mixing_redelivered_and_new_events_takes_each_once(system: System) -> None:
    """The redelivered events spoil their consumers' shared transactions: each message is then
    taken alone, the repeats skipped and the new ones applied, once."""
    async with await system.client("admin") as client:
        first = [(await client.post("/v1/complaints", json=complaint())).json()["id"] for _ in "ab"]
        await system.drain()
        for service in system.services.values():
            async with service.engine.begin() as conn:
                await conn.execute(service.outbox.update().values(published_at=None))
        later = (await client.post("/v1/complaints", json=complaint())).json()["id"]
        assert await system.drain() == 3 * 2 + 3  # the repeats, then the new one's three
        bodies = [(await client.get(f"/v1/complaints/{i}")).json() for i in [*first, later]]
    for body in bodies:
        assert [e["type"] for e in body["timeline"]] == [
            "complaint.registered",
            "complaint.routed",
            "callback.scheduled",
        ]

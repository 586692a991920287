"""Follow-up's consumer: the acknowledgment is scheduled once both events are in."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import Row, Table, select

from services.followup.tables import callbacks, outbox
from shared.events.envelope import Envelope
from tests.events import envelope, registered, routed
from tests.system import System


async def rows(system: System, table: Table) -> list[Row[Any]]:
    async with system.services["followup"].engine.connect() as conn:
        return list((await conn.execute(select(table))).all())


async def deliver(system: System, *events: object) -> None:
    handlers = system.services["followup"].handlers
    for event in events:
        await handlers[event.TYPE](event, envelope(event, system.clock.now()))  # type: ignore[attr-defined, arg-type]


async def test_acknowledgment_is_scheduled_after_registration_and_routing(system: System) -> None:
    first = registered(system.clock.now())
    await deliver(system, first)
    assert await rows(system, callbacks) == []
    await deliver(system, routed(first.complaint_id, system.clock.now()))
    [callback] = await rows(system, callbacks)
    assert callback.channel == "phone" and callback.within_deadline
    assert callback.scheduled_for == system.clock.now()  # Monday 10:00 in Shanghai: call now
    [message] = await rows(system, outbox)
    assert Envelope.model_validate_json(message.body).type == "callback.scheduled"


async def test_routing_may_arrive_first(system: System) -> None:
    event = registered(system.clock.now(), customer={"preferred_channel": "sms"})
    await deliver(system, routed(event.complaint_id, system.clock.now()), event)
    [callback] = await rows(system, callbacks)
    assert callback.channel == "sms"


async def test_redelivery_and_repeats_schedule_one_acknowledgment(system: System) -> None:
    event = registered(system.clock.now())
    routing = routed(event.complaint_id, system.clock.now())
    env = envelope(routing, system.clock.now())
    handler = system.services["followup"].handlers["complaint.routed"]
    await deliver(system, event)
    await handler(routing, env)
    await handler(routing, env)
    await deliver(system, routing)  # a second routed event (new id) for the same complaint
    assert len(await rows(system, callbacks)) == 1
    assert len(await rows(system, outbox)) == 1


async def test_callbacks_listed_by_due_time(system: System) -> None:
    for hours in (30, 1, 5):
        system.clock.set(system.clock.now() + timedelta(hours=hours))
        event = registered(system.clock.now())
        await deliver(system, event, routed(event.complaint_id, system.clock.now()))
    async with await system.client("callbacks:read") as client:
        everything = (await client.get("/v1/callbacks")).json()
        due = (
            await client.get(
                "/v1/callbacks", params={"due_before": everything["items"][1]["scheduled_for"]}
            )
        ).json()
        first = (await client.get("/v1/callbacks", params={"limit": 2})).json()
        rest = (await client.get("/v1/callbacks", params={"cursor": first["next_cursor"]})).json()
        naive = await client.get("/v1/callbacks", params={"due_before": "2026-11-23T10:00:00"})
    times = [c["scheduled_for"] for c in everything["items"]]
    assert times == sorted(times) and len(times) == 3
    assert len(due["items"]) == 1
    assert [c["id"] for c in first["items"] + rest["items"]] == [
        c["id"] for c in everything["items"]
    ]
    assert rest["next_cursor"] is None
    assert (naive.status_code, naive.json()["code"]) == (422, "validation_error")

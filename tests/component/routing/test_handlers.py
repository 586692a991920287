"""Routing's consumer: registered complaints become assignments and routed events."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, Table, select

from services.routing.dependencies import RoutingState
from services.routing.seeding import seed_configuration
from services.routing.tables import assignments, departments, outbox
from shared.events.envelope import Envelope, Trace
from tests.events import envelope, registered
from tests.system import System


async def rows(system: System, table: Table) -> list[Row[Any]]:
    async with system.services["routing"].engine.connect() as conn:
        return list((await conn.execute(select(table))).all())


async def test_registered_complaint_is_routed_with_priority_and_deadlines(system: System) -> None:
    event = registered(system.clock.now(), "再不退还多扣的话费，我就去12315投诉", repeat_count=2)
    await system.services["routing"].handlers["complaint.registered"](
        event, envelope(event, system.clock.now())
    )
    [assignment] = await rows(system, assignments)
    assert (assignment.department, assignment.priority) == ("billing", "P1")
    assert assignment.risk_flags == ["regulator"]
    [message] = await rows(system, outbox)
    routed = Envelope.model_validate_json(message.body)
    assert routed.type == "complaint.routed" and routed.subject == str(event.complaint_id)
    # P1: two working hours (Monday 10:00 -> 12:00 in Shanghai), sooner than intake's 24 h.
    assert routed.payload["first_response_due"] == "2026-11-23T04:00:00Z"


async def test_redelivered_event_changes_nothing(system: System) -> None:
    event = registered(system.clock.now())
    env = envelope(event, system.clock.now())
    handler = system.services["routing"].handlers["complaint.registered"]
    await handler(event, env)
    await handler(event, env)
    await handler(event, envelope(event, system.clock.now()))  # same complaint, new event id
    assert len(await rows(system, assignments)) == 1
    assert len(await rows(system, outbox)) == 1


async def test_configuration_is_seeded_once(system: System) -> None:
    state = system.services["routing"].state
    assert isinstance(state, RoutingState)
    assert await seed_configuration(state.make_uow(Trace()), state.config) is False
    assert len(await rows(system, departments)) == len(state.config.departments)


async def test_departments_and_assignment_queue(system: System) -> None:
    async with await system.client("complaints:write", "cases:read") as client:
        for text in ("话费多扣", "快递丢了", "账单有误"):
            await client.post(
                "/v1/complaints",
                json={
                    "channel": "web",
                    "customer": {"name": "x", "email": "x@example.com"},
                    "text": text,
                    "details": {"message_id": text, "sender_address": "x@example.com"},
                },
            )
        await system.drain()
        listed = (await client.get("/v1/departments")).json()
        billing = (
            await client.get("/v1/assignments", params={"department": "billing", "limit": 1})
        ).json()
        rest = (
            await client.get(
                "/v1/assignments",
                params={"department": "billing", "cursor": billing["next_cursor"]},
            )
        ).json()
        unknown = await client.get("/v1/assignments", params={"department": "nowhere"})
    assert {"billing", "delivery", "customer_service"} <= {d["code"] for d in listed}
    assert len(billing["items"]) == 1 and len(rest["items"]) == 1 and rest["next_cursor"] is None
    assert (unknown.status_code, unknown.json()["code"]) == (404, "department_not_found")


async def test_routing_routes_need_cases_scope(system: System) -> None:
    async with await system.client("complaints:read") as client:
        response = await client.get("/v1/departments")
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")


async def test_classification_travels_with_the_routing_and_feelings_leave_priority_alone(
    system: System,
) -> None:
    event = registered(system.clock.now(), "快递员态度恶劣，简直欺人太甚！！！我非常愤怒，必须道歉")
    await system.services["routing"].handlers["complaint.registered"](
        event, envelope(event, system.clock.now())
    )
    [assignment] = await rows(system, assignments)
    [message] = await rows(system, outbox)
    explained = Envelope.model_validate_json(message.body).payload["classification"]
    assert explained["motive"] == "truly_angry" and explained["emotion_intensity"] == 3
    assert explained["needs"]["respect"] == ["态度", "道歉"]
    assert assignment.classification["cause"] == explained["cause"]
    # The desk's priority rules are mechanical: strong feelings are the motive, not a risk.
    assert (assignment.department, assignment.priority) == ("staff_conduct", "P3")

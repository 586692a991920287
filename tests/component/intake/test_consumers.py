"""Intake keeps status and timeline from downstream events."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID, uuid4

import pytest

from shared.events.followup import CallbackAttempted, CallbackCompleted, CallbackScheduled
from shared.messaging.ports import PoisonMessage
from tests.builders import complaint, customer
from tests.events import envelope, routed
from tests.system import System


async def registered_id(system: System) -> UUID:
    async with await system.client("complaints:write") as client:
        return UUID((await client.post("/v1/complaints", json=complaint())).json()["id"])


async def timeline(system: System, complaint_id: UUID) -> dict[str, object]:
    async with await system.client("complaints:read") as client:
        body: dict[str, object] = (await client.get(f"/v1/complaints/{complaint_id}")).json()
        return body


async def test_routed_event_sets_status_department_and_timeline_once(system: System) -> None:
    complaint_id = await registered_id(system)
    system.clock.advance(timedelta(seconds=1))
    event = routed(complaint_id, system.clock.now(), priority="P2")
    env = envelope(event, system.clock.now(), source="routing")
    handler = system.services["intake"].handlers["complaint.routed"]
    await handler(event, env)
    await handler(event, env)
    body = await timeline(system, complaint_id)
    assert (body["status"], body["department"], body["priority"]) == ("routed", "billing", "P2")
    assert [e["type"] for e in body["timeline"]] == ["complaint.registered", "complaint.routed"]  # type: ignore[attr-defined]


async def test_an_older_event_never_overrides_a_newer_status(system: System) -> None:
    complaint_id = await registered_id(system)
    late = routed(complaint_id, system.clock.now())
    await system.services["intake"].handlers["complaint.routed"](
        late, envelope(late, system.clock.now() - timedelta(hours=1))
    )
    assert (await timeline(system, complaint_id))["status"] == "registered"


async def test_event_for_an_unknown_complaint_is_poison(system: System) -> None:
    now = system.clock.now()
    event = CallbackScheduled(
        callback_id=uuid4(),
        complaint_id=uuid4(),
        purpose="acknowledgment",
        channel="sms",
        scheduled_for=now,
        deadline=now,
        timezone="UTC",
        within_deadline=True,
    )
    with pytest.raises(PoisonMessage):
        await system.services["intake"].handlers["callback.scheduled"](event, envelope(event, now))


async def test_a_survey_waits_until_its_own_callback_ends_not_another(system: System) -> None:
    """A late event of another callback of the case (an acknowledgment cancelled at
    resolution) must not drop the survey that waits: the customer's "2" is its answer."""
    phone = "+8613900000777"
    async with await system.client("complaints:write") as client:
        posted = await client.post("/v1/complaints", json=complaint(customer=customer(phone=phone)))
    complaint_id, now = UUID(posted.json()["id"]), system.clock.now()
    survey, other = uuid4(), uuid4()
    sent = CallbackAttempted(
        complaint_id=complaint_id,
        callback_id=survey,
        purpose="satisfaction",
        attempt=3,
        channel="sms",
        outcome="sent",
        at=now,
        awaiting_reply_until=now + timedelta(hours=48),
        reply_to=phone,
    )
    cancelled = CallbackCompleted(
        complaint_id=complaint_id,
        callback_id=other,
        purpose="acknowledgment",
        outcome="cancelled",
        channel="phone",
        attempts=0,
        at=now,
    )
    handlers = system.services["intake"].handlers
    await handlers["callback.attempted"](sent, envelope(sent, now, source="followup"))
    await handlers["callback.completed"](cancelled, envelope(cancelled, now, source="followup"))
    reply = complaint("sms", text="2", customer=customer(name="客户", phone=phone))
    async with await system.client("complaints:write") as client:
        answer = (await client.post("/v1/complaints", json=reply)).json()
    assert (answer["recorded_as"], answer["id"]) == ("survey_reply", str(complaint_id))

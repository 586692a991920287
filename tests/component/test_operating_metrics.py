"""The figures ops watch, as /metrics shows them: backlogs sampled from the database, and
counters that move only once a transaction committed."""

from __future__ import annotations

from datetime import timedelta

from prometheus_client import REGISTRY
from sqlalchemy import select

from shared.messaging.ports import BrokerMessage
from shared.outbox.backlog import backlog
from tests.builders import complaint, customer
from tests.system import System


def value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def sample(system: System) -> None:
    now = system.clock.now()
    for service in system.services.values():
        found = await backlog(service.engine, service.outbox, service.dead_letters, now)
        found.export(service.name)
        if service.sample is not None:
            await service.sample(now)


async def test_the_outbox_backlog_and_its_age_until_the_relay_publishes(system: System) -> None:
    async with await system.client("admin") as client:
        answer = await client.post("/v1/complaints", json=complaint("web"))
        assert answer.status_code == 202
        system.clock.advance(timedelta(seconds=30))
        await sample(system)
        assert value("tousu_outbox_backlog_events", service="intake") == 1
        assert value("tousu_outbox_oldest_age_seconds", service="intake") == 30
        await system.drain()
        await sample(system)
    assert value("tousu_outbox_backlog_events", service="intake") == 0
    assert value("tousu_outbox_oldest_age_seconds", service="intake") == 0
    assert value("tousu_dead_letters_waiting", service="routing") == 0


async def test_routing_counts_how_it_chose_and_the_ladder_by_department(system: System) -> None:
    judged = value("tousu_routing_decisions_total", source="judgement")
    confident = value("tousu_routing_confidence_count", source="judgement")
    async with await system.client("admin") as client:
        body = complaint("web", text="热水器漏电，家里老人差点触电")
        created = (await client.post("/v1/complaints", json=body)).json()
        await system.drain()
        routed = (await client.get(f"/v1/complaints/{created['id']}")).json()
    department, priority = routed["department"], routed["priority"]
    assert value("tousu_routing_decisions_total", source="judgement") == judged + 1
    assert value("tousu_routing_confidence_count", source="judgement") == confident + 1

    steps = {"level": "urge", "department": department, "priority": priority}
    urged = value("tousu_sla_escalations_total", **steps)
    system.clock.advance(timedelta(days=30))  # long past its resolution deadline
    watchdog = system.services["routing"].periodic
    assert watchdog is not None
    await watchdog()
    assert value("tousu_sla_escalations_total", **steps) == urged + 1
    await sample(system)
    late = {"department": department, "priority": priority}
    assert value("tousu_cases_past_due", **late) == 1


async def test_contacts_due_and_overdue_and_messages_sent_by_channel(system: System) -> None:
    sent = value("tousu_outbound_messages_total", channel="sms", outcome="sent")
    async with await system.client("admin") as client:
        texted = customer(phone="+8613912340101", preferred_channel="sms")
        answer = await client.post("/v1/complaints", json=complaint("web", customer=texted))
        assert answer.status_code == 202
        await system.drain()
        system.clock.advance(timedelta(days=3))
        await sample(system)
        assert value("tousu_contacts_due", state="due") >= 1
        assert value("tousu_contacts_due", state="overdue") >= 1
        dispatcher = system.services["followup"].periodic
        assert dispatcher is not None
        await dispatcher()
    assert value("tousu_outbound_messages_total", channel="sms", outcome="sent") > sent


async def test_a_redelivered_event_is_counted_as_a_duplicate(system: System) -> None:
    skipped = value("tousu_inbox_duplicates_total", consumer="routing")
    async with await system.client("admin") as client:
        await client.post("/v1/complaints", json=complaint("web"))
        await system.drain()
    intake = system.services["intake"]
    async with intake.engine.connect() as conn:
        sent = (await conn.execute(select(intake.outbox).order_by(intake.outbox.c.id))).first()
    assert sent is not None
    again = BrokerMessage(sent.topic, sent.key.encode(), sent.body.encode())
    await system.bus.publish_many([again])  # Kafka's at-least-once: the same event again
    assert value("tousu_inbox_duplicates_total", consumer="routing") == skipped + 1

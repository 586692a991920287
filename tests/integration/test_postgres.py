"""What only a real PostgreSQL proves: races on unique keys, sequences, relay leadership."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from uuid import UUID, uuid4

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from devtools.postgres import PostgresCluster
from services.followup.dependencies import FollowupState
from services.followup.outbound.dispatcher import Dispatcher, SendResult
from services.followup.outbound.transports import SpoolDirectory
from services.followup.tables import messages
from services.intake.complaints.repository import ComplaintNumbers
from services.intake.tables import complaints, customers
from services.intake.tables import inbox as intake_inbox
from services.intake.unit_of_work import IntakeUnitOfWork
from shared.clock import FixedClock
from shared.db.engine import make_engine, make_session_factory
from shared.db.races import lost_a_race
from shared.outbox.inbox import SqlInbox
from shared.outbox.relay import Leadership
from tests.builders import CHANNELS, complaint, customer, details
from tests.events import envelope, routed
from tests.system import System

pytestmark = pytest.mark.integration


async def test_two_consumers_claiming_one_event_only_one_wins(
    pg_url: str, clock: FixedClock
) -> None:
    engine = make_engine(pg_url, schemas=["intake"])
    sessions = make_session_factory(engine)
    event_id = uuid4()

    async def claim() -> bool:
        async with sessions() as session, session.begin():
            won = await SqlInbox(session, intake_inbox, clock.now()).claim(
                consumer="intake", event_id=event_id, event_type="t"
            )
            await asyncio.sleep(0.05)  # hold the row while the twin tries
            return won

    results = await asyncio.gather(*(claim() for _ in range(5)))
    await engine.dispose()
    assert sorted(results) == [False, False, False, False, True]


async def test_concurrent_retries_of_one_request_make_one_complaint(pg_system: System) -> None:
    body = complaint("on_site", details=details("on_site") | {"ticket_id": None})
    async with await pg_system.client("complaints:write") as client:
        responses = await asyncio.gather(
            *(
                client.post("/v1/complaints", json=body, headers={"Idempotency-Key": "same"})
                for _ in range(10)
            )
        )
    assert {r.status_code for r in responses} == {202}
    assert len({r.json()["id"] for r in responses}) == 1
    async with pg_system.services["intake"].engine.connect() as conn:
        assert (await conn.execute(select(func.count()).select_from(complaints))).scalar() == 1


async def test_a_real_deadlock_is_told_apart_as_a_lost_race(pg_url: str) -> None:
    engine = make_engine(pg_url, schemas=["intake"])
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE race (id int PRIMARY KEY)"))
        await conn.execute(text("INSERT INTO race VALUES (1), (2)"))
    both_hold_one = asyncio.Barrier(2)

    async def lock(first: int, then: int) -> None:
        async with engine.begin() as conn:
            await conn.execute(text("UPDATE race SET id = id WHERE id = :id"), {"id": first})
            await both_hold_one.wait()
            await conn.execute(text("UPDATE race SET id = id WHERE id = :id"), {"id": then})

    outcomes = await asyncio.gather(lock(1, 2), lock(2, 1), return_exceptions=True)
    await engine.dispose()
    lost = [o for o in outcomes if isinstance(o, DBAPIError)]
    assert len(lost) == 1 and lost_a_race(lost[0])
    assert not lost_a_race(DBAPIError("SELECT 1", None, Exception("other")))


async def test_a_new_customer_complaining_on_many_channels_at_once_is_one_customer(
    pg_system: System,
) -> None:
    person = customer(phone="13911112222", email="zhao@example.cn")
    async with await pg_system.client("complaints:write") as client:
        posts = [complaint(channel, customer=person) for channel in CHANNELS]
        responses = await asyncio.gather(*(client.post("/v1/complaints", json=p) for p in posts))
    assert {r.status_code for r in responses} == {202}
    assert sorted(r.json()["repeat_count"] for r in responses) == list(range(len(CHANNELS)))
    assert len({r.json()["reference"] for r in responses}) == len(CHANNELS)
    async with pg_system.services["intake"].engine.connect() as conn:
        assert (await conn.execute(select(func.count()).select_from(customers))).scalar() == 1


async def test_two_handlers_accepting_one_case_at_once_one_wins(pg_system: System) -> None:
    async with await pg_system.client("complaints:write") as client:
        case = (await client.post("/v1/complaints", json=complaint())).json()["id"]
    await pg_system.drain()
    handlers = [await pg_system.staff(f"handler{i}", "handler", "billing") for i in range(4)]
    responses = await asyncio.gather(
        *(h.post(f"/v1/assignments/{case}/accept", json={}) for h in handlers)
    )
    assert sorted(r.status_code for r in responses) == [200, 409, 409, 409]
    assert {r.json()["code"] for r in responses if r.status_code == 409} <= {
        "case_changed",
        "illegal_transition",
    }
    trail = (await handlers[0].get(f"/v1/assignments/{case}")).json()["steps"]
    assert [s["step"] for s in trail] == ["accept"]


async def test_only_one_relay_of_a_service_leads(pg_system: System) -> None:
    service = pg_system.services["intake"]
    first, second = (
        Leadership(service.engine, service.outbox),
        Leadership(service.engine, service.outbox),
    )
    assert await first.lead() is True
    assert await second.lead() is False
    await first.release()
    assert await second.lead() is True
    await second.release()


async def test_the_whole_journey_on_postgresql(pg_system: System) -> None:
    async with await pg_system.client("admin") as client:
        ids = [
            (await client.post("/v1/complaints", json=complaint(channel))).json()["id"]
            for channel in CHANNELS
        ]
        await pg_system.drain()
        bodies = [(await client.get(f"/v1/complaints/{i}")).json() for i in ids]
        callbacks = (await client.get("/v1/callbacks")).json()["items"]
    assert {b["status"] for b in bodies} == {"routed"}
    assert all([e["type"] for e in b["timeline"]][-1] == "callback.scheduled" for b in bodies)
    assert len(callbacks) == len(CHANNELS)


async def test_a_database_restart_gives_clear_503s_then_recovers(
    pg_system: System, postgres: PostgresCluster
) -> None:
    async with await pg_system.client("admin") as client:
        assert (await client.post("/v1/complaints", json=complaint())).status_code == 202
        postgres.stop()
        try:
            down = await client.post("/v1/complaints", json=complaint())
            ready = await client.get("/health/ready")
        finally:
            postgres.start()
        after = [
            (await client.post("/v1/complaints", json=complaint())).status_code for _ in range(3)
        ]
    assert (down.status_code, down.json()["code"]) == (503, "service_unavailable")
    assert down.headers["retry-after"]
    assert ready.status_code == 503 and ready.json()["checks"]["database:intake"] == "down"
    # Pooled connections died with the server: at most one more 503 while the pool refills.
    assert after[-1] == 202 and set(after) <= {202, 503}


async def test_agents_claiming_one_callback_at_once_one_gets_it(pg_system: System) -> None:
    async with await pg_system.client("complaints:write", "callbacks:read") as client:
        case = (await client.post("/v1/complaints", json=complaint())).json()["id"]
        await pg_system.drain()
        [due] = [
            c
            for c in (await client.get("/v1/callbacks")).json()["items"]
            if c["complaint_id"] == case
        ]
    agents = [await pg_system.staff(f"agent{i}", "callback_agent") for i in range(4)]
    responses = await asyncio.gather(*(a.post(f"/v1/callbacks/{due['id']}/claim") for a in agents))
    assert sorted(r.status_code for r in responses) == [200, 409, 409, 409]
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {"already_claimed"}


async def test_two_dispatchers_at_once_send_each_message_once(
    pg_system: System, tmp_path: Path
) -> None:
    async with await pg_system.client("complaints:write") as client:
        for _ in range(5):
            body = complaint(customer=customer(preferred_channel="sms"))
            assert (await client.post("/v1/complaints", json=body)).status_code == 202
    await pg_system.drain()
    state = pg_system.services["followup"].state
    assert isinstance(state, FollowupState)
    spool = tmp_path / "spool"
    delivery = SendResult({"sms": SpoolDirectory(spool), "email": SpoolDirectory(spool)})
    dispatchers = [Dispatcher(state.uow, state.policy, state.texts, delivery) for _ in range(2)]
    await asyncio.gather(*(d.run_once() for d in dispatchers))
    await asyncio.gather(*(d.run_once() for d in dispatchers))
    async with pg_system.services["followup"].engine.connect() as conn:
        rows = (await conn.execute(select(messages.c.status, messages.c.tries))).all()
    assert sorted(rows) == [("sent", 1)] * 5
    assert len(list((spool / "sms").glob("*.json"))) == 5


async def test_a_case_file_read_is_not_split_by_an_event_committed_in_between(
    pg_system: System,
) -> None:
    """Under READ COMMITTED the reader saw the old status with the new timeline entry."""
    system = pg_system
    async with await system.client("complaints:write") as client:
        posted = await client.post("/v1/complaints", json=complaint())
    complaint_id = UUID(posted.json()["id"])
    system.clock.advance(timedelta(seconds=1))
    event = routed(complaint_id, system.clock.now())
    engine = system.services["intake"].engine
    sessions = make_session_factory(engine)
    async with IntakeUnitOfWork(sessions, system.clock, numbers=ComplaintNumbers()) as uow:
        await uow.read_snapshot()
        read_first = await uow.complaints.get(complaint_id)
        await system.services["intake"].handlers["complaint.routed"](
            event, envelope(event, system.clock.now(), source="routing")
        )
        read_after = await uow.timeline.of(complaint_id)
    assert read_first is not None and read_first.status == "registered"
    assert [e.type for e in read_after] == ["complaint.registered"]
    async with await system.client("complaints:read") as client:
        assert (await client.get(f"/v1/complaints/{complaint_id}")).json()["status"] == "routed"

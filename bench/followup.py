"""`make bench-followup`: how fast the dispatcher gets due SMS out on PostgreSQL through a
local gateway (writing each message, claiming it, sending it, settling its callback), against
the bare baseline of posting the same texts to the same gateway in the same run; and how long
planning one contact takes. Figures only."""

from __future__ import annotations

import argparse
import asyncio
import time
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import httpx

from devtools.postgres import start_cluster
from devtools.sms_gateway import SmsGateway
from services.followup.callbacks.domain import Callback
from services.followup.dependencies import FollowupState
from services.followup.planning.case import Case
from services.followup.planning.contacts import schedule_contact
from services.followup.planning.plan import Plan
from shared.clock import FixedClock
from shared.db.migrate import upgrade
from tousu.registry import SERVICES

NOW = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # a Tuesday, 10:00 in Shanghai


async def seed(state: FollowupState, count: int) -> None:
    async with state.uow() as uow:
        for n in range(count):
            case = Case(
                uuid4(),
                reference=f"TS-B-{n:06d}",
                customer_name="客户",
                phone=f"+86139{n:08d}",
                registered=True,
                department="billing",
                language="zh",
                resolution="已退款",
            )
            await uow.cases.save(case, is_new=True)
            await uow.callbacks.add(
                Callback.schedule(
                    complaint_id=case.complaint_id,
                    reference=case.reference,
                    department="billing",
                    purpose="satisfaction",
                    occasion="bench",
                    plan=Plan("sms", NOW, True, None),
                    deadline=NOW + timedelta(days=7),
                    timezone="Asia/Shanghai",
                    priority="P3",
                    now=NOW,
                )
            )
        await uow.commit()


async def baseline(url: str, count: int) -> float:
    async with httpx.AsyncClient(timeout=10) as client:
        started = time.perf_counter()
        for n in range(count):
            await client.post(
                url,
                json={
                    "to": f"+86138{n:08d}",
                    "text": "您好" * 40,
                    "sender": "B",
                    "client_ref": str(uuid4()),
                },
                headers={"Idempotency-Key": str(uuid4())},
            )
        return time.perf_counter() - started


async def planning(state: FollowupState, count: int) -> float:
    """Seconds per contact planned (the team's load read once, as the service does)."""
    case = Case(
        uuid4(),
        phone="+8613900000000",
        registered=True,
        do_not_disturb="12:00-14:00",
        first_response_due=NOW + timedelta(days=1),
    )
    async with state.uow() as uow:
        started = time.perf_counter()
        for _ in range(count):
            await schedule_contact(uow, case, "satisfaction", state.policy, NOW)
        elapsed = time.perf_counter() - started
    return elapsed / count


async def main(count: int) -> None:
    cluster = start_cluster()
    gateway = SmsGateway().start()
    try:
        cluster.create_database("bench_followup")
        url = cluster.url("bench_followup")
        await upgrade(url)
        _, service = SERVICES["followup"].create(
            FixedClock(NOW), database_url=url, sms_gateway_url=gateway.url
        )
        state = service.state
        assert isinstance(state, FollowupState)  # noqa: S101
        await seed(state, count)
        started = time.perf_counter()
        while len(gateway.messages) < count:
            await state.dispatcher.run_once(batch=100)
        dispatched = time.perf_counter() - started
        bare = await baseline(gateway.url, count)
        per_plan = await planning(state, 200)
        await service.close()
    finally:
        gateway.stop()
        cluster.destroy()
    print(f"messages: {count} SMS through a local gateway, PostgreSQL")
    print(f"dispatcher: {count / dispatched:8.1f} msg/s  (render, write, claim, send, settle)")
    print(f"baseline:   {count / bare:8.1f} msg/s  (the same posts, nothing else)")
    print(f"ratio:      {bare / dispatched:8.2f}× the baseline's rate")
    print(f"planning one contact (team load read each time): {per_plan * 1000:.2f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=500)
    asyncio.run(main(parser.parse_args().messages))

"""`make bench-archive`: do costs stay flat as the archive grows? The same operations are
timed on PostgreSQL with an empty archive (the probe customer's complaints only), with a small
one (`--small` complaints, the open cases among them), then once it holds `--complaints`
(set-based SQL, bench/archive_fill.py), through the services' in-process APIs, handlers and
periodic jobs. Prints the median of each and the ratios. Figures only."""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from itertools import count

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.archive_fill import parameters, statements
from bench.pipeline import pct
from devtools.postgres import start_cluster
from shared.clock import FixedClock
from shared.db.migrate import upgrade
from tests.system import System

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
PROBE_PHONE = "13912345678"
PROBE_HISTORY = 60  # more than a page of the list (50), of the history (20), of open ones (20)
Operation = Callable[[], Awaitable[object]]


def complaint(phone: str, n: int) -> dict[str, object]:
    return {
        "channel": "web",
        "customer": {"name": "探针客户", "phone": phone},
        "text": f"信用卡重复扣费两次，请退款（第{n}次）",
        "details": {"message_id": f"bench-{phone}-{n}", "sender_address": f"{phone}@example.cn"},
    }


def operations(system: System, client: httpx.AsyncClient, probe_id: str) -> dict[str, Operation]:
    numbers = count(1)

    async def get(path: str) -> None:
        answer = await client.get(path)
        assert answer.status_code == 200, answer.text  # noqa: S101

    async def post_new_customer() -> None:
        n = next(numbers)
        answer = await client.post("/v1/complaints", json=complaint(f"135{n:08d}", n))
        assert answer.status_code == 202, answer.text  # noqa: S101

    async def repeat_complaint_through_the_pipeline() -> None:
        n = next(numbers)
        answer = await client.post("/v1/complaints", json=complaint(PROBE_PHONE, n))
        assert answer.status_code == 202, answer.text  # noqa: S101
        await system.drain()  # routing judges it (duplicates among them), follow-up plans

    month_ago = (NOW - timedelta(days=30)).isoformat()
    routing = system.services["routing"]
    assert routing.periodic is not None  # noqa: S101
    return {
        "intake post (new customer)": post_new_customer,
        "GET /v1/complaints/{id}": lambda: get(f"/v1/complaints/{probe_id}"),
        "list by phone": lambda: get(f"/v1/complaints?phone={PROBE_PHONE}"),
        "list by status (routed, 3%)": lambda: get("/v1/complaints?status=routed"),
        "list by status (closed, 75%)": lambda: get("/v1/complaints?status=closed"),
        "screen pop": lambda: get(f"/v1/callers/{PROBE_PHONE}"),
        "department queue": lambda: get("/v1/assignments?department=billing"),
        "SLA watchdog pass": routing.periodic,
        "follow-up figures (30 days)": lambda: get(
            f"/v1/figures?since={month_ago}&until={NOW.isoformat()}".replace("+", "%2B")
        ),
        "repeat complaint judged + planned": repeat_complaint_through_the_pipeline,
    }


async def timed(operation: Operation, repeats: int) -> float:
    took = []
    for _ in range(repeats):
        started = time.perf_counter()
        await operation()
        took.append(time.perf_counter() - started)
    return pct(took, 50)


async def fill(engine: AsyncEngine, complaints: int, first: int, last: int) -> None:
    async with engine.begin() as conn:
        for statement in statements():
            await conn.execute(text(statement), parameters(complaints, NOW, first, last))
    # As a database in service would be, not one freshly bulk-loaded: vacuumed, statistics
    # gathered, dirty pages written (else the first writes after the fill pay for them).
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text("VACUUM ANALYZE"))
        await conn.execute(text("CHECKPOINT"))


async def main(complaints: int, small: int, repeats: int) -> None:
    cluster = start_cluster()
    try:
        cluster.create_database("bench_archive")
        url = cluster.url("bench_archive")
        await upgrade(url)
        system = System(url, FixedClock(NOW))
        try:
            await system.start()
            async with await system.client() as client:
                # The probe customer's pages are full from the start: their history, open
                # complaints and the list by phone show as many rows in both measurements.
                for n in range(PROBE_HISTORY):
                    first = await client.post("/v1/complaints", json=complaint(PROBE_PHONE, -n))
                    assert first.status_code == 202, first.text  # noqa: S101
                probe_id = first.json()["id"]
                await system.drain()
                ops = operations(system, client, probe_id)
                engine = system.services["intake"].engine
                empty = {name: await timed(op, repeats) for name, op in ops.items()}
                await fill(engine, complaints, 1, small)
                before = {name: await timed(op, repeats) for name, op in ops.items()}
                started = time.monotonic()
                await fill(engine, complaints, small + 1, complaints)
                filled = time.monotonic() - started
                after = {name: await timed(op, repeats) for name, op in ops.items()}
        finally:
            await system.close()
    finally:
        cluster.destroy()
    print(  # noqa: T201
        f"Median of {repeats} runs each, in-process on PostgreSQL: with no archive (a probe "
        f"customer's {PROBE_HISTORY} complaints only), with {small:,} archived complaints "
        f"(the open cases among them), then with {complaints:,} (the rest filled in "
        f"{filled:.0f} s). The probe's pages are full throughout; from {small:,} on only the "
        "settled archive grows"
    )
    print(  # noqa: T201
        f"  {'operation':<36} {'empty':>9} {small:>9,} {complaints:>9,} "
        f"{'/ empty':>8} {f'/ {small:,}':>9}"
    )
    for name in ops:
        print(  # noqa: T201
            f"  {name:<36} {empty[name]:>7.1f}ms {before[name]:>7.1f}ms {after[name]:>7.1f}ms "
            f"{after[name] / empty[name]:>7.2f}× {after[name] / before[name]:>8.2f}×"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=20_000, help="the archive measured first")
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    asyncio.run(main(args.complaints, args.small, args.repeats))

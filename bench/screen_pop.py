"""`make bench-screen-pop`: the call-centre screen-pop's latency on PostgreSQL, with a few
thousand customers and complaints, against reading one complaint by id (the cheapest read
there is) in the same run, through the same in-process API. Figures only."""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from datetime import UTC, datetime

import httpx
from pydantic import SecretStr

from bench.pipeline import pct
from devtools.postgres import start_cluster
from shared.auth.sealing import new_key
from shared.clock import FixedClock
from shared.db.migrate import upgrade
from shared.runtime import key_store, secret_box
from shared.settings import TousuSettings
from shared.web.app import create_api
from tousu.registry import SERVICES


async def timed(client: httpx.AsyncClient, paths: list[str]) -> list[float]:
    took = []
    for path in paths:
        started = time.perf_counter()
        answer = await client.get(path)
        took.append(time.perf_counter() - started)
        assert answer.status_code == 200, answer.text  # noqa: S101
    return took


async def main(customers: int, per_customer: int, lookups: int) -> None:
    cluster = start_cluster()
    try:
        cluster.create_database("bench_screen_pop")
        url = cluster.url("bench_screen_pop")
        await upgrade(url)
        clock = FixedClock(datetime(2026, 11, 23, 2, 0, tzinfo=UTC))
        _, intake = SERVICES["intake"].create(clock, database_url=url)
        access = TousuSettings(database_url=url, secret_key=SecretStr(new_key()))
        keys = key_store(access, clock)
        _, key = await keys.create("bench", ("admin",))

        async def ready() -> bool:
            return True

        app = create_api([intake], keys, secret_box(access), title="bench", broker_check=ready)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://bench", headers={"X-API-Key": key}
        ) as client:
            phones, ids = [f"139{n:08d}" for n in range(customers)], []
            for round_ in range(per_customer):
                for n, phone in enumerate(phones):
                    body = {
                        "channel": "web",
                        "customer": {"name": f"客户{n}", "phone": phone},
                        "text": "快递三天没送到，客服电话打不通",
                        "details": {
                            "message_id": f"w-{round_}-{n}",
                            "sender_address": f"c{n}@example.cn",
                        },
                    }
                    ids.append((await client.post("/v1/complaints", json=body)).json()["id"])
            pops = await timed(
                client, [f"/v1/callers/{random.choice(phones)}" for _ in range(lookups)]
            )
            reads = await timed(
                client, [f"/v1/complaints/{random.choice(ids)}" for _ in range(lookups)]
            )
        await intake.close()
        await keys.close()
    finally:
        cluster.destroy()
    print(f"{customers} customers, {customers * per_customer} complaints, {lookups} lookups")
    print(f"screen-pop:     p50 {pct(pops, 50):6.2f} ms   p99 {pct(pops, 99):6.2f} ms")
    print(f"one complaint:  p50 {pct(reads, 50):6.2f} ms   p99 {pct(reads, 99):6.2f} ms")
    print(f"ratio (p50):    {pct(pops, 50) / pct(reads, 50):6.2f}×")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--per-customer", type=int, default=3)
    parser.add_argument("--lookups", type=int, default=500)
    args = parser.parse_args()
    asyncio.run(main(args.customers, args.per_customer, args.lookups))

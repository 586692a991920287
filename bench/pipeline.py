"""`make bench`: intake throughput and latency on the distributed setup (real PostgreSQL and
Kafka, every service process running), against a bare one-INSERT FastAPI baseline measured in
the same run, plus end-to-end latency from the 202 to `callback.scheduled`. Figures only."""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bench import processes
from bench.payloads import payloads
from bench.wrk import Load, run
from devtools.kafka import start_broker
from devtools.ports import free_port, wait_for_port
from devtools.postgres import start_cluster
from devtools.stack import ROLES, Stack
from shared.db.migrate import upgrade

BACKGROUND = (
    "intake-worker",
    "intake-relay",
    "routing-worker",
    "routing-relay",
    "followup-worker",
    "followup-relay",
)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


async def complaint_ids(database_url: str) -> set[str]:
    """Every complaint intake accepted (wrk does not keep the answers)."""
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(text("SELECT id FROM intake.complaints"))
            return {str(row.id) for row in rows}
    finally:
        await engine.dispose()


class ScheduledWatcher:
    """Notes when each complaint's callback.scheduled shows up on Kafka."""

    def __init__(self, bootstrap: str) -> None:
        self.seen: dict[str, float] = {}
        self._bootstrap, self._want, self._done = bootstrap, set[str](), asyncio.Event()

    async def __aenter__(self) -> ScheduledWatcher:
        self._consumer = AIOKafkaConsumer(
            "followup.contacts",
            bootstrap_servers=self._bootstrap,
            auto_offset_reset="latest",
            group_id=None,
        )
        await self._consumer.start()
        self._task = asyncio.create_task(self._watch())
        await asyncio.sleep(2)  # joined at the log end before anything is posted
        return self

    async def __aexit__(self, *_: object) -> None:
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)
        await self._consumer.stop()

    async def _watch(self) -> None:
        while True:
            batches = await self._consumer.getmany(timeout_ms=200)
            now = time.monotonic()
            for record in (r for records in batches.values() for r in records):
                if b'"callback.scheduled"' in record.value:
                    self.seen.setdefault(record.key.decode(), now)
            if self._want and self._want <= self.seen.keys():
                self._done.set()

    async def wait_for(self, ids: set[str], seconds: float) -> None:
        self._want = ids
        if ids <= self.seen.keys():
            return
        try:
            await asyncio.wait_for(self._done.wait(), seconds)
        except TimeoutError:
            print(f"  {len(ids - self.seen.keys())} complaints not scheduled after {seconds:.0f}s")


async def drain(bootstrap: str, stack: Stack, expected: set[str]) -> tuple[float, float]:
    """Start the downstream processes on a backlog; returns the complaints/s through to
    callback.scheduled once the first came through (the pipeline's sustained rate on this
    machine, start-up left out), and the seconds until that first one."""
    async with ScheduledWatcher(bootstrap) as watcher:
        started = time.monotonic()
        stack.start_all(BACKGROUND)
        await watcher.wait_for(expected, 600)
        done = sorted(watcher.seen[i] for i in expected if i in watcher.seen)
    return (len(done) - 1) / (done[-1] - done[0]), done[0] - started


async def wait_until(
    database_url: str, query: str, done: Callable[[int], bool], what: str, seconds: float = 300
) -> float:
    """Polls a count until `done` holds (bounded); the seconds it took."""
    engine = create_async_engine(database_url)
    started = time.monotonic()
    try:
        while time.monotonic() - started < seconds:
            async with engine.connect() as conn:
                if done((await conn.execute(text(query))).scalar_one()):
                    return time.monotonic() - started
            await asyncio.sleep(0.5)
        print(f"  ({what} after {seconds:.0f}s)")
        return seconds
    finally:
        await engine.dispose()


async def wait_quiet(database_url: str, expected: int) -> None:
    """Until intake has put every callback.scheduled on its timelines: the consumers are idle,
    so the paced phase measures latency, not a leftover backlog."""
    query = "SELECT count(*) FROM intake.timeline WHERE type = 'callback.scheduled'"
    await wait_until(database_url, query, lambda n: n >= expected, "intake had not caught up")


# SMS and e-mail due but not yet handed over (the backlog's acknowledgements and surveys).
UNSENT = """
SELECT (SELECT count(*) FROM followup.callbacks WHERE status = 'scheduled'
          AND channel IN ('sms', 'email') AND scheduled_for <= now())
     + (SELECT count(*) FROM followup.messages WHERE status IN ('pending', 'sending')
          AND next_try_at <= now())
"""


async def paced(
    url: str, key: str, bodies: Iterator[dict[str, Any]], n: int, rate: float, bootstrap: str
) -> tuple[list[float], float]:
    """n posts on a fixed schedule; the 202 -> callback.scheduled seconds of each, and the
    rate the posts really went at (one client: a slow answer delays the next post)."""
    accepted: dict[str, float] = {}
    async with (
        ScheduledWatcher(bootstrap) as watcher,
        httpx.AsyncClient(base_url=url, headers={"X-API-Key": key}, timeout=60) as client,
    ):
        started = time.monotonic()
        for i in range(n):
            await asyncio.sleep(max(0.0, started + i / rate - time.monotonic()))
            response = await client.post("/v1/complaints", json=next(bodies))
            accepted[str(response.json()["id"])] = time.monotonic()
        went_at = n / (time.monotonic() - started)
        await watcher.wait_for(set(accepted), 60)
    return [watcher.seen[i] - t for i, t in accepted.items() if i in watcher.seen], went_at


def report(name: str, load: Load) -> None:
    failed = f"   {load.failed} failed" if load.failed else ""
    print(
        f"  {name:<28} {load.rps:8.0f} req/s   p50 {load.p50_ms:7.1f} ms   "
        f"p99 {load.p99_ms:7.1f} ms   (wrk used {load.generator_cpu:.0%} of a core){failed}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=20, help="of load for each side")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--paced", type=int, default=300, help="posts for the end-to-end phase")
    parser.add_argument(
        "--rate", type=float, help="posts/s in the end-to-end phase (default: half the drain rate)"
    )
    args = parser.parse_args()
    postgres, kafka = start_cluster(), start_broker()
    baseline = None
    stack = Stack(postgres.url(), kafka.bootstrap_servers)
    try:
        asyncio.run(upgrade(postgres.url()))
        stack.tousu("topics", "create")
        stack.start("intake-api")
        key = stack.api_key("complaints:write")
        port = free_port()
        env = {**os.environ, "BASELINE_DATABASE_URL": postgres.url()}
        baseline = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "bench.baseline:app",
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            env=env,
        )
        wait_for_port(port)
        bodies = payloads()
        base_url, intake_url, c = f"http://127.0.0.1:{port}", stack.url(), args.concurrency
        print(
            f"Tousu benchmark on this machine: wrk, one thread, {c} connections, "
            f"{args.seconds} s each side, payloads from "
            "../shared/data (CFPB English narratives, TipDM Chinese messages)\n"
            "Intake API against a bare FastAPI endpoint doing one INSERT of the same payload "
            "into the same PostgreSQL:"
        )
        run(f"{base_url}/baseline", key, bodies, seconds=3, connections=c)  # warm-ups
        run(f"{intake_url}/v1/complaints", key, bodies, seconds=3, connections=c)
        base = run(f"{base_url}/baseline", key, bodies, seconds=args.seconds, connections=c)
        ours = run(f"{intake_url}/v1/complaints", key, bodies, seconds=args.seconds, connections=c)
        report("baseline (one INSERT)", base)
        report("intake POST /v1/complaints", ours)
        print(
            f"  {'ratio intake / baseline':<28} {ours.rps / base.rps:8.2f} x       p50 "
            f"{ours.p50_ms / base.p50_ms:7.2f} x       p99 {ours.p99_ms / base.p99_ms:7.2f} x"
        )
        posted = asyncio.run(complaint_ids(postgres.url()))
        spent_before = processes.cpu_by_process(stack)
        rate, first = asyncio.run(drain(kafka.bootstrap_servers, stack, posted))
        spent_after = processes.cpu_by_process(stack)
        print(
            f"Pipeline, backlog of {len(posted)} through routing and follow-up "
            f"to callback.scheduled: {rate:.0f} complaints/s once flowing "
            f"(the six background processes started together: first one after {first:.1f} s)"
        )
        processes.report_cost(spent_before, spent_after, len(posted))
        asyncio.run(wait_quiet(postgres.url(), len(posted)))
        pace = args.rate or rate / 2
        e2e, went_at = asyncio.run(
            paced(intake_url, key, bodies, args.paced, pace, kafka.bootstrap_servers)
        )
        print(
            f"End to end, 202 -> callback.scheduled seen on Kafka ({len(e2e)}/{args.paced} "
            f"posts at {went_at:.0f}/s{'' if args.rate else ', half the drain rate'}): "
            f"p50 {pct(e2e, 50):.0f} ms   p99 {pct(e2e, 99):.0f} ms"
        )
        stack.start_all(tuple(r for r in ROLES if r not in stack.processes))
        # Idle means idle: the dispatcher first sends what the backlog made due.
        sent = asyncio.run(
            wait_until(postgres.url(), UNSENT, lambda n: n == 0, "messages still unsent")
        )
        print(f"Messages that fell due sent by the dispatcher within {sent:.0f} s")
        processes.report(processes.measure(stack, ROLES))
    finally:
        if baseline is not None:
            baseline.terminate()
            baseline.wait()
        stack.stop_all()
        kafka.destroy()
        postgres.destroy()


if __name__ == "__main__":
    main()

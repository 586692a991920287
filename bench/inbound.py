"""`make bench-inbound`: what a gateway's message costs at intake on PostgreSQL, through the
same in-process API: a Standard-Webhooks-signed message, a Twilio-signed SMS, and an SMS
threaded into its complaint by reference, against posting the same complaint as JSON with an
API key (the baseline) in the same run. Figures only."""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import httpx
from pydantic import SecretStr
from standardwebhooks.webhooks import Webhook
from twilio.request_validator import RequestValidator

from bench.pipeline import pct
from devtools.postgres import start_cluster
from shared.auth.integrations import IntegrationStore
from shared.auth.sealing import new_key
from shared.clock import FixedClock
from shared.db.migrate import upgrade
from shared.runtime import key_store, secret_box
from shared.settings import TousuSettings
from shared.web.app import create_api
from tousu.registry import SERVICES

TEXT = "宽带断网三天，报修后一直没人上门处理，请尽快解决。"
TWILIO_URL = "http://bench/v1/inbound/twilio/tw"
TWILIO_TOKEN = "bench-auth-token"  # noqa: S105 - a throwaway test integration's


async def timed(n: int, post: Callable[[int], Awaitable[httpx.Response]]) -> list[float]:
    took = []
    for i in range(n):
        started = time.perf_counter()
        answer = await post(i)
        took.append(time.perf_counter() - started)
        assert answer.is_success, answer.text  # noqa: S101
    return took


async def main(n: int) -> None:
    cluster = start_cluster()
    try:
        cluster.create_database("bench_inbound")
        url = cluster.url("bench_inbound")
        await upgrade(url)
        clock = FixedClock(datetime.now(UTC))
        _, intake = SERVICES["intake"].create(clock, database_url=url)
        access = TousuSettings(database_url=url, secret_key=SecretStr(new_key()))
        keys = key_store(access, clock)
        _, key = await keys.create("bench", ("admin",))

        async def ready() -> bool:
            return True

        app = create_api([intake], keys, secret_box(access), title="bench", broker_check=ready)
        store: IntegrationStore = app.state.integrations
        secret = (await store.create("portal", "standard", rate_per_minute=10**6)).secret
        await store.create(
            "tw", "twilio", secret=TWILIO_TOKEN, rate_per_minute=10**6, public_url=TWILIO_URL
        )
        refs: list[str] = []
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://bench"
        ) as client:

            async def as_json(i: int) -> httpx.Response:
                sender = {"message_id": f"j{i}", "sender_address": f"137{i:08d}"}
                body = {
                    "channel": "sms",
                    "customer": {"name": "客户"},
                    "text": TEXT,
                    "details": sender,
                }
                return await client.post("/v1/complaints", json=body, headers={"X-API-Key": key})

            async def standard(i: int) -> httpx.Response:
                body = json.dumps(
                    {"channel": "sms", "sender": f"138{i:08d}", "text": TEXT}, ensure_ascii=False
                )
                signature = Webhook(secret).sign(f"s{i}", clock.now(), body)
                headers = {
                    "webhook-id": f"s{i}",
                    "webhook-signature": signature,
                    "webhook-timestamp": str(int(clock.now().timestamp())),
                }
                return await client.post(
                    "/v1/inbound/webhooks/portal", content=body.encode(), headers=headers
                )

            async def twilio(i: int, text: str = TEXT, sid: str = "t") -> httpx.Response:
                form = {"MessageSid": f"{sid}{i}", "From": f"+86139{i:08d}", "Body": text}
                signature = RequestValidator(TWILIO_TOKEN).compute_signature(TWILIO_URL, form)
                answer = await client.post(
                    TWILIO_URL, data=form, headers={"X-Twilio-Signature": signature}
                )
                return answer

            async def reply(i: int) -> httpx.Response:
                return await twilio(i, f"投诉编号{refs[i]}：今天还是没有网络", "r")

            baseline = await timed(n, as_json)
            signed = await timed(n, standard)
            sms = await timed(n, twilio)
            listed = await client.get(
                "/v1/complaints",
                params={"channel": "sms", "limit": 200},
                headers={"X-API-Key": key},
            )
            by_phone = {
                c["details"]["sender_address"]: c["reference"] for c in listed.json()["items"]
            }
            refs = [by_phone.get(f"+86139{i:08d}", "") for i in range(n)]
            threaded = await timed(min(n, sum(1 for r in refs if r)), reply)
        await intake.close()
        await keys.close()
    finally:
        cluster.destroy()
    print(f"{n} messages each, PostgreSQL, in-process API")
    base = pct(baseline, 50)
    for name, took in [
        ("JSON + API key (baseline)", baseline),
        ("Standard Webhooks", signed),
        ("Twilio SMS", sms),
        ("SMS threaded by reference", threaded),
    ]:
        print(
            f"{name:<27} p50 {pct(took, 50):6.2f} ms  p99 {pct(took, 99):6.2f} ms"
            f"  {pct(took, 50) / base:5.2f}×"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=200)
    asyncio.run(main(parser.parse_args().messages))

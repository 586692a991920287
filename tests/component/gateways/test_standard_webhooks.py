"""Any other gateway, signed with Standard Webhooks (signed here with the scheme's reference
library), and the credentials around every integration: rotation with a grace period, rate
limits, and refusals counted in /metrics."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import httpx
from standardwebhooks.webhooks import Webhook

from shared.clock import FixedClock
from tests.component.gateways.test_sms_webhooks import integrations
from tests.system import System


def standard_signed(
    secret: str, body: str, clock: FixedClock, msg_id: str = "msg_1", age: timedelta = timedelta()
) -> dict[str, str]:
    sent = clock.now() - age
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(sent.timestamp())),
        "webhook-signature": Webhook(secret).sign(msg_id, sent, body),
        "content-type": "application/json",
    }


def web_message(**extra: Any) -> str:
    return json.dumps(
        {
            "channel": "web",
            "sender": "zhou.min@mail.example",
            "sender_name": "周敏",
            "text": "网上商城订单迟迟不发货",
            **extra,
        },
        ensure_ascii=False,
    )


async def post(client: httpx.AsyncClient, body: str, headers: dict[str, str]) -> httpx.Response:
    return await client.post("/v1/inbound/webhooks/portal", content=body.encode(), headers=headers)


async def test_a_standard_webhook_is_verified_and_a_redelivery_changes_nothing(
    system: System, clock: FixedClock
) -> None:
    made = await integrations(system).create("portal", "standard")
    body = web_message()
    async with await system.client("complaints:read") as client:
        first = await post(client, body, standard_signed(made.secret, body, clock))
        again = await post(client, body, standard_signed(made.secret, body, clock))
        tampered = await post(
            client, web_message(text="改了"), standard_signed(made.secret, body, clock, "msg_2")
        )
        stale = await post(
            client, body, standard_signed(made.secret, body, clock, "msg_3", timedelta(minutes=6))
        )
        found = (await client.get("/v1/complaints?email=zhou.min@mail.example")).json()["items"]
    assert first.status_code == 200, first.json()
    assert first.json()["duplicate"] is False
    assert again.json() == {**first.json(), "duplicate": True}
    assert (tampered.status_code, tampered.json()["code"]) == (401, "bad_signature")
    assert (stale.status_code, stale.json()["code"]) == (401, "stale_timestamp")
    assert len(found) == 1 and found[0]["channel"] == "web"


async def test_a_rotated_secret_keeps_working_for_its_grace_period_only(
    system: System, clock: FixedClock
) -> None:
    store = integrations(system)
    old = (await store.create("portal", "standard")).secret
    new = (await store.rotate("portal", timedelta(hours=1))).secret
    async with await system.client() as client:
        with_new = await post(
            client, b := web_message(message_id="a"), standard_signed(new, b, clock, "m1")
        )
        with_old = await post(
            client, b := web_message(message_id="b"), standard_signed(old, b, clock, "m2")
        )
        clock.advance(timedelta(hours=1, seconds=1))
        too_late = await post(
            client, b := web_message(message_id="c"), standard_signed(old, b, clock, "m3")
        )
    assert (with_new.status_code, with_old.status_code) == (200, 200)
    assert (too_late.status_code, too_late.json()["code"]) == (401, "bad_signature")


async def test_over_the_rate_limit_is_refused_with_retry_after_and_counted(
    system: System, clock: FixedClock
) -> None:
    made = await integrations(system).create("portal", "standard", rate_per_minute=2)
    async with await system.client("metrics:read") as client:
        answers = [
            await post(
                client,
                b := web_message(message_id=f"r{i}"),
                standard_signed(made.secret, b, clock, f"r{i}"),
            )
            for i in range(3)
        ]
        metrics = (await client.get("/metrics")).text
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert (
        answers[2].json()["code"] == "rate_limited" and int(answers[2].headers["retry-after"]) > 0
    )
    assert 'tousu_refusals_total{credential="portal",reason="rate_limited"}' in metrics


async def test_an_api_key_has_its_own_rate_limit_and_rotates_with_a_grace_period(
    system: System, clock: FixedClock
) -> None:
    info, raw = await system.keys.create("call-centre", ["complaints:read"], rate_per_minute=1)
    rotated = await system.keys.rotate(info.id, timedelta(minutes=30))
    assert rotated is not None
    new_info, new_raw = rotated
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=system.app), base_url="http://test"
    ) as client:
        old_ok = await client.get("/v1/complaints", headers={"X-API-Key": raw})
        old_limited = await client.get("/v1/complaints", headers={"X-API-Key": raw})
        new_ok = await client.get("/v1/complaints", headers={"X-API-Key": new_raw})
        clock.advance(timedelta(minutes=31))
        system.keys.forget()
        old_expired = await client.get("/v1/complaints", headers={"X-API-Key": raw})
    assert (new_info.scopes, new_info.rate_per_minute) == (("complaints:read",), 1)
    assert (old_ok.status_code, new_ok.status_code) == (200, 200)
    assert (old_limited.status_code, old_limited.json()["code"]) == (429, "rate_limited")
    assert (old_expired.status_code, old_expired.json()["code"]) == (401, "unauthenticated")

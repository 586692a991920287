"""Twilio and Aliyun SMS pushes: signed (or path-secret) requests per each provider's scheme,
signed here with Twilio's own library; every bad one refused with nothing stored."""

from __future__ import annotations

from typing import Any

import httpx
from twilio.request_validator import RequestValidator

from shared.auth.integrations import IntegrationStore
from tests.system import System

TOKEN = "twilio-auth-token-0123456789abcdef"
URL = "https://complaints.example.com/v1/inbound/twilio/tw"


def twilio_form(body: str, sid: str = "SM0001", sender: str = "+8613800138000") -> dict[str, str]:
    return {
        "MessageSid": sid,
        "SmsMessageSid": sid,
        "AccountSid": "AC1",
        "From": sender,
        "To": "+8610690000",
        "Body": body,
        "NumMedia": "0",
    }


def signed(form: dict[str, str], token: str = TOKEN) -> dict[str, str]:
    return {"X-Twilio-Signature": RequestValidator(token).compute_signature(URL, form)}


def integrations(system: System) -> IntegrationStore:
    store: IntegrationStore = system.app.state.integrations
    return store


async def complaints_of(client: httpx.AsyncClient, phone: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = (await client.get(f"/v1/complaints?phone={phone}")).json()[
        "items"
    ]
    return items


async def test_a_signed_twilio_sms_registers_a_complaint_and_gets_empty_twiml(
    system: System,
) -> None:
    await integrations(system).create("tw", "twilio", secret=TOKEN, public_url=URL)
    form = twilio_form("快递三天没送到，客服电话打不通")
    async with await system.client("complaints:read") as client:
        answer = await client.post("/v1/inbound/twilio/tw", data=form, headers=signed(form))
        again = await client.post("/v1/inbound/twilio/tw", data=form, headers=signed(form))
        found = await complaints_of(client, "+8613800138000")
    assert answer.status_code == 200 and "<Response></Response>" in answer.text
    assert answer.headers["content-type"].startswith("application/xml")
    assert again.status_code == 200  # Twilio retrying: the same MessageSid is not stored twice
    assert len(found) == 1 and found[0]["channel"] == "sms"
    assert found[0]["details"]["gateway"] == "tw" and found[0]["details"]["message_id"] == "SM0001"


async def test_tampered_unsigned_and_wrongly_keyed_twilio_requests_are_refused(
    system: System,
) -> None:
    await integrations(system).create("tw", "twilio", secret=TOKEN, public_url=URL)
    form = twilio_form("原文")
    async with await system.client("complaints:read") as client:
        tampered = await client.post(
            "/v1/inbound/twilio/tw", headers=signed(form), data={**form, "Body": "改过的内容"}
        )
        unsigned = await client.post("/v1/inbound/twilio/tw", data=form)
        wrong_key = await client.post(
            "/v1/inbound/twilio/tw", data=form, headers=signed(form, "another-token")
        )
        unknown = await client.post("/v1/inbound/twilio/nobody", data=form, headers=signed(form))
        found = await complaints_of(client, "+8613800138000")
        metrics = (await client.get("/metrics")).status_code
    for refused in (tampered, unsigned, wrong_key):
        assert (refused.status_code, refused.json()["code"]) == (401, "bad_signature")
    assert (unknown.status_code, unknown.json()["code"]) == (404, "unknown_integration")
    assert found == [] and metrics == 403  # metrics need metrics:read


async def test_twilio_signs_with_sha256_when_a_shared_key_is_configured(system: System) -> None:
    await integrations(system).create("tw", "twilio", secret=TOKEN, public_url=URL)
    form = twilio_form("signed with HMAC-SHA256")
    signature = RequestValidator(TOKEN).compute_signature(URL, form, "HMAC_SHA256")
    settings = "key=webhooks_sharedkey_1,algorithm=HMAC_SHA256"
    headers = {"X-Twilio-Signature": signature, "X-Twilio-Webhooks-Signature-Settings": settings}
    async with await system.client() as client:
        answer = await client.post("/v1/inbound/twilio/tw", data=form, headers=headers)
    assert answer.status_code == 200


def uplink(
    seq: int, content: str, phone: str = "13900139000", at: str = "2026-11-23 10:00:00"
) -> dict[str, Any]:
    return {
        "phone_number": phone,
        "content": content,
        "send_time": at,
        "dest_code": "1069",
        "sequence_id": seq,
    }


async def test_an_aliyun_push_joins_the_parts_of_a_long_sms_and_answers_as_aliyun_expects(
    system: System,
) -> None:
    made = await integrations(system).create("ali", "aliyun", allowed_networks=("127.0.0.1/32",))
    push = [
        uplink(11, "我在贵行办理的信用卡被重复扣取年费，"),
        uplink(12, "已经打了三次电话都没有解决，请尽快退还。", at="2026-11-23 10:00:02"),
        uplink(13, "燃气费账单有误", phone="13700137000"),
    ]
    path = f"/v1/inbound/aliyun/ali/{made.secret}"
    async with await system.client("complaints:read") as client:
        answer = await client.post(path, json=push)
        redelivered = await client.post(path, json=push)
        first = await complaints_of(client, "13900139000")
        second = await complaints_of(client, "13700137000")
    assert answer.json() == {"code": 0, "msg": "接收成功"} and redelivered.json()["code"] == 0
    assert len(first) == 1 and len(second) == 1
    assert (
        first[0]["text"]
        == "我在贵行办理的信用卡被重复扣取年费，已经打了三次电话都没有解决，请尽快退还。"
    )
    assert first[0]["received_at"].startswith("2026-11-23T02:00:00")  # Beijing time, as UTC


async def test_an_aliyun_push_with_a_wrong_path_or_from_elsewhere_is_refused(
    system: System,
) -> None:
    made = await integrations(system).create("ali", "aliyun", allowed_networks=("10.0.0.0/8",))
    await integrations(system).create("open", "aliyun")
    async with await system.client("complaints:read") as client:
        elsewhere = await client.post(
            f"/v1/inbound/aliyun/ali/{made.secret}", json=[uplink(1, "x")]
        )
        wrong = await client.post("/v1/inbound/aliyun/open/guessed", json=[uplink(2, "y")])
        found = await complaints_of(client, "13900139000")
    assert (elsewhere.status_code, elsewhere.json()["code"]) == (403, "address_not_allowed")
    assert (wrong.status_code, wrong.json()["code"]) == (401, "bad_signature")
    assert found == []


async def test_a_twilio_mms_photo_without_words_and_an_empty_uplink_are_taken_calmly(
    system: System,
) -> None:
    await integrations(system).create("tw", "twilio", secret=TOKEN, public_url=URL)
    made = await integrations(system).create("ali", "aliyun")
    form = twilio_form("", "MM0001") | {
        "NumMedia": "1",
        "MediaUrl0": "https://api.twilio.com/media/ME1",
        "MediaContentType0": "image/jpeg",
    }
    async with await system.client("complaints:read") as client:
        photo = await client.post("/v1/inbound/twilio/tw", data=form, headers=signed(form))
        empty = await client.post(f"/v1/inbound/aliyun/ali/{made.secret}", json=[uplink(7, " ")])
        found = await complaints_of(client, "+8613800138000")
    assert photo.status_code == 200 and empty.json()["code"] == 0
    assert found[0]["details"]["media"] == ["https://api.twilio.com/media/ME1"]
    assert found[0]["text"] == "[https://api.twilio.com/media/ME1]"

"""A customer's SMS or e-mail about an open complaint joins it instead of opening another."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx

from services.followup.outbound.transports import Outgoing, thread_message_id
from shared.clock import FixedClock
from tests.builders import complaint, customer
from tests.component.gateways.test_sms_webhooks import TOKEN, URL, integrations, signed, twilio_form
from tests.system import System

MAIL = Path(__file__).parents[2] / "fixtures" / "mail"
PHONE = "+8613800138000"


async def sms(client: httpx.AsyncClient, body: str, sid: str, sender: str = PHONE) -> Any:
    form = twilio_form(body, sid, sender)
    assert (await client.post("/v1/inbound/twilio/tw", data=form, headers=signed(form))).is_success


async def cases(client: httpx.AsyncClient, phone: str = PHONE) -> list[dict[str, Any]]:
    items = (await client.get(f"/v1/complaints?phone={phone}")).json()["items"]
    return [(await client.get(f"/v1/complaints/{c['id']}")).json() for c in items]


async def test_a_second_sms_quoting_the_reference_joins_the_complaint(system: System) -> None:
    await integrations(system).create("tw", "twilio", secret=TOKEN, public_url=URL)
    async with await system.client("complaints:read", "complaints:write") as client:
        await sms(client, "宽带断网三天了，报修没人来", "SM1")
        await system.drain()
        (first,) = await cases(client)
        await sms(client, f"关于{first['reference']}：今天还是没有网络", "SM2")
        await system.drain()
        (case,) = await cases(client)
    assert [m["kind"] for m in case["messages"]] == ["complaint", "reply"]
    assert case["messages"][1]["text"] == f"关于{first['reference']}：今天还是没有网络"
    assert case["text"].endswith("今天还是没有网络")
    updated = [e for e in case["timeline"] if e["type"] == "complaint.updated"]
    assert updated and updated[0]["data"]["via"] == "sms"


async def test_an_email_answering_our_acknowledgment_joins_by_its_in_reply_to(
    system: System,
) -> None:
    async with await system.client("complaints:read", "complaints:write") as client:
        posted = (
            await client.post(
                "/v1/complaints",
                json={
                    "channel": "web",
                    "customer": {"name": "Sam", "email": "sam.taylor@gmail.example"},
                    "text": "I was charged twice for one purchase.",
                    "details": {
                        "message_id": "web-1",
                        "sender_address": "sam.taylor@gmail.example",
                    },
                },
            )
        ).json()
        ours = thread_message_id(
            Outgoing(uuid4(), "email", "sam.taylor@gmail.example", "Ack", "...", posted["id"]),
            "service@bank.example",
        )
        raw = (MAIL / "gmail_reply_with_attachments.eml").read_bytes()
        raw = raw.replace(b"tousu.{complaint}.{message}@bank.example", ours.strip("<>").encode())
        raw = raw.replace(b"TS-2026-000001", b"TS-2026-999999")  # only the header can match
        answer = (
            await client.post(
                "/v1/inbound/email", content=raw, headers={"Content-Type": "message/rfc822"}
            )
        ).json()
        case = (await client.get(f"/v1/complaints/{posted['id']}")).json()
    assert (answer["complaint_id"], answer["recorded_as"]) == (posted["id"], "reply")
    assert case["messages"][1]["subject"].startswith("Re: We have received")
    assert {a["filename"] for a in case["attachments"]} == {"收据.pdf", "original.eml"}


async def test_a_reference_from_someone_else_or_a_settled_case_opens_a_new_complaint(
    system: System,
) -> None:
    await integrations(system).create("tw", "twilio", secret=TOKEN, public_url=URL)
    async with await system.client("complaints:read", "complaints:write") as client:
        await sms(client, "物业乱收费", "SM1", "+8613700137000")
        (theirs,) = await cases(client, "+8613700137000")
        await sms(client, f"{theirs['reference']} 我也遇到同样问题", "SM2")
        await sms(client, "燃气表读数不对", "SM3", "+8613600136000")
        (mine,) = await cases(client, "+8613600136000")
        await client.post(f"/v1/complaints/{mine['id']}/withdraw", json={"reason": "已解决"})
        await sms(client, f"{mine['reference']} 又出问题了", "SM4", "+8613600136000")
        after = await cases(client, "+8613600136000")
        assert len(await cases(client, "+8613700137000")) == 1
    assert len(await cases_of(system, PHONE)) == 1  # a complaint of their own
    newest = after[0]
    assert (
        newest["id"] != mine["id"] and newest["details"]["related_reference"] == mine["reference"]
    )


async def cases_of(system: System, phone: str) -> list[dict[str, Any]]:
    async with await system.client("complaints:read") as client:
        return await cases(client, phone)


async def test_a_sender_with_one_open_complaint_is_threaded_within_the_window_only(
    system: System, clock: FixedClock
) -> None:
    await integrations(system).create("tw", "twilio", secret=TOKEN, public_url=URL)
    async with await system.client("complaints:read", "complaints:write") as client:
        await sms(client, "手机信号差，投诉基站", "SM1")
        clock.advance(timedelta(hours=5))
        await sms(client, "补充：在朝阳区望京", "SM2")
        clock.advance(timedelta(hours=80))
        await sms(client, "另外电费账单也不对", "SM3")
        clock.advance(timedelta(hours=1))
        await sms(client, "电费是上个月的", "SM4")  # only the newer one heard from them lately
        await client.post("/v1/complaints", json=complaint(customer=customer(phone=PHONE)))
        await sms(client, "请回电", "SM5")  # two recent open complaints: not guessed
        found = await cases(client)
    assert [len(c["messages"]) for c in found] == [1, 1, 2, 2]  # newest first


async def test_an_sms_without_a_sender_name_keeps_the_customers_name(system: System) -> None:
    await integrations(system).create("tw", "twilio", secret=TOKEN, public_url=URL)
    async with await system.client("admin") as client:
        known = complaint("phone", customer=customer(name="王丽", phone=PHONE))
        await client.post("/v1/complaints", json=known)
        await system.drain()
        await sms(client, "另外，我家的热水器又坏了，师傅一直没来", "SM-name")
        await system.drain()
        popped = (await client.get(f"/v1/callers/{PHONE}")).json()
    assert popped["customer"]["name"] == "王丽"
    assert len(popped["open_complaints"]) == 2  # another matter: its own complaint

"""Mailgun's inbound route (HMAC-SHA256 over timestamp and token, single-use tokens, replay
window) and the raw e-mail endpoint, with real MIME samples."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path
from typing import Any

from shared.clock import FixedClock
from tests.component.gateways.test_sms_webhooks import integrations
from tests.system import System

KEY = "key-mailgun-signing-0123456789"
MAIL = Path(__file__).parents[2] / "fixtures" / "mail"


def mailgun_signed(clock: FixedClock, key: str = KEY, age: int = 0) -> dict[str, str]:
    """As Mailgun documents it: hex HMAC-SHA256 of timestamp + token with the signing key."""
    timestamp, token = str(int(clock.now().timestamp()) - age), secrets.token_hex(25)
    digest = hmac.new(key.encode(), (timestamp + token).encode(), hashlib.sha256).hexdigest()
    return {"timestamp": timestamp, "token": token, "signature": digest}


def mailgun_form(text: str, message_id: str = "<20261123.1@mail.example>") -> dict[str, str]:
    return {
        "recipient": "service@bank.example",
        "sender": "zhao.lei@mail.example",
        "from": "Zhao Lei <zhao.lei@mail.example>",
        "subject": "信用卡年费重复收取",
        "body-plain": text + "\n\n> 之前的邮件",
        "Message-Id": message_id,
        "message-headers": '[["Message-Id", "' + message_id + '"]]',
    }


async def emails(system: System, address: str) -> list[dict[str, Any]]:
    async with await system.client("complaints:read") as client:
        found: list[dict[str, Any]] = (await client.get(f"/v1/complaints?email={address}")).json()[
            "items"
        ]
    return found


async def test_a_signed_mailgun_post_registers_the_mail_with_its_attachment(
    system: System, clock: FixedClock
) -> None:
    await integrations(system).create("mg", "mailgun", secret=KEY)
    receipt = ("receipt.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, "image/png")
    async with await system.client("complaints:read") as client:
        answer = await client.post(
            "/v1/inbound/mailgun/mg",
            data=mailgun_form("年费被扣了两次。") | mailgun_signed(clock),
            files={"attachment-1": receipt},
        )
        case = (await client.get(f"/v1/complaints/{answer.json()['complaint_id']}")).json()
        png = await client.get(
            f"/v1/complaints/{case['id']}/attachments/{case['attachments'][0]['id']}"
        )
    assert answer.status_code == 200 and answer.json()["recorded_as"] == "complaint"
    assert case["text"] == "信用卡年费重复收取\n\n年费被扣了两次。"
    assert (
        case["channel"] == "email" and case["details"]["sender_address"] == "zhao.lei@mail.example"
    )
    assert [(a["filename"], a["size"]) for a in case["attachments"]] == [("receipt.png", 72)]
    assert png.content == receipt[1] and png.headers["content-type"] == "image/png"
    assert png.headers["content-disposition"].startswith("attachment;")


async def test_tampered_stale_and_replayed_mailgun_posts_are_refused_and_store_nothing(
    system: System, clock: FixedClock
) -> None:
    await integrations(system).create("mg", "mailgun", secret=KEY)
    good = mailgun_signed(clock)
    async with await system.client() as client:
        tampered = await client.post(
            "/v1/inbound/mailgun/mg",
            data=mailgun_form("x")
            | {**good, "signature": mailgun_signed(clock, key="guessed")["signature"]},
        )
        stale = await client.post(
            "/v1/inbound/mailgun/mg", data=mailgun_form("x") | mailgun_signed(clock, age=3600)
        )
        first = await client.post("/v1/inbound/mailgun/mg", data=mailgun_form("y") | good)
        replayed = await client.post(
            "/v1/inbound/mailgun/mg",
            data=mailgun_form("z", "<other@mail.example>") | good,
        )
    assert (tampered.status_code, tampered.json()["code"]) == (401, "bad_signature")
    assert (stale.status_code, stale.json()["code"]) == (401, "stale_timestamp")
    assert first.status_code == 200
    assert (replayed.status_code, replayed.json()["code"]) == (409, "replayed")
    assert len(await emails(system, "zhao.lei@mail.example")) == 1


async def test_a_raw_gbk_mail_posted_by_a_mail_server_becomes_a_chinese_complaint(
    system: System,
) -> None:
    raw = (MAIL / "foxmail_gbk.eml").read_bytes()
    headers = {"Content-Type": "message/rfc822"}
    async with await system.client("complaints:write", "complaints:read") as client:
        answer = await client.post("/v1/inbound/email", content=raw, headers=headers)
        again = await client.post("/v1/inbound/email", content=raw, headers=headers)
        case = (await client.get(f"/v1/complaints/{answer.json()['complaint_id']}")).json()
        not_mail = await client.post("/v1/inbound/email", content=b"hello", headers=headers)
    assert answer.json()["recorded_as"] == "complaint" and again.json()["duplicate"] is True
    assert case["text"].startswith("关于朱镕基路分行重复扣款\n\n您好：")
    assert case["language"] == "zh" and case["messages"][0]["sender"] == "lizhe@qq.example"
    assert [a["filename"] for a in case["attachments"]] == ["original.eml"]
    assert (not_mail.status_code, not_mail.json()["code"]) == (400, "invalid_email")


async def test_a_disallowed_attachment_is_refused_but_the_mail_is_kept(system: System) -> None:
    raw = (MAIL / "gmail_reply_with_attachments.eml").read_bytes()
    async with await system.client("complaints:write", "complaints:read") as client:
        answer = await client.post(
            "/v1/inbound/email", content=raw, headers={"Content-Type": "message/rfc822"}
        )
        case = (await client.get(f"/v1/complaints/{answer.json()['complaint_id']}")).json()
    assert sorted(a["filename"] for a in case["attachments"]) == ["original.eml", "收据.pdf"]
    assert case["details"]["refused_attachments"] == [
        {"filename": "invoice.exe", "reason": "type_not_allowed"}
    ]

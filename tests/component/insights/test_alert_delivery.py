"""A new alert reaches people: a webhook signed the Standard Webhooks way (retried when the
endpoint fails) and an e-mail in Chinese and English, through a real local HTTP endpoint and
a real local SMTP server."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from shared.clock import FixedClock
from shared.webhooks import standard_signature
from tests.component.insights.archive import fold
from tests.component.insights.test_early_warning import QUIET_DAYS
from tests.mailbox import Mailbox
from tests.system import System

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


class Endpoint:
    """A webhook receiver on loopback answering the statuses it is given, then 200."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = statuses
        self.received: list[tuple[dict[str, str], bytes]] = []

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode()
        lines = head.split("\r\n")[1:]
        headers = {k.lower(): v for k, v in (line.split(": ", 1) for line in lines if line)}
        body = await reader.readexactly(int(headers.get("content-length", "0")))
        self.received.append((headers, body))
        status = self.statuses.pop(0) if self.statuses else 200
        writer.write(f"HTTP/1.1 {status} X\r\ncontent-length: 0\r\n\r\n".encode())
        await writer.drain()
        writer.close()


@pytest.fixture
async def endpoint() -> AsyncIterator[tuple[Endpoint, int]]:
    receiver = Endpoint([503])
    server = await asyncio.start_server(receiver.handle, "127.0.0.1", 0)
    yield receiver, server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()


@pytest.fixture
async def system(
    database_url: str,
    clock: FixedClock,
    mailbox: tuple[Mailbox, int],
    endpoint: tuple[Endpoint, int],
) -> AsyncIterator[System]:
    built = System(
        database_url,
        clock,
        extra_settings={
            "alert_webhook_url": f"http://127.0.0.1:{endpoint[1]}/hooks/tousu",
            "alert_webhook_secret": SECRET,
            "alert_emails": "quality@example.cn, ops@example.cn",
            "smtp_host": "127.0.0.1",
            "smtp_port": mailbox[1],
            "smtp_starttls": False,
            # The surge's deliveries are the point: its words make no topic of their own here.
            "topic_min_count": 1_000_000,
        },
    )
    await built.start()
    yield built
    await built.close()


async def test_a_new_alert_is_mailed_and_posted_signed_and_a_failed_post_is_retried(
    system: System, mailbox: tuple[Mailbox, int], endpoint: tuple[Endpoint, int]
) -> None:
    quiet = [2 + day % 3 for day in range(QUIET_DAYS)]
    await fold(system, "billing", [15, 14, 16], "信用卡年费被重复扣除")
    await fold(system, "billing", [0, 0, 0] + quiet[3:], "账单金额不对")
    detector = system.services["insights"].periodic
    assert detector is not None
    # Billing's surge (the phone channel's is the same complaints: told once), to three
    # recipients.
    assert await detector() == 1
    box, receiver = mailbox[0], endpoint[0]
    assert sorted(m["To"] for m in box.received) == ["ops@example.cn", "quality@example.cn"]
    billing = box.received[0]
    assert "投诉异常升高" in billing["Subject"] and "Complaints surge" in billing["Subject"]
    text = billing.get_content()
    assert "年费" in text and "expected about" in text
    assert len(receiver.received) == 1  # refused with 503: to be retried
    await detector()
    assert len(receiver.received) == 1  # not due yet
    system.clock.advance(timedelta(minutes=2))
    await detector()
    assert len(receiver.received) == 2 and len(box.received) == 2
    first, again = (headers["webhook-id"] for headers, _ in receiver.received)
    assert first == again
    for headers, body in receiver.received:
        expected = standard_signature(
            SECRET, headers["webhook-id"], headers["webhook-timestamp"], body
        )
        assert headers["webhook-signature"] == expected
        event = json.loads(body)
        assert event["type"] == "insight.deviation_detected"
        assert event["data"]["observed"] >= 30

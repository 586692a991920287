"""E-mail through a real (local) SMTP server: the survey goes out, and the customer's reply
to it reaches intake's e-mail channel as the survey's answer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from shared.clock import FixedClock
from tests.builders import complaint, customer
from tests.component.followup.test_callbacks import (
    call,
    followup,
    resolved_case,
    satisfaction_callback,
)
from tests.mailbox import Mailbox
from tests.system import System


@pytest.fixture
async def system(
    database_url: str, clock: FixedClock, mailbox: tuple[Mailbox, int], tmp_path: Path
) -> AsyncIterator[System]:
    built = System(
        database_url,
        clock,
        extra_settings={
            "smtp_host": "127.0.0.1",
            "smtp_port": mailbox[1],
            "smtp_starttls": False,
            "mail_from": "kefu@tousu.example",
            "spool_dir": str(tmp_path / "spool"),
        },
    )
    await built.start()
    yield built
    await built.close()


async def test_after_a_wrong_number_the_survey_goes_by_email_and_its_reply_closes_the_case(
    system: System, clock: FixedClock, mailbox: tuple[Mailbox, int]
) -> None:
    address = "wang.li@example.cn"
    case = await resolved_case(system, "+8613912340101", email=address)
    callback = await satisfaction_callback(system, case)
    clock.set(datetime.fromisoformat(callback["scheduled_for"]))
    agent = await system.staff("wu", "callback_agent")
    assert (await call(agent, callback["id"], "wrong_number")).json()["channel"] == "email"
    await followup(system).dispatcher.run_once()
    await system.drain()
    [mail] = mailbox[0].received
    assert mail["To"] == address and "请评价投诉处理结果" in str(mail["Subject"])
    assert "5非常满意" in mail.get_content()

    reply: dict[str, Any] = complaint(
        "email",
        text="非常满意",
        customer=customer(name="王丽", phone=None, email=address),
        details={"message_id": "<reply-1@example.cn>", "sender_address": address},
    )
    async with await system.client("complaints:write", "complaints:read") as client:
        answered = (await client.post("/v1/complaints", json=reply)).json()
        assert (answered["id"], answered["recorded_as"]) == (case, "survey_reply")
        replayed = (await client.post("/v1/complaints", json=reply)).json()
        assert (replayed["id"], replayed["recorded_as"]) == (case, "survey_reply")
        await system.drain()
        assert (await client.get(f"/v1/complaints/{case}")).json()["status"] == "closed"

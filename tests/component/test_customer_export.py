"""`tousu customers export`: everything kept about one customer, from every service."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from shared.clock import FixedClock
from tests.builders import complaint, customer
from tests.conftest import MONDAY_MORNING
from tests.system import System
from tousu.cli import main

PHONE = "13911112222"


async def a_customer_with_a_routed_complaint(url: str) -> None:
    system = System(url, FixedClock(MONDAY_MORNING))
    try:
        await system.start()
        body = complaint(
            text="宽带每天晚上八点以后就断网，打客服电话也没人处理，已经一个星期了",
            customer=customer(name="林晓", phone=PHONE),
        )
        async with await system.client("complaints:write") as client:
            await client.post("/v1/complaints", json=body)
        await system.drain()
    finally:
        await system.close()


def test_an_export_holds_the_customer_their_complaints_case_and_contacts(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    asyncio.run(a_customer_with_a_routed_complaint(sqlite_url))
    monkeypatch.setenv("TOUSU_DATABASE_URL", sqlite_url)
    out = tmp_path / "export.json"
    assert main(["customers", "export", "--phone", PHONE, "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["customer"]["name"] == "林晓" and data["customer"]["phone"] == "+86" + PHONE
    assert [c["text"] for c in data["complaints"]] == [
        "宽带每天晚上八点以后就断网，打客服电话也没人处理，已经一个星期了"
    ]
    assert len(data["cases"]) == 1 and data["callbacks"][0]["purpose"] == "acknowledgment"
    assert main(["customers", "export", "--email", "nobody@example.cn"]) == 1

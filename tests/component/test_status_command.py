"""`tousu status`: an operator's first look, from the databases."""

from __future__ import annotations

import asyncio
import json

import pytest

from shared.clock import FixedClock
from tests.builders import complaint
from tests.conftest import MONDAY_MORNING
from tests.system import System
from tousu.cli import main


async def a_complaint_not_yet_relayed(url: str) -> None:
    system = System(url, FixedClock(MONDAY_MORNING))
    try:
        await system.start()
        async with await system.client("complaints:write") as client:
            await client.post("/v1/complaints", json=complaint())
    finally:
        await system.close()


def test_status_shows_the_outbox_waiting_and_its_age(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    asyncio.run(a_complaint_not_yet_relayed(sqlite_url))
    monkeypatch.setenv("TOUSU_DATABASE_URL", sqlite_url)
    assert main(["status", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["intake"]["outbox_backlog"] == 1
    assert found["intake"]["outbox_oldest_seconds"] > 0  # posted at the test clock's Monday
    assert found["routing"] == {
        "outbox_backlog": 0,
        "outbox_oldest_seconds": 0.0,
        "dead_letters": 0,
        "cases_past_resolution_due": 0,
    }
    assert found["followup"]["contacts_due"] == 0
    assert main(["status"]) == 0
    assert "outbox_backlog=1" in capsys.readouterr().out

"""The supervision ladder with an injected clock, across a weekend and public holidays."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from services.routing.settings import DEFAULT_CONFIG
from shared.clock import FixedClock
from tests.builders import complaint
from tests.system import System


def shanghai(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
async def holiday_system(database_url: str, tmp_path: Path) -> AsyncIterator[System]:
    """Friday 27 November and Wednesday 2 December are public holidays."""
    config = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    config["calendar"]["holidays"] = ["2026-11-27", "2026-12-02"]
    path = tmp_path / "routing.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    built = System(database_url, FixedClock(shanghai(26, 10)), routing_config=path)  # a Thursday
    await built.start()
    yield built
    await built.close()


async def ladder(system: System, client: Any, complaint_id: str) -> list[tuple[str, int]]:
    watchdog = system.services["routing"].periodic
    assert watchdog is not None
    await watchdog()
    await system.drain()
    body = (await client.get(f"/v1/complaints/{complaint_id}")).json()
    return [
        (e["data"]["level"], e["data"]["overdue_working_days"])
        for e in body["timeline"]
        if e["type"] == "complaint.escalated"
    ]


async def test_escalations_fire_at_the_right_moments(holiday_system: System) -> None:
    system, clock = holiday_system, holiday_system.clock
    async with await system.client("admin") as client:
        # A safety complaint: P1, 15 working hours. From Thursday 10:00: 6.5 h on Thursday,
        # Friday is a holiday, the weekend does not count, 7.5 h on Monday, 1 h on Tuesday.
        body = complaint("web", text="热水器漏电，家里老人差点触电")
        created = (await client.post("/v1/complaints", json=body)).json()
        await system.drain()
        routed = (await client.get(f"/v1/complaints/{created['id']}")).json()
        assert routed["priority"] == "P1"
        assert routed["resolution_due"] == "2026-12-01T02:00:00Z"  # Tuesday 10:00 in Shanghai

        clock.set(shanghai(29, 12))  # Sunday: under 80 % of the time has passed
        assert await ladder(system, client, created["id"]) == []
        clock.set(shanghai(30, 10))  # Monday 10:00: 96 of 120 hours, the warning
        assert await ladder(system, client, created["id"]) == [("warning", 0)]
        clock.set(shanghai(1, 10, 1, month=12))  # Tuesday, just past the deadline: urge
        assert await ladder(system, client, created["id"]) == [("warning", 0), ("urge", 0)]
        clock.set(shanghai(3, 17, month=12))  # Thursday: Wednesday was a holiday, 1 day over
        assert len(await ladder(system, client, created["id"])) == 2
        clock.set(shanghai(4, 9, month=12))  # Friday: two working days over, supervision
        assert await ladder(system, client, created["id"]) == [
            ("warning", 0),
            ("urge", 0),
            ("supervise", 2),
        ]
        clock.set(shanghai(10, 9, month=12))  # later passes take no step twice
        assert len(await ladder(system, client, created["id"])) == 3


async def walk(client: Any, case: str, steps: list[tuple[str, dict[str, Any]]]) -> None:
    for name, body in steps:
        response = await client.post(f"/v1/assignments/{case}/{name}", json=body)
        assert response.status_code == 200, response.json()


async def test_resolved_cases_leave_the_ladder_and_extensions_restart_it(
    holiday_system: System,
) -> None:
    system, clock = holiday_system, holiday_system.clock
    handler = await system.staff("liwei", "handler", "product_quality")
    supervisor = await system.staff("zhangmin", "supervisor", "product_quality")
    async with await system.client("admin") as client:
        post = [
            complaint("web", text=t)
            for t in ("热水器漏电，家里老人差点触电", "电饭煲冒烟起火，差点烧到厨房")
        ]
        done, extended = [(await client.post("/v1/complaints", json=b)).json()["id"] for b in post]
        await system.drain()
        await walk(
            handler,
            done,
            [
                ("accept", {}),
                (
                    "investigation",
                    {
                        "findings": "漏电保护失效",
                        "root_cause": "product_quality",
                        "responsibility": "company",
                    },
                ),
                (
                    "proposal",
                    {
                        "remedies": ["apology", "replacement"],
                        "message_to_customer": "为您免费更换热水器",
                    },
                ),
            ],
        )
        await walk(supervisor, done, [("approve", {})])
        await walk(handler, done, [("implement", {}), ("resolve", {"summary": "已更换"})])
        await walk(
            handler,
            extended,
            [
                ("accept", {}),
                ("extension", {"reason": "等待厂家检测报告", "until": "2026-12-08T02:00:00Z"}),
            ],
        )
        clock.set(shanghai(1, 10, 1, month=12))  # past both original deadlines
        assert await ladder(system, client, done) == []
        assert await ladder(system, client, extended) == [("warning", 0), ("urge", 0)]
        await walk(supervisor, extended, [("extension/decision", {"approve": True})])
        clock.set(shanghai(8, 10, 1, month=12))  # past the extended date: the ladder again
        levels = [level for level, _ in await ladder(system, client, extended)]
        assert levels == ["warning", "urge", "warning", "urge"]

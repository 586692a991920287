"""The detector over the live read model: a department's surge becomes one alert, published
once as insight.deviation_detected, and readable by the department it concerns."""

from __future__ import annotations

from sqlalchemy import select

from services.insights.tables import alerts, outbox
from shared.events.envelope import Envelope
from tests.component.insights.archive import fold
from tests.system import System

QUIET_DAYS = 90


async def published(system: System) -> list[Envelope]:
    async with system.services["insights"].engine.connect() as conn:
        bodies = (await conn.execute(select(outbox.c.body).order_by(outbox.c.id))).scalars()
        return [Envelope.model_validate_json(body) for body in bodies]


async def test_a_surge_raises_one_alert_published_once_with_its_evidence(system: System) -> None:
    quiet = [2 + day % 3 for day in range(QUIET_DAYS)]
    surge = [15, 14, 16]  # today and the two days before
    await fold(system, "billing", surge, "信用卡年费被重复扣除，要求退款")
    await fold(system, "billing", [0, 0, 0] + quiet[3:], "账单金额不对")
    await fold(system, "delivery", quiet, "快递延误")
    detector = system.services["insights"].periodic
    assert detector is not None
    # Billing's surge, and the phone channel's that it makes (every complaint came by phone);
    # delivery is quiet.
    assert await detector() == 2
    assert await detector() == 0  # seen again: the same alerts
    events = await published(system)
    assert {e.type for e in events} == {"insight.deviation_detected"}
    series = [e.payload["series"] for e in events]
    assert sorted(series, key=str) == [{"channel": "phone"}, {"department": "billing"}]
    body = events[series.index({"department": "billing"})].payload
    assert body["last_day"] == "2026-11-23" and body["first_day"] >= "2026-11-21"
    assert body["observed"] >= 30 and body["expected"] < body["observed"] / 2
    assert "年费" in body["top_terms"] or "重复" in body["top_terms"]
    assert len(body["examples"]) == 3
    async with system.services["insights"].engine.connect() as conn:
        assert len((await conn.execute(select(alerts.c.id))).all()) == 2


async def test_alerts_are_listed_for_their_own_department(system: System) -> None:
    quiet = [2 + day % 3 for day in range(QUIET_DAYS)]
    await fold(system, "billing", [15, 14, 16] + quiet[3:], "年费重复扣款")
    detector = system.services["insights"].periodic
    assert detector is not None
    await detector()
    billing = await system.staff("bill", "supervisor", "billing")
    delivery = await system.staff("del", "handler", "delivery")
    async with billing, delivery:
        own = (await billing.get("/v1/insights/alerts")).json()["items"]
        other = (await delivery.get("/v1/insights/alerts")).json()["items"]
    assert [a["series"] for a in own] == ["department=billing"]
    assert own[0]["dimensions"] == {"department": "billing"}
    assert other == []

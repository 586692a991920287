"""The detector over the live read model: a department's surge becomes one alert, published
once as insight.deviation_detected, and readable by the department it concerns; a new subject
among the complaints becomes an emerging topic, even when no volume moves."""

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
    # Billing's surge, the phone channel's that it makes (every complaint came by phone), and
    # its subject as an emerging topic; delivery is quiet.
    assert await detector() == 3
    assert await detector() == 0  # seen again: the same alerts
    events = await published(system)
    assert {e.type for e in events} == {"insight.deviation_detected"}
    series = [e.payload["series"] for e in events if "topic" not in e.payload["series"]]
    assert sorted(series, key=str) == [{"channel": "phone"}, {"department": "billing"}]
    body = events[series.index({"department": "billing"})].payload
    assert body["last_day"] == "2026-11-23" and body["first_day"] >= "2026-11-21"
    assert body["observed"] >= 30 and body["expected"] < body["observed"] / 2
    assert "年费" in body["top_terms"] or "重复" in body["top_terms"]
    assert len(body["examples"]) == 3
    async with system.services["insights"].engine.connect() as conn:
        assert len((await conn.execute(select(alerts.c.id))).all()) == 3


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


async def test_a_new_subject_is_an_emerging_topic_though_no_volume_moves(system: System) -> None:
    """Three complaints a day for ninety days; in the last three days, the same three a day,
    but two of them about chargers catching fire."""
    await fold(system, "product_quality", [1, 1, 1] + [3] * (QUIET_DAYS - 3), "冰箱不制冷")
    await fold(system, "product_quality", [2, 2, 2], "充电器充电时过热冒烟，差点起火")
    detector = system.services["insights"].periodic
    assert detector is not None
    assert await detector() == 1  # the topic, and no surge
    assert await detector() == 0
    (event,) = await published(system)
    body = event.payload
    assert set(body["series"]) == {"topic"} and "充电器" in body["series"]["topic"]
    assert {"充电器", "过热", "起火"} <= set(body["top_terms"])
    assert body["observed"] == 6 and body["expected"] < 1
    assert len(body["examples"]) == 3
    manager = await system.staff("boss", "admin")
    handler = await system.staff("pq", "handler", "product_quality")
    async with manager, handler:
        seen = (await manager.get("/v1/insights/alerts")).json()["items"]
        own = (await handler.get("/v1/insights/alerts")).json()["items"]
    assert [a["series"] for a in seen] == [f"topic={body['top_terms'][0]}"]
    assert own == []  # a subject cuts across departments: for those who see them all
    # Its complaints carry it, so the figures can be had by topic.
    async with await system.client("insights:read") as client:
        window = {"since": "2026-11-20T00:00:00Z", "until": "2026-11-24T00:00:00Z"}
        items = (await client.get("/v1/insights/figures", params=window | {"by": "topic"})).json()[
            "items"
        ]
    volumes = {item["topic"]: item["volume"] for item in items}
    assert volumes == {body["series"]["topic"]: 6, "unknown": 6}


async def test_a_topic_seen_again_with_another_leading_word_is_the_same_alert(
    system: System,
) -> None:
    await fold(system, "delivery", [3, 3] + [6] * (QUIET_DAYS - 2), "快递延误")
    await fold(system, "delivery", [3, 3], "包裹丢失，驿站说找不到")
    detector = system.services["insights"].periodic
    assert detector is not None
    assert await detector() == 1
    # Three more today (nine in all, not a surge against six a day), in other words.
    await fold(system, "delivery", [3], "驿站把包裹弄丢了，要求赔偿")
    assert await detector() == 0
    async with system.services["insights"].engine.connect() as conn:
        (row,) = (await conn.execute(select(alerts.c.observed, alerts.c.top_terms))).all()
    assert row.observed == 9 and "驿站" in row.top_terms

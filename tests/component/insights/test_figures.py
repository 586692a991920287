"""Insights' figures over a small archive, against values computed by hand (archive.py)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from tests.builders import CHANNELS, complaint
from tests.component.insights.archive import fold_archive
from tests.system import System

NOVEMBER = {"since": "2026-10-31T16:00:00Z", "until": "2026-11-30T16:00:00Z"}


async def test_figures_by_department_are_the_hand_computed_ones(system: System) -> None:
    await fold_archive(system)
    async with await system.client("insights:read") as client:
        response = await client.get(
            "/v1/insights/figures", params=NOVEMBER | {"by": "department", "period": "month"}
        )
    assert response.status_code == 200
    billing, delivery = response.json()["items"]
    assert billing == {
        "period": "2026-11",
        "department": "billing",
        "volume": 3,
        "first_response_median_hours": 2.0,
        "first_response_p90_hours": 24.4,
        "first_response_within_sla": 0.6667,
        "resolved": 3,
        "resolution_median_hours": 48.0,
        "resolution_p90_hours": 240.0,
        "resolution_within_sla": 0.6667,
        "promise_kept": 1.0,
        "scored": 2,
        "csat": 0.5,
        "average_score": 3.5,
        "reopen_rate": 0.3333,
        "repeat_share": 0.3333,
        "returns": 1,
        "escalated": 0,
    }
    assert delivery == {
        "period": "2026-11",
        "department": "delivery",
        "volume": 2,
        "first_response_median_hours": 1.0,
        "first_response_p90_hours": 1.0,
        "first_response_within_sla": 0.5,
        "resolved": 0,
        "resolution_median_hours": None,
        "resolution_p90_hours": None,
        "resolution_within_sla": 0.0,
        "promise_kept": 0.0,
        "scored": 0,
        "csat": None,
        "average_score": None,
        "reopen_rate": None,
        "repeat_share": 0.0,
        "returns": 0,
        "escalated": 0,
    }


async def test_backlog_counts_open_complaints_by_age_and_overdue(system: System) -> None:
    await fold_archive(system)
    async with await system.client("insights:read") as client:
        body = (await client.get("/v1/insights/backlog", params={"by": "department"})).json()
    assert body["items"] == [
        {
            "department": "billing",
            "open": 1,
            "overdue": 1,
            "oldest_days": 20.1,
            "under_1_day": 0,
            "1_to_3_days": 0,
            "3_to_7_days": 0,
            "7_to_30_days": 1,
            "over_30_days": 0,
        },
        {
            "department": "delivery",
            "open": 2,
            "overdue": 1,
            "oldest_days": 18.1,
            "under_1_day": 0,
            "1_to_3_days": 0,
            "3_to_7_days": 1,
            "7_to_30_days": 1,
            "over_30_days": 0,
        },
    ]


async def test_figures_by_two_dimensions_and_by_day(system: System) -> None:
    await fold_archive(system)
    async with await system.client("insights:read") as client:
        body = (
            await client.get(
                "/v1/insights/figures",
                params=NOVEMBER | {"by": ["channel", "repeat"], "period": "week"},
            )
        ).json()
    volumes = {(i["period"], i["channel"], i["repeat"]): i["volume"] for i in body["items"]}
    assert volumes == {
        ("2026-W45", "phone", "first"): 1,  # A (2 Nov, a Monday)
        ("2026-W45", "phone", "repeat"): 1,  # B
        ("2026-W45", "web", "first"): 1,  # C
        ("2026-W46", "phone", "first"): 1,  # E
        ("2026-W47", "web", "first"): 1,  # D
    }


async def test_csv_export_has_a_header_and_one_line_per_group(system: System) -> None:
    await fold_archive(system)
    async with await system.client("insights:read") as client:
        response = await client.get(
            "/v1/insights/figures", params=NOVEMBER | {"by": "department", "format": "csv"}
        )
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.text.startswith("\ufeffperiod,department,volume,")
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert [(r["department"], r["volume"], r["csat"]) for r in rows] == [
        ("billing", "3", "0.5"),
        ("delivery", "2", ""),
    ]


async def test_department_staff_see_their_own_department_only(system: System) -> None:
    await fold_archive(system)
    handler = await system.staff("han", "handler", "delivery")
    admin = await system.staff("root", "admin")
    agent = await system.staff("ann", "agent")
    params: dict[str, Any] = NOVEMBER | {"by": "department"}
    async with handler, admin, agent:
        own = (await handler.get("/v1/insights/figures", params=params)).json()["items"]
        every = (await admin.get("/v1/insights/figures", params=params)).json()["items"]
        refused = await agent.get("/v1/insights/figures", params=params)
    assert [i["department"] for i in own] == ["delivery"]
    assert [i["department"] for i in every] == ["billing", "delivery"]
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"since": "2026-11-30T00:00:00Z", "until": "2026-11-01T00:00:00Z"}, "invalid_period"),
        (NOVEMBER | {"by": ["channel", "channel"]}, "invalid_grouping"),
        (NOVEMBER | {"by": "favourite_colour"}, "validation_error"),
        (NOVEMBER | {"period": "year"}, "validation_error"),
    ],
)
async def test_bad_questions_get_stable_codes(
    system: System, params: dict[str, Any], code: str
) -> None:
    async with await system.client("insights:read") as client:
        response = await client.get("/v1/insights/figures", params=params)
    assert response.status_code in (400, 422)
    assert response.json()["code"] == code


async def test_complaints_through_the_pipeline_are_counted_by_channel(system: System) -> None:
    async with await system.client("complaints:write", "insights:read") as client:
        for channel in CHANNELS:
            assert (await client.post("/v1/complaints", json=complaint(channel))).status_code == 202
        await system.drain()
        body = (
            await client.get(
                "/v1/insights/figures", params=NOVEMBER | {"by": ["channel", "department"]}
            )
        ).json()
    assert sorted(i["channel"] for i in body["items"]) == sorted(CHANNELS)
    assert all(i["volume"] == 1 and i["department"] != "unknown" for i in body["items"])

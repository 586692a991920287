"""Is it a complaint at all? Enquiries and suggestions are answered, never queued; floods are
rejected; every verdict is explained and a supervisor can overturn it."""

from __future__ import annotations

from typing import Any

import pytest

from services.routing.classification import classify
from services.routing.config import load_config
from services.routing.settings import DEFAULT_CONFIG
from services.routing.validity import judge
from tests.builders import complaint, customer
from tests.system import System

CONFIG = load_config(DEFAULT_CONFIG)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("请问营业厅周末的营业时间是几点？", "enquiry"),
        ("How do I change my billing address?", "enquiry"),
        ("建议你们的APP增加夜间模式", "suggestion"),
        ("请问为什么话费多扣了20元？", "valid"),  # a question about a wrong charge: a complaint
        ("营业厅工作人员态度恶劣", "valid"),
        ("我要投诉", "valid"),  # no enquiry or suggestion cue: treated as a complaint
    ],
)
def test_verdicts(text: str, reason: str) -> None:
    explained = classify(text, risk_flags=[], segment=None, vip_segments=[],
                         config=CONFIG.classification)  # fmt: skip
    verdict = judge(text, explained, recent_from_customer=0, config=CONFIG.validity)
    assert verdict.reason == reason and verdict.signals


async def post(system: System, client: Any, text: str, who: dict[str, Any] | None = None) -> str:
    body = complaint("web", text=text, customer=who or customer())
    complaint_id: str = (await client.post("/v1/complaints", json=body)).json()["id"]
    await system.drain()
    return complaint_id


async def test_an_enquiry_is_answered_not_queued(system: System) -> None:
    async with await system.client("admin") as client:
        complaint_id = await post(system, client, "请问营业厅周末的营业时间是几点？")
        case = (await client.get(f"/v1/complaints/{complaint_id}")).json()
        decision = (await client.get(f"/v1/validity/{complaint_id}")).json()
        queue = (await client.get("/v1/assignments")).json()["items"]
        contacts = (await client.get("/v1/callbacks")).json()["items"]
        counted = (await client.get("/v1/complaints", params={"status": "not_a_complaint"})).json()
    assert case["status"] == "not_a_complaint" and case["department"] is None
    assert decision["reason"] == "enquiry" and "enquiry: 营业时间, 请问" in decision["signals"]
    assert queue == []
    assert [(c["complaint_id"], c["purpose"]) for c in contacts] == [(complaint_id, "explanation")]
    assert [c["id"] for c in counted["items"]] == [complaint_id]


async def test_a_flood_from_one_customer_is_rejected(system: System) -> None:
    flooder = customer()
    async with await system.client("admin") as client:
        ids = [await post(system, client, f"第{i}次投诉：话费多扣", flooder) for i in range(6)]
        statuses = [(await client.get(f"/v1/complaints/{i}")).json()["status"] for i in ids]
        decision = (await client.get(f"/v1/validity/{ids[-1]}")).json()
    assert statuses == ["routed"] * 5 + ["rejected"]
    assert decision["reason"] == "malicious_flood"
    assert decision["signals"] == ["6 complaints within 60 minutes"]


async def test_a_supervisor_overturns_a_verdict(system: System) -> None:
    async with await system.client("admin") as client:
        complaint_id = await post(system, client, "建议在营业厅增加自助取号机，方便老人")
        url = f"/v1/validity/{complaint_id}/overturn"
        async with await system.client("cases:read") as reader:
            refused = await reader.post(url, json={})
        overturned = await client.post(url, json={"note": "老人排队困难，按投诉处理"})
        again = await client.post(url, json={})
        await system.drain()
        case = (await client.get(f"/v1/complaints/{complaint_id}")).json()
        decision = (await client.get(f"/v1/validity/{complaint_id}")).json()
        purposes = {c["purpose"] for c in (await client.get("/v1/callbacks")).json()["items"]}
        unknown = await client.get("/v1/validity/00000000-0000-0000-0000-000000000001")
    assert refused.status_code == 403
    assert overturned.status_code == 200 and overturned.json()["department"]
    assert (again.status_code, again.json()["code"]) == (409, "already_valid")
    assert case["status"] == "routed"
    assert [e["type"] for e in case["timeline"]][1:3] == [
        "complaint.rejected",
        "callback.scheduled",
    ]
    assert (
        decision["overturned_by"] == "test"
        and decision["overturn_note"] == "老人排队困难，按投诉处理"
    )
    assert purposes == {"explanation", "acknowledgment"}
    assert (unknown.status_code, unknown.json()["code"]) == (404, "decision_not_found")

"""Is it a complaint at all? Enquiries and suggestions are answered, never queued; floods are
rejected; every verdict is explained and a supervisor can overturn it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from services.routing.config import load_config
from services.routing.settings import DEFAULT_CONFIG
from shared.clock import FixedClock
from tests.builders import complaint, customer
from tests.conftest import MONDAY_MORNING
from tests.system import System

CONFIG = load_config(DEFAULT_CONFIG)


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
        matters = [
            "话费多扣了二十元",
            "快递三天没到",
            "营业厅工作人员态度恶劣",
            "充电器质量太差坏了",
            "广告虚假宣传",
            "宽带维修一直没人来",
        ]
        ids = [await post(system, client, text, flooder) for text in matters]
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


async def test_the_same_matter_while_open_is_merged_into_the_open_complaint(
    system: System,
) -> None:
    wang, li = customer(), customer()
    async with await system.client("admin") as client:
        first = await post(system, client, "信用卡重复扣费两次，请退款", wang)
        again = await post(
            system, client, "我的信用卡又被重复扣费了两次，请尽快退款，卡号尾号1234", wang
        )
        other_person = await post(system, client, "信用卡重复扣费两次，请退款", li)
        other_matter = await post(system, client, "快递三天了还没到", wang)
        merged = (await client.get(f"/v1/complaints/{again}")).json()
        open_case = (await client.get(f"/v1/complaints/{first}")).json()
        decision = (await client.get(f"/v1/validity/{again}")).json()
        queue = {
            a["complaint_id"]: a for a in (await client.get("/v1/assignments")).json()["items"]
        }
        contacts = (await client.get("/v1/callbacks", params={"purpose": "explanation"})).json()
        statuses = [
            (await client.get(f"/v1/complaints/{i}")).json()["status"]
            for i in (other_person, other_matter)
        ]
    assert merged["status"] == "merged"
    assert decision["reason"] == "duplicate"
    assert decision["signals"][0].startswith(f"same matter as {open_case['reference']}")
    [note] = [e for e in open_case["timeline"] if e["type"] == "complaint.merged"]
    assert note["data"]["merged_reference"] == merged["reference"]
    assert f"[{merged['reference']}]" in queue[first]["text"] and "尾号1234" in queue[first]["text"]
    assert again not in queue
    assert [c["complaint_id"] for c in contacts["items"]] == [again]
    assert statuses == ["routed", "routed"]


@pytest.fixture
async def referring_system(database_url: str, tmp_path: Path) -> AsyncIterator[System]:
    config = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    config["validity"]["out_of_scope"] = [
        {"name": "crime", "refer_to": "the police (110)", "keywords": ["抢劫", "盗窃", "robbery"]}
    ]
    path = tmp_path / "routing.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    built = System(database_url, FixedClock(MONDAY_MORNING), routing_config=path)
    await built.start()
    yield built
    await built.close()


async def test_a_matter_for_another_body_is_referred_and_explained(
    referring_system: System,
) -> None:
    system = referring_system
    async with await system.client("admin") as client:
        referred = await post(system, client, "昨晚在你们门店门口被抢劫了，手机被抢走")
        handled = await post(system, client, "门店的充电器质量太差，用两天就坏了")
        case = (await client.get(f"/v1/complaints/{referred}")).json()
        decision = (await client.get(f"/v1/validity/{referred}")).json()
        contacts = (await client.get("/v1/callbacks", params={"purpose": "explanation"})).json()
        other = (await client.get(f"/v1/complaints/{handled}")).json()
    assert case["status"] == "referred" and case["department"] is None
    assert decision["reason"] == "out_of_scope" and decision["referred_to"] == "the police (110)"
    [rejected] = [e for e in case["timeline"] if e["type"] == "complaint.rejected"]
    assert rejected["data"]["referred_to"] == "the police (110)"
    assert [c["complaint_id"] for c in contacts["items"]] == [referred]
    assert other["status"] == "routed"

"""Too little to act on: the customer is asked, the case waits, their addition is judged."""

from __future__ import annotations

from tests.builders import complaint
from tests.system import System


async def test_a_case_waits_for_information_then_is_judged_again_with_it(
    system: System,
) -> None:
    async with await system.client("admin") as client:
        created = (await client.post("/v1/complaints", json=complaint(text="我要投诉！"))).json()
        await system.drain()
        case = f"/v1/complaints/{created['id']}"
        waiting = (await client.get(case)).json()
        assert waiting["status"] == "awaiting_information"
        assert (await client.get("/v1/assignments")).json()["items"] == []
        [asked] = (await client.get("/v1/callbacks")).json()["items"]
        assert asked["purpose"] == "information_request"
        verdict = (await client.get(f"/v1/validity/{created['id']}")).json()
        assert verdict["reason"] == "insufficient_information"

        added = await client.post(
            f"{case}/information", json={"text": "上月信用卡被重复扣费两次，共240元"}
        )
        assert added.status_code == 200
        await system.drain()
        body = (await client.get(case)).json()
        stale = (await client.get(f"/v1/callbacks/{asked['id']}")).json()
    assert body["status"] == "routed" and body["department"] == "billing"
    # Routed now: the call asking for information is no longer owed, so no agent makes it.
    assert stale["status"] == "cancelled"
    assert body["text"] == "我要投诉！\n\n上月信用卡被重复扣费两次，共240元"
    assert [e["type"] for e in body["timeline"]][:4] == [
        "complaint.registered",
        "complaint.information_requested",
        "callback.scheduled",
        "complaint.updated",
    ]
    assert "complaint.routed" in {e["type"] for e in body["timeline"]}


async def test_an_open_case_gets_the_addition_and_a_closed_one_refuses_it(
    system: System,
) -> None:
    async with await system.client("admin") as client:
        open_case = (await client.post("/v1/complaints", json=complaint())).json()["id"]
        enquiry = complaint(text="请问你们的营业时间是几点到几点？")
        closed = (await client.post("/v1/complaints", json=enquiry)).json()["id"]
        await system.drain()
        await client.post(f"/v1/complaints/{open_case}/information", json={"text": "附上账单截图"})
        await system.drain()
        assignment = (await client.get(f"/v1/assignments/{open_case}")).json()
        assert assignment["text"].endswith("\n\n附上账单截图")
        refused = await client.post(f"/v1/complaints/{closed}/information", json={"text": "补充"})
        assert (refused.status_code, refused.json()["code"]) == (409, "complaint_closed")
        assert (
            await client.post(f"/v1/complaints/{open_case}/information", json={"text": ""})
        ).status_code == 422

"""The call-centre screen-pop by caller number."""

from __future__ import annotations

from tests.builders import complaint, customer
from tests.system import System


async def test_a_known_caller_pops_up_with_open_complaints_and_last_contacts(
    system: System,
) -> None:
    async with await system.client("complaints:write", "complaints:read") as client:
        first = (
            await client.post(
                "/v1/complaints",
                json=complaint(customer=customer(name="王丽", phone="13800138111", segment="vip")),
            )
        ).json()
        second = (
            await client.post(
                "/v1/complaints",
                json=complaint(
                    text="上次的退款还没到账", customer=customer(name="王丽", phone="138 0013 8111")
                ),
            )
        ).json()
        await system.drain()
        await client.post(f"/v1/complaints/{first['id']}/withdraw", json={"reason": "已解决"})
        popped = (await client.get("/v1/callers/+86 138-0013-8111")).json()
    assert popped["known"] and popped["number"] == "+8613800138111"
    assert popped["customer"]["name"] == "王丽" and popped["customer"]["segment"] == "vip"
    assert [c["reference"] for c in popped["open_complaints"]] == [second["reference"]]
    assert popped["open_complaints"][0]["status"] == "routed"
    assert popped["open_complaints"][0]["department"] == "billing"
    assert (popped["recent_count"], popped["repeat_complainant"]) == (2, True)
    assert popped["last_contacts"][0]["type"] == "complaint.withdrawn"
    assert {c["reference"] for c in popped["last_contacts"]} == {
        first["reference"],
        second["reference"],
    }


async def test_a_new_caller_is_unknown_and_a_bad_number_is_refused(system: System) -> None:
    async with await system.client("complaints:read") as client:
        new = (await client.get("/v1/callers/13900009999")).json()
        bad = await client.get("/v1/callers/12")
    assert (new["known"], new["customer"], new["open_complaints"]) == (False, None, [])
    assert (bad.status_code, bad.json()["code"]) == (400, "invalid_number")

"""Who saw this customer's data: every opening of a complaint, a file, the screen-pop or the
customer's history is recorded, and an admin can ask for it."""

from __future__ import annotations

from tests.builders import complaint, customer
from tests.system import System


async def test_each_read_of_personal_data_is_recorded_with_who_and_what(system: System) -> None:
    phone = "13912340000"
    async with await system.client("complaints:write") as writer:
        posted = (
            await writer.post("/v1/complaints", json=complaint(customer=customer(phone=phone)))
        ).json()
        pdf = ("scan.pdf", b"%PDF-1.4 scan", "application/pdf")
        upload = (
            await writer.post(f"/v1/complaints/{posted['id']}/attachments", files={"file": pdf})
        ).json()
    await system.drain()
    agent = await system.staff("wangfang", "agent")
    async with agent:
        case = (await agent.get(f"/v1/complaints/{posted['id']}")).json()
        await agent.get(f"/v1/complaints/{posted['id']}/attachments/{upload['id']}")
        await agent.get(f"/v1/callers/{phone}")
        await agent.get(f"/v1/customers/{case['customer_id']}/complaints")
        refused = await agent.get("/v1/audit", params={"complaint": posted["id"]})
    async with await system.client("admin") as admin:
        by_complaint = (await admin.get("/v1/audit", params={"complaint": posted["id"]})).json()
        by_customer = (
            await admin.get("/v1/audit", params={"customer": case["customer_id"]})
        ).json()
        nothing = await admin.get("/v1/audit")
    assert refused.status_code == 403
    assert [(r["what"], r["username"]) for r in by_complaint["items"]] == [
        ("attachment", "wangfang"),
        ("complaint", "wangfang"),
    ]
    assert by_complaint["items"][0]["item"] == upload["id"]
    assert [r["what"] for r in by_customer["items"]] == [
        "history",
        "screen_pop",
        "attachment",
        "complaint",
    ]
    assert (nothing.status_code, nothing.json()["code"]) == (400, "nothing_to_audit")

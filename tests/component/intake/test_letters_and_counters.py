"""Mail room and counters: the letter's metadata and scan, the counter's branch and staff."""

from __future__ import annotations

from uuid import uuid4

from tests.builders import complaint, customer, details
from tests.system import System


async def test_a_letter_asking_for_a_reply_by_post_is_answered_by_letter(system: System) -> None:
    letter = details("letter") | {"reply_by_post": True}
    async with await system.client("complaints:write", "complaints:read", "callbacks:read") as c:
        posted = (
            await c.post(
                "/v1/complaints",
                json=complaint(
                    "letter",
                    details=letter,
                    customer=customer(name="刘芳", phone="13600136000"),
                ),
            )
        ).json()
        pdf = ("scan.pdf", b"%PDF-1.4 scan", "application/pdf")
        scan = await c.post(f"/v1/complaints/{posted['id']}/attachments", files={"file": pdf})
        await system.drain()
        case = (await c.get(f"/v1/complaints/{posted['id']}")).json()
        callbacks = (await c.get("/v1/callbacks")).json()["items"]
    assert case["details"]["reply_by_post"] is True
    assert case["details"]["received_date"] == "2026-11-20"
    assert scan.status_code == 201 and case["attachments"][0]["sha256"] == scan.json()["sha256"]
    ack = next(cb for cb in callbacks if cb["complaint_id"] == posted["id"])
    assert ack["channel"] == "letter"


async def test_an_upload_over_the_limit_or_of_a_refused_type_stores_nothing(
    system: System,
) -> None:
    async with await system.client("complaints:write", "complaints:read") as c:
        posted = (await c.post("/v1/complaints", json=complaint("on_site"))).json()
        big = await c.post(
            f"/v1/complaints/{posted['id']}/attachments",
            files={"file": ("photo.jpg", b"\xff\xd8" + b"0" * (10 * 2**20), "image/jpeg")},
        )
        script = await c.post(
            f"/v1/complaints/{posted['id']}/attachments",
            files={"file": ("x.html", b"<script>", "text/html")},
        )
        nowhere = await c.post(
            f"/v1/complaints/{uuid4()}/attachments",
            files={"file": ("a.pdf", b"%PDF", "application/pdf")},
        )
        case = (await c.get(f"/v1/complaints/{posted['id']}")).json()
    assert (big.status_code, big.json()["code"]) == (413, "file_too_large")
    assert (script.status_code, script.json()["code"]) == (415, "type_not_allowed")
    assert nowhere.json()["code"] == "complaint_not_found"
    assert case["attachments"] == [] and case["details"]["branch_code"] == "BR-01"

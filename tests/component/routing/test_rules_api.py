"""Managing routing rules through the API: validated, audited, applied to the next complaint."""

from __future__ import annotations

from tests.builders import complaint
from tests.system import System

PARKING = {
    "position": 5,
    "name": "parking",
    "department": "customer_service",
    "keywords": ["停车", "parking"],
}


async def department_of(system: System, text: str) -> str:
    async with await system.client("admin") as client:
        created = (await client.post("/v1/complaints", json=complaint(text=text))).json()
        await system.drain()
        department: str = (await client.get(f"/v1/complaints/{created['id']}")).json()["department"]
    return department


async def test_a_new_rule_routes_the_next_complaint_and_every_change_is_audited(
    system: System,
) -> None:
    admin = await system.staff("root", "admin")
    created = await admin.post("/v1/rules", json=PARKING | {"department": "delivery"})
    assert created.status_code == 201
    rule = created.json()
    assert await department_of(system, "商场停车收费不合理，乱收费") == "delivery"
    moved = await admin.patch(f"/v1/rules/{rule['id']}", json={"department": "staff_conduct"})
    assert moved.json()["department"] == "staff_conduct"
    assert (await admin.patch(f"/v1/rules/{rule['id']}", json={"enabled": False})).json()[
        "enabled"
    ] is False
    assert await department_of(system, "商场停车收费不合理，乱收费") == "billing"
    changes = (await admin.get(f"/v1/rules/{rule['id']}/changes")).json()
    assert [(c["action"], c["by"]) for c in changes] == [
        ("create", "Root (root)"),
        ("update", "Root (root)"),
        ("disable", "Root (root)"),
    ]
    assert changes[1]["before"]["department"] == "delivery"
    assert changes[1]["after"]["department"] == "staff_conduct"
    listed = (await admin.get("/v1/rules")).json()
    assert [r["name"] for r in listed][0] == "parking"  # position 5 comes first


async def test_bad_rules_are_refused_and_nothing_is_written(system: System) -> None:
    admin = await system.staff("root", "admin")
    handler = await system.staff("liwei", "handler", "billing")
    before = (await admin.get("/v1/rules")).json()
    for body, status, code in [
        (PARKING | {"keywords": []}, 400, "rule_without_condition"),
        (PARKING | {"department": "nowhere"}, 404, "department_not_found"),
        (PARKING | {"name": "billing-category"}, 409, "rule_conflict"),
        (PARKING | {"position": 10}, 409, "rule_conflict"),  # the first seeded rule's
        (PARKING | {"channels": ["fax"]}, 422, "validation_error"),
        (PARKING | {"colour": "red"}, 422, "validation_error"),
    ]:
        response = await admin.post("/v1/rules", json=body)
        assert (response.status_code, response.json()["code"]) == (status, code), body
    assert (await handler.post("/v1/rules", json=PARKING)).status_code == 403
    assert (await admin.patch("/v1/rules/9999", json={"enabled": False})).json()["code"] == (
        "rule_not_found"
    )
    assert (await admin.get("/v1/rules")).json() == before

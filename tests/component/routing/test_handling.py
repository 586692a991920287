"""The handling workflow through the API, with staff roles, on the embedded wiring."""

from __future__ import annotations

from typing import Any

import httpx

from tests.builders import complaint
from tests.system import System

INVESTIGATION: dict[str, Any] = {
    "findings": "扣费系统重复提交，客户被扣两次",
    "root_cause": "billing_price",
    "responsibility": "company",
}
REFUND: dict[str, Any] = {
    "remedies": ["apology", "refund"],
    "amount": "120.00",
    "message_to_customer": "非常抱歉，重复扣除的120元将在3个工作日内退回。",
}


async def registered(system: System, text: str = "信用卡重复扣费两次，请退款") -> str:
    """A complaint routed to billing; its id."""
    async with await system.client("complaints:write") as client:
        response = await client.post("/v1/complaints", json=complaint(text=text))
    await system.drain()
    complaint_id: str = response.json()["id"]
    return complaint_id


async def step(client: httpx.AsyncClient, case: str, name: str, **body: Any) -> httpx.Response:
    return await client.post(f"/v1/assignments/{case}/{name}", json=body)


async def handle_to_resolved(
    handler: httpx.AsyncClient,
    supervisor: httpx.AsyncClient,
    case: str,
    *,
    words: dict[str, dict[str, Any]] | None = None,
) -> None:
    """Every step from accept to resolved; `words` adds to a step's body."""
    said = words or {}
    for who, name, body in [
        (handler, "accept", {}),
        (handler, "investigation", INVESTIGATION),
        (handler, "proposal", REFUND),
        (supervisor, "approve", {"comment": "同意"}),
        (handler, "implement", {"note": "退款已提交"}),
        (handler, "resolve", {"summary": "重复扣费已退回"}),
    ]:
        response = await step(who, case, name, **(body | said.get(name, {})))
        assert response.status_code == 200, response.text


async def test_a_case_walks_every_step_to_resolved_and_the_timeline_shows_them(
    system: System,
) -> None:
    case = await registered(system)
    handler = await system.staff("liwei", "handler", "billing")
    supervisor = await system.staff("zhangmin", "supervisor", "billing")
    for client, name, body in [
        (handler, "accept", {}),
        (handler, "investigation", INVESTIGATION),
        (handler, "proposal", REFUND),
        (supervisor, "approve", {"comment": "同意"}),
        (handler, "implement", {"note": "退款已提交"}),
        (handler, "resolve", {"summary": "重复扣费已退回"}),
    ]:
        response = await step(client, case, name, **body)
        assert response.status_code == 200, response.json()
    assert response.json()["state"] == "resolved"
    await system.drain()
    trail = (await handler.get(f"/v1/assignments/{case}")).json()["steps"]
    assert [(s["step"], s["by"], s["role"]) for s in trail] == [
        ("accept", "liwei", "handler"),
        ("investigate", "liwei", "handler"),
        ("propose", "liwei", "handler"),
        ("approve", "zhangmin", "supervisor"),
        ("implement", "liwei", "handler"),
        ("resolve", "liwei", "handler"),
    ]
    assert trail[2]["details"]["amount"] == "120.00" and trail[2]["details"]["currency"] == "CNY"
    async with await system.client("complaints:read") as reader:
        body = (await reader.get(f"/v1/complaints/{case}")).json()
    assert body["status"] == "resolved"
    assert [e["type"] for e in body["timeline"] if e["source"] == "routing"] == [
        "complaint.routed",
        "complaint.accepted",
        "complaint.investigated",
        "complaint.resolution_proposed",
        "complaint.resolution_approved",
        "complaint.implemented",
        "complaint.resolved",
    ]
    resolved = next(e["data"] for e in body["timeline"] if e["type"] == "complaint.resolved")
    assert resolved["remedies"] == ["apology", "refund"] and resolved["by"] == "liwei"


async def test_illegal_transitions_get_409_with_a_stable_code(system: System) -> None:
    case = await registered(system)
    handler = await system.staff("liwei", "handler", "billing")
    response = await step(handler, case, "proposal", **REFUND)
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"
    assert response.json()["details"] == {"state": "assigned", "step": "propose"}
    assert (await step(handler, case, "accept")).status_code == 200
    assert (await step(handler, case, "accept")).json()["code"] == "illegal_transition"
    assert (await step(handler, case, "resolve", summary="x")).status_code == 409


async def test_wrong_roles_and_departments_are_refused(system: System) -> None:
    case = await registered(system)
    handler = await system.staff("liwei", "handler", "billing")
    supervisor = await system.staff("zhangmin", "supervisor", "billing")
    stranger = await system.staff("wangfang", "handler", "delivery")
    for name, body in [("accept", {}), ("investigation", INVESTIGATION), ("proposal", REFUND)]:
        await step(handler, case, name, **body)
    refused = await step(handler, case, "approve")  # a handler never approves
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    other = await step(stranger, case, "implement")  # another department's: not even there
    assert (other.status_code, other.json()["code"]) == (404, "assignment_not_found")
    assert (await stranger.get(f"/v1/assignments/{case}")).status_code == 404
    async with await system.client("admin") as integration:  # no person behind it
        assert (await step(integration, case, "approve")).json()["code"] == "staff_only"
    # The supervisor who wrote the proposal can't approve it too.
    await step(supervisor, case, "reject", comment="金额需核对")
    await step(supervisor, case, "proposal", **REFUND)
    assert (await step(supervisor, case, "approve")).json()["code"] == "own_proposal"


async def test_amounts_above_the_limit_need_an_admin(system: System) -> None:
    case = await registered(system)
    handler = await system.staff("liwei", "handler", "billing")
    supervisor = await system.staff("zhangmin", "supervisor", "billing")
    admin = await system.staff("root", "admin")
    big = REFUND | {"remedies": ["compensation"], "amount": "8000"}
    for name, body in [("accept", {}), ("investigation", INVESTIGATION), ("proposal", big)]:
        assert (await step(handler, case, name, **body)).status_code == 200
    refused = await step(supervisor, case, "approve")
    assert (refused.status_code, refused.json()["code"]) == (403, "approval_limit_exceeded")
    assert (await step(admin, case, "approve")).json()["state"] == "approved"


async def test_a_proposal_is_validated(system: System) -> None:
    case = await registered(system)
    handler = await system.staff("liwei", "handler", "billing")
    for bad in (
        {"amount": None},
        {"amount": "-5"},
        {"remedies": ["apology"]},
        {"remedies": ["bribe"]},
    ):
        response = await step(handler, case, "proposal", **(REFUND | bad))
        assert response.status_code == 422, bad
        assert response.json()["code"] == "validation_error"


async def test_handlers_see_only_their_department_queue(system: System) -> None:
    billing = await registered(system)
    await registered(system, "快递三周没收到，包裹丢失")
    handler = await system.staff("liwei", "handler", "billing")
    queue = (await handler.get("/v1/assignments")).json()["items"]
    assert [c["complaint_id"] for c in queue] == [billing]
    assert (await handler.get("/v1/assignments?department=delivery")).status_code == 403
    await step(handler, billing, "accept")
    assert (await handler.get("/v1/assignments?state=assigned")).json()["items"] == []
    assert len((await handler.get("/v1/assignments?state=accepted")).json()["items"]) == 1


async def test_a_resolved_case_leaves_the_queue_and_is_listed_by_its_state(
    system: System,
) -> None:
    """An old resolved case's deadline would otherwise top the queue, most urgent first."""
    done, waiting = await registered(system), await registered(system)
    handler = await system.staff("liwei", "handler", "billing")
    supervisor = await system.staff("wangfang", "supervisor", "billing")
    await handle_to_resolved(handler, supervisor, done)
    queue = (await handler.get("/v1/assignments")).json()["items"]
    assert [c["complaint_id"] for c in queue] == [waiting]
    resolved = (await handler.get("/v1/assignments?state=resolved")).json()["items"]
    assert [c["complaint_id"] for c in resolved] == [done]


async def test_returns_reroute_then_go_to_arbitration_when_departments_disagree(
    system: System,
) -> None:
    case = await registered(system)
    billing = await system.staff("liwei", "handler", "billing")
    delivery = await system.staff("wangfang", "handler", "delivery")
    triage = await system.staff("chenjie", "supervisor", "triage")
    first = await step(billing, case, "return", reason="实为物流问题", department="delivery")
    assert (first.json()["department"], first.json()["state"]) == ("delivery", "assigned")
    second = (await step(delivery, case, "return", reason="扣费问题，不归物流")).json()
    assert (second["department"], second["state"]) == ("triage", "arbitration")
    async with await system.client("cases:dispatch") as desk:
        refused = await step(desk, case, "dispatch", department="billing")
    assert refused.json()["code"] == "not_in_triage"
    ruled = await step(triage, case, "arbitrate", department="billing", reason="扣费争议")
    assert (ruled.json()["department"], ruled.json()["arbitrated"]) == ("billing", True)
    again = await step(billing, case, "return", reason="仍不同意")
    assert (again.status_code, again.json()["code"]) == (409, "arbitration_final")


async def test_an_approved_extension_moves_the_promised_date_and_tells_intake(
    system: System,
) -> None:
    case = await registered(system)
    handler = await system.staff("liwei", "handler", "billing")
    supervisor = await system.staff("zhangmin", "supervisor", "billing")
    await step(handler, case, "accept")
    due = (await handler.get(f"/v1/assignments/{case}")).json()["resolution_due"]
    early = await step(handler, case, "extension", reason="x", until="2026-11-23T00:00:00Z")
    assert (early.status_code, early.json()["code"]) == (400, "invalid_extension")
    until = "2026-12-18T10:00:00Z"
    asked = await step(handler, case, "extension", reason="需要银行回函", until=until)
    assert asked.json()["extension"]["until"] == "2026-12-18T10:00:00+00:00"
    assert (await step(handler, case, "extension", reason="再延", until=until)).status_code == 409
    assert (await step(handler, case, "extension/decision", approve=True)).status_code == 403
    decided = (await step(supervisor, case, "extension/decision", approve=True)).json()
    assert decided["resolution_due"] == "2026-12-18T10:00:00Z" != due
    assert decided["extension"] is None
    await system.drain()
    async with await system.client("complaints:read") as reader:
        body = (await reader.get(f"/v1/complaints/{case}")).json()
    extended = next(e for e in body["timeline"] if e["type"] == "complaint.deadline_extended")
    assert extended["data"]["resolution_due"] == "2026-12-18T10:00:00Z"
    assert body["resolution_due"] == "2026-12-18T10:00:00Z"
    # Follow-up owes the customer a progress update with the new date.
    update = body["timeline"][-1]
    assert (update["type"], update["data"]["purpose"]) == ("callback.scheduled", "progress_update")

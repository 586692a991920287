"""Who sees what: every principal against every route that returns or changes a complaint,
case, callback, attachment, customer history, screen-pop, verdict or figure. One customer has a
billing complaint (resolved, so it owes a satisfaction callback) and a delivery complaint.
Lists answer with the departments they show (B billing, D delivery); single reads and writes
with their status: 404 outside the remit, 403 without the scope."""

from __future__ import annotations

from typing import Any

import httpx

from tests.builders import complaint, customer
from tests.component.routing.test_handling import handle_to_resolved, step
from tests.system import System

ROUTES = (
    "complaint B",
    "complaint D",
    "complaints",
    "customer's",
    "history",
    "screen-pop",
    "attachment",
    "case B",
    "case D",
    "queue",
    "verdict D",
    "accept D",
    "dispatch D",
    "callbacks",
    "callback D",
    "survey D",
    "figures",
)
# One row per principal, one column per route, in ROUTES' order; "-" is an empty list. The
# queue lists open cases: the resolved billing case is not in anyone's.
EXPECTED = {
    "billing handler": "200 404 B B - - 200 200 404 - 404 404 403 403 403 403 403",
    "billing supervisor": "200 404 B B - - 200 200 404 - 404 404 404 403 403 403 403",
    "delivery handler": "404 200 D D - D 404 404 200 D 200 200 403 403 403 403 403",
    "delivery supervisor": "404 200 D D - D 404 404 200 D 200 409 409 403 403 403 403",
    "billing callbacks": "200 404 B B - - 200 403 403 403 403 403 403 B 404 404 B",
    "any callbacks": "200 200 BD BD D D 200 403 403 403 403 403 403 BD 200 201 B",
    "front-line agent": "200 200 BD BD D D 200 403 403 403 403 403 403 403 403 403 403",
    "reader integration": "200 200 BD BD D D 200 403 403 403 403 403 403 403 403 403 403",
    "admin": "200 200 BD BD D D 200 200 200 D 200 409 409 BD 200 201 B",
}
SHORT = {"billing": "B", "delivery": "D"}


def shown(departments: list[str | None]) -> str:
    return "".join(sorted({SHORT[d] for d in departments if d})) or "-"


async def principals(system: System) -> dict[str, httpx.AsyncClient]:
    return {
        "billing handler": await system.staff("bh", "handler", "billing"),
        "billing supervisor": await system.staff("bs", "supervisor", "billing"),
        "delivery handler": await system.staff("dh", "handler", "delivery"),
        "delivery supervisor": await system.staff("ds", "supervisor", "delivery"),
        "billing callbacks": await system.staff("bc", "callback_agent", "billing"),
        "any callbacks": await system.staff("ac", "callback_agent"),
        "front-line agent": await system.staff("fa", "agent"),
        "reader integration": await system.client("complaints:read"),
        "admin": await system.staff("root", "admin"),
    }


async def world(system: System) -> dict[str, str]:
    """The billing complaint resolved (a satisfaction callback is owed), the delivery one
    just routed, both from one caller; a file on the billing one."""
    phone = "13912345678"
    async with await system.client("complaints:write") as writer:
        ids = {}
        for key, text in (("B", "信用卡重复扣费两次，请退款"), ("D", "快递延误五天了还没送到")):
            body = complaint(text=text, customer=customer(phone=phone))
            ids[key] = (await writer.post("/v1/complaints", json=body)).json()["id"]
        pdf = ("scan.pdf", b"%PDF-1.4 scan", "application/pdf")
        upload = await writer.post(f"/v1/complaints/{ids['B']}/attachments", files={"file": pdf})
    await system.drain()
    handler = await system.staff("walker", "handler", "billing")
    approver = await system.staff("signer", "supervisor", "billing")
    await handle_to_resolved(handler, approver, ids["B"])
    await system.drain()
    async with await system.client("admin") as admin:
        found = (await admin.get("/v1/callbacks", params={"department": "delivery"})).json()
        customer_id = (await admin.get(f"/v1/complaints/{ids['B']}")).json()["customer_id"]
    return {
        **ids,
        "phone": phone,
        "file": upload.json()["id"],
        "callback D": found["items"][0]["id"],
        "customer": customer_id,
    }


def listed(response: httpx.Response, key: str = "items") -> str:
    """The departments a list shows, or the status that refused it."""
    if response.status_code != 200:
        return str(response.status_code)
    return shown([item["department"] for item in response.json()[key]])


async def row(client: httpx.AsyncClient, w: dict[str, str]) -> list[str]:
    b, d = w["B"], w["D"]
    complaints = [await client.get(f"/v1/complaints/{c}") for c in (b, d)]
    readable = next((r for r in complaints if r.status_code == 200), None)
    year = {"since": "2026-01-01T00:00:00Z", "until": "2027-01-01T00:00:00Z"}
    return [
        *(str(r.status_code) for r in complaints),
        listed(await client.get("/v1/complaints")),
        listed(await client.get(f"/v1/customers/{w['customer']}/complaints")),
        listed(readable, "customer_history") if readable else "-",
        listed(await client.get(f"/v1/callers/{w['phone']}"), "open_complaints"),
        str((await client.get(f"/v1/complaints/{b}/attachments/{w['file']}")).status_code),
        str((await client.get(f"/v1/assignments/{b}")).status_code),
        str((await client.get(f"/v1/assignments/{d}")).status_code),
        listed(await client.get("/v1/assignments")),
        str((await client.get(f"/v1/validity/{d}")).status_code),
        str((await step(client, d, "accept")).status_code),
        str((await step(client, d, "dispatch", department="billing")).status_code),
        listed(await client.get("/v1/callbacks")),
        str((await client.get(f"/v1/callbacks/{w['callback D']}")).status_code),
        str((await client.post("/v1/surveys", json={"complaint_id": d})).status_code),
        listed(await client.get("/v1/figures", params=year)),
    ]


async def test_every_principal_sees_and_changes_only_what_its_remit_allows(
    system: System,
) -> None:
    w = await world(system)
    found: dict[str, Any] = {}
    for name, client in (await principals(system)).items():
        async with client:
            found[name] = " ".join(await row(client, w))
    assert found == EXPECTED

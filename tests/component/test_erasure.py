"""Erasing a customer on request: afterwards no table of any service holds their name, phone,
e-mail, address or words, their files are gone, and the statistics still count the complaint."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from services.followup import tables as followup_tables
from services.intake import tables as intake_tables
from services.intake.customers.retention import erase_expired
from services.intake.dependencies import IntakeState
from services.routing import tables as routing_tables
from shared.clock import FixedClock
from tests.builders import complaint, customer
from tests.component.routing.test_handling import handle_to_resolved
from tests.system import System

NAME, PHONE, EMAIL = "欧阳娜娜", "13987654321", "nana.oy@example.cn"
ADDRESS, WORDS, ADDED = "A市B区光明路99号", "保温杯盖子松动漏水，手背被烫红了", "发票号INV778899"
MARKERS = (NAME, "欧阳", PHONE, EMAIL, ADDRESS, "保温杯", "INV778899", "回访时很生气")
SCHEMAS = {
    "intake": intake_tables.metadata,
    "routing": routing_tables.metadata,
    "followup": followup_tables.metadata,
}


def readable(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


async def everything_stored(system: System) -> dict[str, str]:
    """Every row of every table of every service, as text."""
    found = {}
    for service, metadata in SCHEMAS.items():
        async with system.services[service].engine.connect() as conn:
            for table in metadata.sorted_tables:
                rows = (await conn.execute(select(table))).all()
                found[table.fullname] = " ".join(readable(v) for row in rows for v in row)
    return found


async def journey(system: System) -> tuple[str, str]:
    """A complaint with a file and added words, handled to resolved, then a satisfaction
    call where the customer spoke; its id and the customer's."""
    who = customer(name=NAME, phone=PHONE, email=EMAIL, postal_address=ADDRESS)
    async with await system.client("complaints:write") as client:
        posted = (
            await client.post(
                "/v1/complaints", json=complaint("phone", text=f"{NAME}：{WORDS}", customer=who)
            )
        ).json()
        photo = ("烫伤.png", b"\x89PNG\r\n\x1a\n" + b"1" * 64, "image/png")
        await client.post(f"/v1/complaints/{posted['id']}/attachments", files={"file": photo})
        await client.post(f"/v1/complaints/{posted['id']}/information", json={"text": ADDED})
    await system.drain()
    case = posted["id"]
    async with await system.client("admin") as admin:
        department = (await admin.get(f"/v1/complaints/{case}")).json()["department"]
    handler = await system.staff("liwei", "handler", department)
    supervisor = await system.staff("zhangmin", "supervisor", department)
    words = {
        "investigation": {"findings": f"{NAME}的保温杯批次有缺陷"},
        "proposal": {"message_to_customer": f"{NAME}女士您好，保温杯费用已退回"},
        "approve": {"comment": f"同意，{NAME}是老客户"},
        "resolve": {"summary": f"已向{NAME}退款"},
    }
    await handle_to_resolved(handler, supervisor, case, words=words)
    await system.drain()
    agent = await system.staff("zhaoqing", "callback_agent")
    async with agent:
        due = (await agent.get("/v1/callbacks", params={"purpose": "satisfaction"})).json()
        [callback] = [c for c in due["items"] if c["complaint_id"] == case]
        await agent.post(f"/v1/callbacks/{callback['id']}/claim")
        said = {"satisfaction": 2, "resolved": False, "comment": "回访时很生气，还要投诉"}
        await agent.post(
            f"/v1/callbacks/{callback['id']}/attempts", json={"outcome": "reached"} | said
        )
    await system.drain()
    async with await system.client("admin") as admin:
        customer_id = (await admin.get(f"/v1/complaints/{case}")).json()["customer_id"]
    return case, customer_id


async def test_an_erased_customer_leaves_no_personal_data_in_any_table(system: System) -> None:
    case, customer_id = await journey(system)
    before = await everything_stored(system)
    assert any(NAME in rows for rows in before.values())  # the search does find what is there
    async with await system.client("complaints:read") as reader:
        refused = await reader.post(f"/v1/customers/{customer_id}/erase")
    async with await system.client("admin") as admin:
        erased = await admin.post(f"/v1/customers/{customer_id}/erase")
        await system.drain()
        after = await everything_stored(system)
        complaint_after = (await admin.get(f"/v1/complaints/{case}")).json()
    assert refused.status_code == 403
    assert erased.json() == {"customer_id": customer_id, "complaints": 1, "files": 1}
    left = {
        table: [m for m in MARKERS if m in rows]
        for table, rows in after.items()
        if any(m in rows for m in MARKERS)
    }
    assert left == {}
    assert complaint_after["attachments"] == [] and complaint_after["text"] == "[erased]"
    async with system.services["routing"].engine.connect() as conn:
        kept = (
            await conn.execute(
                select(routing_tables.assignments.c.department, routing_tables.assignments.c.state)
            )
        ).all()
    async with system.services["intake"].engine.connect() as conn:
        counted = await conn.scalar(select(func.count()).select_from(intake_tables.complaints))
    assert counted == 1 and kept[0].state in ("resolved", "reopened", "closed")
    assert "customer.erased" in [e["type"] for e in complaint_after["timeline"]]


async def test_the_retention_job_erases_customers_whose_complaints_ended_long_ago(
    system: System, clock: FixedClock
) -> None:
    async with await system.client("complaints:write") as client:
        ended = (await client.post("/v1/complaints", json=complaint(text=WORDS))).json()
        await system.drain()
        await client.post(f"/v1/complaints/{ended['id']}/withdraw", json={"reason": "已解决"})
        await system.drain()
        clock.advance(timedelta(days=365 * 6))
        still_open = (await client.post("/v1/complaints", json=complaint(text=WORDS))).json()
    await system.drain()
    intake = system.services["intake"]
    state = intake.state
    assert isinstance(state, IntakeState)
    assert await erase_expired(state.uow, state.files.store, 0) == 0  # 0: keep everything
    assert await erase_expired(state.uow, state.files.store, 5) == 1
    assert await erase_expired(state.uow, state.files.store, 5) == 0  # already erased
    async with await system.client("admin") as admin:
        old = (await admin.get(f"/v1/complaints/{ended['id']}")).json()
        new = (await admin.get(f"/v1/complaints/{still_open['id']}")).json()
    assert old["text"] == "[erased]" and new["text"] == WORDS

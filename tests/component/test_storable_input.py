"""What SQLite takes and PostgreSQL refuses (a NUL, a value longer than its column, an instant
or integer out of range) is answered with a 4xx and a stable code on both, and nothing is
written; a gateway's message is cleaned instead and kept. Runs on both databases under
`make test`."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from sqlalchemy import func, select

from services.intake.tables import complaints
from shared.clock import FixedClock
from tests.builders import complaint, customer
from tests.component.gateways.test_email_webhooks import KEY, mailgun_form, mailgun_signed
from tests.component.gateways.test_sms_webhooks import integrations
from tests.component.routing.test_handling import registered, step
from tests.system import System

NUL = "\x00"


async def stored(system: System) -> int:
    async with system.services["intake"].engine.connect() as conn:
        return int((await conn.scalar(select(func.count()).select_from(complaints))) or 0)


BAD_COMPLAINTS: dict[str, tuple[dict[str, Any], str]] = {
    "NUL in the text": (complaint(text=f"扣费{NUL}两次"), "nul_character"),
    "NUL in the name": (complaint(customer=customer(name=f"王{NUL}丽")), "nul_character"),
    "NUL in a message id": (
        complaint("web", details={"message_id": f"m{NUL}1", "sender_address": "a@b.cn"}),
        "nul_character",
    ),
    "received in year 1, east of UTC": (
        complaint(received_at="0001-01-01T00:00:00+14:00"),
        "validation_error",
    ),
    "received in year 9999, west of UTC": (
        complaint(received_at="9999-12-31T23:59:59-12:00"),
        "validation_error",
    ),
    "a do-not-disturb window of 25:00-99:99": (
        complaint(customer=customer(do_not_disturb="25:00-99:99")),
        "validation_error",
    ),
    "a counter ticket longer than its reference column": (
        complaint("on_site", details={"branch_code": "B" * 200, "staff_id": "S", "ticket_id": "T"}),
        "validation_error",
    ),
}


@pytest.mark.parametrize("case", BAD_COMPLAINTS)
async def test_a_complaint_that_cannot_be_stored_is_refused_and_nothing_written(
    system: System, case: str
) -> None:
    body, code = BAD_COMPLAINTS[case]
    async with await system.client("complaints:write") as client:
        answer = await client.post("/v1/complaints", json=body)
    assert (answer.status_code, answer.json()["code"]) == (422, code)
    assert await stored(system) == 0


def cursor(at: str, tiebreak: object) -> str:
    """A cursor as a client could forge one."""
    return base64.urlsafe_b64encode(json.dumps([at, tiebreak]).encode()).decode()


BAD_READS = {
    "/v1/complaints?from=0001-01-01T00:00:00%2B14:00": "validation_error",
    "/v1/complaints?to=9999-12-31T23:59:59-12:00": "validation_error",
    "/v1/complaints?phone=138%0000": "nul_character",
    f"/v1/complaints?cursor={cursor('0001-01-01T00:00:00+14:00', 1)}": "invalid_cursor",
    f"/v1/complaints?cursor={cursor('2026-01-01T00:00:00+00:00', 10**21)}": "invalid_cursor",
    f"/v1/callbacks?cursor={cursor('9999-12-31T23:59:59-12:00', 'x')}": "invalid_cursor",
    "/v1/callbacks?due_before=0001-01-01T00:00:00%2B14:00": "validation_error",
    "/v1/figures?since=0001-01-01T00:00:00%2B14:00&until=2026-01-01T00:00:00Z": (
        "validation_error"
    ),
    "/v1/rules/1099511627776/changes": "validation_error",
}


@pytest.mark.parametrize("url", BAD_READS)
async def test_reads_with_values_out_of_range_are_refused(system: System, url: str) -> None:
    async with await system.client("admin") as client:
        answer = await client.get(url)
    assert answer.status_code in (400, 422), answer.text
    assert answer.json()["code"] == BAD_READS[url]


async def test_a_rule_position_beyond_its_column_is_refused(system: System) -> None:
    rule = {"name": "big", "department": "billing", "keywords": ["扣费"], "position": 2**40}
    async with await system.client("admin") as client:
        answer = await client.post("/v1/rules", json=rule)
    assert (answer.status_code, answer.json()["code"]) == (422, "validation_error")


async def test_a_nul_in_added_information_is_refused(system: System) -> None:
    async with await system.client("complaints:write") as client:
        posted = (await client.post("/v1/complaints", json=complaint())).json()
        answer = await client.post(
            f"/v1/complaints/{posted['id']}/information", json={"text": f"补充{NUL}"}
        )
    assert (answer.status_code, answer.json()["code"]) == (422, "nul_character")


async def test_an_attachment_name_longer_than_its_column_is_cut_keeping_the_extension(
    system: System,
) -> None:
    pdf = ("收据" * 500 + ".pdf", b"%PDF-1.4 receipt", "application/pdf")
    async with await system.client("admin") as client:
        posted = (await client.post("/v1/complaints", json=complaint("letter"))).json()
        upload = await client.post(
            f"/v1/complaints/{posted['id']}/attachments", files={"file": pdf}
        )
    assert upload.status_code == 201, upload.text
    name = upload.json()["filename"]
    assert len(name) == 255 and name.startswith("收据") and name.endswith(".pdf")


async def test_a_mail_with_a_nul_in_its_sender_and_a_long_subject_is_cleaned_and_kept(
    system: System, clock: FixedClock
) -> None:
    await integrations(system).create("mg", "mailgun", secret=KEY)
    form = mailgun_form("年费被扣了两次。") | {
        "from": f"Zhao{NUL} Lei <zhao.lei{NUL}@mail.example>",
        "sender": f"zhao.lei{NUL}@mail.example",
        "subject": "年费" * 300,
    }
    async with await system.client("admin") as client:
        answer = await client.post("/v1/inbound/mailgun/mg", data=form | mailgun_signed(clock))
        assert answer.status_code == 200, answer.text
        case = (await client.get(f"/v1/complaints/{answer.json()['complaint_id']}")).json()
    assert NUL not in str(case)
    assert case["details"]["sender_address"] == "zhao.lei@mail.example"
    assert len(case["messages"][0]["subject"]) == 500


async def test_an_extension_beyond_any_sane_date_is_refused(system: System) -> None:
    case = await registered(system)
    handler = await system.staff("liwei", "handler", "billing")
    await step(handler, case, "accept")
    answer = await step(
        handler, case, "extension", reason="需要厂家检测", until="9999-12-31T00:00:00Z"
    )
    assert (answer.status_code, answer.json()["code"]) == (422, "validation_error")


async def test_a_failed_statement_never_logs_its_values(system: System) -> None:
    """A database error is logged with its statement, not with the customers' words in it."""
    for service in system.services.values():
        assert service.engine.sync_engine.hide_parameters
    assert system.keys.engine.sync_engine.hide_parameters

"""Follow-up on real Kafka and PostgreSQL, every process real, a local SMS gateway standing in
for the provider: resolved -> satisfaction callback the next working day -> two unanswered
calls -> SMS survey -> reply "2" -> reopened and escalated; another case answers "5" and ends
closed. The day and the two hours between calls are skipped by moving the callback's planned
time in the database; the scheduling itself is tested with an explicit clock in unit tests."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import text

from devtools.sms_gateway import SmsGateway
from devtools.stack import Stack
from shared.db.engine import make_engine
from tests.builders import a_phone, complaint, customer

pytestmark = [pytest.mark.kafka, pytest.mark.integration]
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="module")
def gateway() -> Iterator[SmsGateway]:
    started = SmsGateway(token="gw-secret").start()
    yield started
    started.stop()


@pytest.fixture(scope="module")
def stack_env(gateway: SmsGateway) -> dict[str, str]:
    return {
        "FOLLOWUP_SMS_GATEWAY_URL": gateway.url,
        "FOLLOWUP_SMS_GATEWAY_TOKEN": "gw-secret",
        "FOLLOWUP_PHONE_ATTEMPTS": "2",
        "FOLLOWUP_DISPATCH_SECONDS": "0.3",
    }


def until(check: Callable[[], Any], what: str, timeout: float = 60) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.2)
    raise AssertionError(f"never happened: {what}")


def the_day_has_come(stack: Stack, callback_id: str) -> None:
    """Skip the wait: the callback's planned time is now."""

    async def run() -> None:
        engine = make_engine(stack.database_url, schemas=["followup"])
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "UPDATE followup.callbacks SET scheduled_for = now() - interval '1 minute' "
                    "WHERE id = :id"
                ),
                {"id": callback_id},
            )
        await engine.dispose()

    asyncio.run(run())


def surveys_to(gateway: SmsGateway, phone: str) -> list[str]:
    """The survey texts (an acknowledgment may also have been sent, if it went out before the
    case was resolved)."""
    return [text for text in gateway.texts_to(phone) if "请回复数字评价" in text]


class Journey:
    def __init__(self, stack: Stack) -> None:
        admin = {"X-API-Key": stack.api_key("admin")}
        self.intake = httpx.Client(base_url=stack.url("intake"), headers=admin, timeout=30)
        self.routing = httpx.Client(base_url=stack.url("routing"), timeout=30)
        self.followup = httpx.Client(base_url=stack.url("followup"), headers=admin, timeout=30)
        self.handler = {"X-API-Key": stack.staff_key("fj.handler", "handler", "billing")}
        self.supervisor = {"X-API-Key": stack.staff_key("fj.super", "supervisor", "billing")}

    def resolved(self, phone: str, **contact: Any) -> str:
        body = complaint(
            text="信用卡重复扣费两次，请退款", customer=customer(phone=phone, **contact)
        )
        case: str = self.intake.post("/v1/complaints", json=body).json()["id"]
        self.timeline_has(case, "complaint.routed")
        h, s = self.handler, self.supervisor
        for who, step, payload in [
            (h, "accept", {}),
            (
                h,
                "investigation",
                {
                    "findings": "重复扣费",
                    "root_cause": "billing_price",
                    "responsibility": "company",
                },
            ),
            (
                h,
                "proposal",
                {
                    "remedies": ["refund"],
                    "amount": "120",
                    "message_to_customer": "重复扣除的120元已退回",
                },
            ),
            (s, "approve", {}),
            (h, "implement", {}),
            (h, "resolve", {"summary": "已退款"}),
        ]:
            answer = self.routing.post(f"/v1/assignments/{case}/{step}", json=payload, headers=who)
            assert answer.status_code == 200, answer.text
        return case

    def timeline_has(self, case: str, kind: str, **data: Any) -> dict[str, Any]:
        def seen() -> dict[str, Any] | None:
            body: dict[str, Any] = self.intake.get(f"/v1/complaints/{case}").json()
            entries = [
                e
                for e in body["timeline"]
                if e["type"] == kind and all(e["data"].get(k) == v for k, v in data.items())
            ]
            return body if entries else None

        found: dict[str, Any] = until(seen, f"{kind} {data} on {case}")
        return found

    def satisfaction(self, case: str) -> dict[str, Any]:
        def found() -> dict[str, Any] | None:
            items = self.followup.get("/v1/callbacks", params={"purpose": "satisfaction"})
            return next((c for c in items.json()["items"] if c["complaint_id"] == case), None)

        callback: dict[str, Any] = until(found, f"satisfaction callback for {case}")
        return callback

    def sms(self, phone: str, text_: str) -> dict[str, Any]:
        body = complaint(
            "sms",
            text=text_,
            customer=customer(name="客户", phone=phone),
            details={"message_id": f"sms-{a_phone()}", "sender_address": phone},
        )
        answer = self.intake.post("/v1/complaints", json=body)
        assert answer.status_code == 202, answer.text
        accepted: dict[str, Any] = answer.json()
        return accepted


def test_two_unanswered_calls_then_sms_survey_2_reopens_and_5_closes(
    stack: Stack, gateway: SmsGateway
) -> None:
    j = Journey(stack)
    unhappy, happy = "+8613900000201", "+8613900000202"
    case = j.resolved(unhappy)
    callback = j.satisfaction(case)
    planned = datetime.fromisoformat(callback["scheduled_for"]).astimezone(SHANGHAI)
    today = datetime.now(UTC).astimezone(SHANGHAI).date()
    next_working = today + timedelta(days=1)
    while next_working.weekday() >= 5:
        next_working += timedelta(days=1)
    assert (callback["channel"], planned.date(), planned.time().isoformat()) == (
        "phone",
        next_working,
        "09:00:00",
    )

    agents = [{"X-API-Key": stack.staff_key(f"fj.agent{n}", "callback_agent")} for n in (1, 2)]
    for n, agent in enumerate(agents, start=1):
        the_day_has_come(stack, callback["id"])
        claim = j.followup.post(f"/v1/callbacks/{callback['id']}/claim", headers=agent)
        assert claim.status_code == 200, claim.text
        attempt = j.followup.post(
            f"/v1/callbacks/{callback['id']}/attempts",
            headers=agent,
            json={"outcome": "no_answer", "notes": f"第{n}次无人接听"},
        )
        moved = attempt.json()
        if n == 1:
            gap = datetime.fromisoformat(moved["scheduled_for"]) - datetime.now(UTC)
            assert moved["channel"] == "phone" and gap >= timedelta(hours=1, minutes=59)
    assert moved["channel"] == "sms"
    the_day_has_come(stack, callback["id"])  # the survey may wait for message hours
    until(lambda: surveys_to(gateway, unhappy), "the SMS survey at the gateway")
    j.timeline_has(case, "callback.attempted", callback_id=callback["id"], outcome="sent")

    assert j.sms(unhappy, "2")["recorded_as"] == "survey_reply"
    body = j.timeline_has(case, "complaint.escalated", reason="reopened")
    assert body["status"] == "reopened"
    routing_case = j.routing.get(f"/v1/assignments/{case}", headers=j.supervisor).json()
    assert routing_case["state"] == "reopened"
    assert routing_case["steps"][-1]["details"]["score"] == 2

    other = j.resolved(happy, preferred_channel="sms")
    survey = j.satisfaction(other)
    assert survey["channel"] == "sms"
    the_day_has_come(stack, survey["id"])
    j.timeline_has(other, "callback.attempted", callback_id=survey["id"], outcome="sent")
    assert j.sms(happy, "5")["recorded_as"] == "survey_reply"
    assert j.timeline_has(other, "complaint.closed", outcome="satisfied")["status"] == "closed"
    assert [len(surveys_to(gateway, p)) for p in (unhappy, happy)] == [1, 1]

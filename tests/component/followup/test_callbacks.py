"""Follow-up end to end on the embedded wiring, with an explicit clock and a local SMS gateway:
the satisfaction callback, the agents' queue, retries, the SMS survey and what its answer
does to the case."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import pytest

from devtools.sms_gateway import SmsGateway
from services.followup.dependencies import FollowupState
from shared.clock import FixedClock
from tests.builders import a_phone, complaint, customer
from tests.component.routing.test_handling import handle_to_resolved, step
from tests.system import System


@pytest.fixture
def gateway() -> Iterator[SmsGateway]:
    started = SmsGateway().start()
    yield started
    started.stop()


@pytest.fixture
async def system(
    database_url: str, clock: FixedClock, gateway: SmsGateway, tmp_path: Path
) -> AsyncIterator[System]:
    built = System(
        database_url,
        clock,
        extra_settings={
            "sms_gateway_url": gateway.url,
            "sms_timeout_seconds": 0.5,
            "phone_attempts": 2,
            "spool_dir": str(tmp_path / "spool"),
        },
    )
    await built.start()
    yield built
    await built.close()


def followup(system: System) -> FollowupState:
    state = system.services["followup"].state
    assert isinstance(state, FollowupState)
    return state


async def resolved_case(system: System, phone: str, **extra: Any) -> str:
    """A complaint walked through handling to resolved; its id."""
    async with await system.client("complaints:write") as client:
        body = complaint(text="信用卡重复扣费两次，请退款", customer=customer(phone=phone, **extra))
        case = (await client.post("/v1/complaints", json=body)).json()["id"]
    await system.drain()
    handler = await system.staff(f"h{phone[-6:]}", "handler", "billing")
    supervisor = await system.staff(f"s{phone[-6:]}", "supervisor", "billing")
    await handle_to_resolved(handler, supervisor, case, words={"resolve": {"summary": "已退款"}})
    await system.drain()
    return str(case)


async def satisfaction_callback(system: System, case: str) -> dict[str, Any]:
    async with await system.client("callbacks:read") as reader:
        page = (await reader.get("/v1/callbacks", params={"purpose": "satisfaction"})).json()
    found: dict[str, Any] = next(c for c in page["items"] if c["complaint_id"] == case)
    return found


async def call(
    agent: httpx.AsyncClient, callback: str, outcome: str, **answer: Any
) -> httpx.Response:
    claimed = await agent.post(f"/v1/callbacks/{callback}/claim")
    assert claimed.status_code == 200, claimed.text
    return await agent.post(
        f"/v1/callbacks/{callback}/attempts", json={"outcome": outcome, **answer}
    )


async def reply_by_sms(system: System, phone: str, text: str) -> dict[str, Any]:
    async with await system.client("complaints:write") as client:
        body = complaint(
            "sms",
            text=text,
            customer=customer(name="客户", phone=phone),
            details={"message_id": f"sms-{a_phone()}", "sender_address": phone},
        )
        answer = await client.post("/v1/complaints", json=body)
    assert answer.status_code == 202, answer.text
    await system.drain()
    accepted: dict[str, Any] = answer.json()
    return accepted


async def test_unanswered_calls_then_an_sms_survey_answered_2_reopens_and_escalates(
    system: System, clock: FixedClock, gateway: SmsGateway
) -> None:
    phone = "+8613912345678"
    case = await resolved_case(system, phone)
    callback = await satisfaction_callback(system, case)
    # Resolved on Monday 10:00: called from the next working day, at the first allowed time.
    assert (callback["channel"], callback["scheduled_for"]) == ("phone", "2026-11-24T01:00:00Z")
    agent, other = (
        await system.staff("zhao", "callback_agent"),
        await system.staff("qian", "callback_agent"),
    )
    too_early = await agent.post(f"/v1/callbacks/{callback['id']}/claim")
    assert (too_early.status_code, too_early.json()["code"]) == (409, "not_claimable")

    clock.set(datetime.fromisoformat("2026-11-24T01:05:00+00:00"))
    queue = (await agent.get("/v1/callbacks/queue")).json()
    assert [c["id"] for c in queue] == [callback["id"]]
    claimed = (await agent.post(f"/v1/callbacks/{callback['id']}/claim")).json()
    assert claimed["outline"]["introduction"].startswith("我是Tousu客户服务中心的zhao")
    assert "120元" in claimed["outline"]["questions"][0]
    taken = await other.post(f"/v1/callbacks/{callback['id']}/claim")
    assert (taken.status_code, taken.json()["code"]) == (409, "already_claimed")
    assert (await other.get("/v1/callbacks/queue")).json() == []
    first = (
        await agent.post(
            f"/v1/callbacks/{callback['id']}/attempts",
            json={"outcome": "no_answer", "notes": "响铃无人接"},
        )
    ).json()
    assert (first["status"], first["attempts"]) == ("scheduled", 1)
    assert first["scheduled_for"] == "2026-11-24T03:05:00Z"  # two hours on, in allowed hours

    clock.set(datetime.fromisoformat("2026-11-24T03:10:00+00:00"))
    second = (await call(other, callback["id"], "busy")).json()
    assert (second["channel"], second["status"]) == ("sms", "scheduled")
    await followup(system).dispatcher.run_once()
    await system.drain()
    assert len(gateway.texts_to(phone)) == 1 and "回复数字评价" in gateway.texts_to(phone)[0]

    answered = await reply_by_sms(system, phone, "2")
    assert (answered["id"], answered["recorded_as"]) == (case, "survey_reply")
    done = await satisfaction_callback(system, case)
    assert (done["status"], done["outcome"], done["score"]) == ("completed", "replied", 2)
    supervisor = await system.staff("zhouyu", "supervisor", "billing")
    routing_case = (await supervisor.get(f"/v1/assignments/{case}")).json()
    assert routing_case["state"] == "reopened"
    assert routing_case["steps"][-1]["details"]["score"] == 2
    async with await system.client("complaints:read") as reader:
        complaint_now = (await reader.get(f"/v1/complaints/{case}")).json()
    assert complaint_now["status"] == "reopened"
    escalated = [e for e in complaint_now["timeline"] if e["type"] == "complaint.escalated"]
    assert escalated[-1]["data"]["level"] == "supervise"
    assert escalated[-1]["data"]["reason"] == "reopened"
    handler = await system.staff("hzhou", "handler", "billing")
    assert (await step(handler, case, "accept")).status_code == 200  # handled again


async def test_a_reached_customer_who_gives_5_closes_the_case(
    system: System, clock: FixedClock
) -> None:
    case = await resolved_case(system, "+8613912340005")
    callback = await satisfaction_callback(system, case)
    clock.set(datetime.fromisoformat(callback["scheduled_for"]) + timedelta(minutes=1))
    agent = await system.staff("sun", "callback_agent")
    missing = await call(agent, callback["id"], "reached")
    assert (missing.status_code, missing.json()["code"]) == (400, "satisfaction_required")
    done = await agent.post(
        f"/v1/callbacks/{callback['id']}/attempts",
        json={
            "outcome": "reached",
            "satisfaction": 5,
            "resolved": True,
            "comment": "退款收到了，谢谢",
        },
    )
    assert done.json()["outcome"] == "reached"
    await system.drain()
    async with await system.client("complaints:read") as reader:
        assert (await reader.get(f"/v1/complaints/{case}")).json()["status"] == "closed"
    async with await system.client("callbacks:read") as reader:
        figures = (
            await reader.get(
                "/v1/figures",
                params={"since": "2026-11-01T00:00:00Z", "until": "2026-12-01T00:00:00Z"},
            )
        ).json()
    row = figures["items"][0]
    assert (row["department"], row["owed"], row["reached"], row["csat"]) == ("billing", 1, 1, 1.0)
    assert row["reopen_rate"] == 0.0


async def test_the_gateway_timing_out_never_sends_the_survey_twice(
    system: System, clock: FixedClock, gateway: SmsGateway
) -> None:
    phone = "+8613912340006"
    case = await resolved_case(system, phone, preferred_channel="sms")
    callback = await satisfaction_callback(system, case)
    assert callback["channel"] == "sms"
    clock.set(datetime.fromisoformat(callback["scheduled_for"]))
    gateway.slow_first = 1.5  # the gateway takes the message, then answers too late
    dispatcher = followup(system).dispatcher
    await dispatcher.run_once()
    assert gateway.requests == 1
    clock.advance(timedelta(minutes=5))  # past the retry's backoff
    await dispatcher.run_once()
    await dispatcher.run_once()
    assert gateway.requests == 2 and len(gateway.texts_to(phone)) == 1
    async with await system.client("callbacks:read") as reader:
        file = (await reader.get(f"/v1/callbacks/{callback['id']}")).json()
    assert [(m["status"], m["tries"]) for m in file["messages"]] == [("sent", 2)]
    assert file["status"] == "awaiting_reply"


async def test_a_wrong_number_is_flagged_at_intake_and_never_called_or_texted_again(
    system: System, clock: FixedClock, gateway: SmsGateway, tmp_path: Path
) -> None:
    phone = "+8613912340007"
    case = await resolved_case(system, phone, email="wang@example.cn")
    callback = await satisfaction_callback(system, case)
    clock.set(datetime.fromisoformat(callback["scheduled_for"]))
    agent = await system.staff("li", "callback_agent")
    moved = (await call(agent, callback["id"], "wrong_number", notes="空号")).json()
    assert (moved["channel"], moved["status"]) == ("email", "scheduled")
    await followup(system).dispatcher.run_once()
    await system.drain()
    assert gateway.texts_to(phone) == []
    spooled = list((tmp_path / "spool" / "email").glob("*.json"))
    assert len(spooled) == 1 and "请评价投诉处理结果" in spooled[0].read_text(encoding="utf-8")
    async with await system.client("complaints:read") as reader:
        timeline = (await reader.get(f"/v1/complaints/{case}")).json()["timeline"]
    assert "contact.invalidated" in [e["type"] for e in timeline]


async def test_a_withdrawn_complaint_cancels_what_is_pending(system: System) -> None:
    async with await system.client("complaints:write") as client:
        case = (await client.post("/v1/complaints", json=complaint())).json()["id"]
        await system.drain()
        withdrawn = await client.post(
            f"/v1/complaints/{case}/withdraw", json={"reason": "已与门店协商解决"}
        )
        assert withdrawn.json()["status"] == "withdrawn"
        again = await client.post(f"/v1/complaints/{case}/withdraw", json={"reason": "x"})
        assert (again.status_code, again.json()["code"]) == (409, "complaint_closed")
    await system.drain()
    async with await system.client("callbacks:read") as reader:
        page = (await reader.get("/v1/callbacks")).json()["items"]
    assert [(c["purpose"], c["status"]) for c in page if c["complaint_id"] == case] == [
        ("acknowledgment", "cancelled")
    ]


async def test_an_sms_with_no_survey_waiting_is_a_new_complaint(system: System) -> None:
    phone = "+8613912340009"
    first = await reply_by_sms(system, phone, "5")
    assert first["recorded_as"] == "complaint"


async def test_an_undelivered_survey_reported_by_the_gateway_moves_to_email(
    system: System, clock: FixedClock, gateway: SmsGateway
) -> None:
    case = await resolved_case(
        system, "+8613912340010", preferred_channel="sms", email="zhou@example.cn"
    )
    callback = await satisfaction_callback(system, case)
    clock.set(datetime.fromisoformat(callback["scheduled_for"]))
    await followup(system).dispatcher.run_once()
    async with await system.client("callbacks:read", "messages:report") as client:
        [message] = (await client.get(f"/v1/callbacks/{callback['id']}")).json()["messages"]
        report = await client.post(
            f"/v1/messages/{message['id']}/delivery",
            json={"status": "failed", "error": "absent subscriber"},
        )
        assert report.status_code == 204
        moved = (await client.get(f"/v1/callbacks/{callback['id']}")).json()
    assert (moved["channel"], moved["status"]) == ("email", "scheduled")
    assert moved["messages"][0]["status"] == "undelivered"
    assert [a["outcome"] for a in moved["attempt_log"]] == ["sent", "failed"]


async def test_a_quality_survey_records_the_score_without_deciding_the_case(
    system: System, clock: FixedClock, gateway: SmsGateway
) -> None:
    phone = "+8613912340011"
    case = await resolved_case(system, phone, preferred_channel="sms")
    satisfaction = await satisfaction_callback(system, case)
    clock.set(datetime.fromisoformat(satisfaction["scheduled_for"]))
    await followup(system).dispatcher.run_once()
    await system.drain()
    await reply_by_sms(system, phone, "5")  # satisfied: closed
    agent = await system.staff("feng", "callback_agent")
    planned = await agent.post("/v1/surveys", json={"complaint_id": case})
    assert (planned.status_code, planned.json()["purpose"]) == (201, "survey")
    unknown = await agent.post("/v1/surveys", json={"complaint_id": str(uuid4())})
    assert (unknown.status_code, unknown.json()["code"]) == (404, "case_not_found")
    clock.set(datetime.fromisoformat(planned.json()["scheduled_for"]))
    await followup(system).dispatcher.run_once()
    await system.drain()
    assert len(gateway.texts_to(phone)) == 2
    await reply_by_sms(system, phone, "不满意")
    async with await system.client("callbacks:read", "complaints:read") as reader:
        survey = (await reader.get(f"/v1/callbacks/{planned.json()['id']}")).json()
        status = (await reader.get(f"/v1/complaints/{case}")).json()["status"]
    # Words without a number: no score, and the customer says it is not resolved.
    assert (survey["status"], survey["score"], survey["resolved"]) == ("completed", None, False)
    assert status == "closed"  # a quality survey neither closes nor reopens


async def test_a_call_is_not_posted(system: System, clock: FixedClock) -> None:
    case = await resolved_case(system, "+8613912340012")
    callback = await satisfaction_callback(system, case)
    clock.set(datetime.fromisoformat(callback["scheduled_for"]))
    agent = await system.staff("chu", "callback_agent")
    wrong = await call(agent, callback["id"], "posted")
    assert (wrong.status_code, wrong.json()["code"]) == (400, "invalid_outcome")
    nosy = await agent.post(
        f"/v1/callbacks/{callback['id']}/attempts", json={"outcome": "busy", "satisfaction": 3}
    )
    assert (nosy.status_code, nosy.json()["code"]) == (422, "validation_error")


async def sms_survey_sent(system: System, clock: FixedClock, phone: str) -> tuple[str, str]:
    """A resolved case whose customer prefers SMS: the satisfaction survey goes out by SMS."""
    case = await resolved_case(system, phone, preferred_channel="sms")
    survey = await satisfaction_callback(system, case)
    clock.set(datetime.fromisoformat(survey["scheduled_for"]))
    await followup(system).dispatcher.run_once()
    await system.drain()
    return case, survey["id"]


async def test_a_dissatisfied_answer_in_words_reopens_the_case_with_them(
    system: System, clock: FixedClock
) -> None:
    case, survey = await sms_survey_sent(system, clock, "+8613912340021")
    answered = await reply_by_sms(system, "+8613912340021", "不满意，钱到现在还没退回来")
    async with await system.client("callbacks:read", "complaints:read") as reader:
        callback = (await reader.get(f"/v1/callbacks/{survey}")).json()
        found = (await reader.get(f"/v1/complaints/{case}")).json()
    assert answered["recorded_as"] == "survey_reply"
    assert (callback["score"], callback["resolved"]) == (None, False)
    assert found["status"] == "reopened"
    [reopened] = [e for e in found["timeline"] if e["type"] == "complaint.reopened"]
    assert "还没退回来" in str(reopened["data"])


async def test_an_answer_nobody_can_read_with_confidence_goes_to_an_agent(
    system: System, clock: FixedClock
) -> None:
    case, survey = await sms_survey_sent(system, clock, "+8613912340022")
    await reply_by_sms(system, "+8613912340022", "3")  # a bare neutral score
    async with await system.client("callbacks:read", "complaints:read") as reader:
        callback = (await reader.get(f"/v1/callbacks/{survey}")).json()
        status = (await reader.get(f"/v1/complaints/{case}")).json()["status"]
    assert (callback["channel"], callback["status"]) == ("phone", "scheduled")
    assert callback["attempt_log"][-1]["outcome"] == "unclear_reply"
    assert status == "resolved"  # neither closed nor reopened: a person asks

"""Intake's HTTP contract, through the real app on SQLite and the in-process bus."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from services.intake.tables import complaints, outbox
from shared.events.envelope import Envelope
from tests.builders import CHANNELS, complaint, customer, details
from tests.system import System


async def count(system: System, table: object) -> int:
    async with system.services["intake"].engine.connect() as conn:
        return int((await conn.execute(select(func.count()).select_from(table))).scalar_one())  # type: ignore[arg-type]


@pytest.mark.parametrize("channel", CHANNELS)
async def test_every_channel_is_accepted_with_reference_and_deadline(
    system: System, channel: str
) -> None:
    async with await system.client("complaints:write") as client:
        response = await client.post("/v1/complaints", json=complaint(channel))
    assert response.status_code == 202
    body = response.json()
    assert body["reference"] == "TS-2026-000001"
    assert body["status"] == "registered"
    assert body["first_response_due"] == (
        system.clock.now() + timedelta(hours=24)
    ).isoformat().replace("+00:00", "Z")


async def test_complaint_is_routed_and_acknowledgment_scheduled_on_the_timeline(
    system: System,
) -> None:
    async with await system.client("admin") as client:
        created = (await client.post("/v1/complaints", json=complaint("web"))).json()
        await system.drain()
        body = (await client.get(f"/v1/complaints/{created['id']}")).json()
    assert body["status"] == "routed"
    assert body["department"] == "billing"
    assert [e["type"] for e in body["timeline"]] == [
        "complaint.registered",
        "complaint.routed",
        "callback.scheduled",
    ]


async def test_unknown_channel_gets_a_stable_code_and_writes_nothing(system: System) -> None:
    async with await system.client("complaints:write") as client:
        response = await client.post("/v1/complaints", json=complaint("web") | {"channel": "fax"})
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_channel"
    assert await count(system, complaints) == 0 and await count(system, outbox) == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "字" * 10_001}, "text"),
        ({"details": {"call_id": "x"}}, "details.caller_number"),
        ({"customer": {"name": "x", "timezone": "Mars/Olympus"}}, "customer.timezone"),
        ({"surprise": 1}, "surprise"),
    ],
)
async def test_bad_payload_is_a_validation_error_naming_the_field(
    system: System, change: dict[str, object], field: str
) -> None:
    async with await system.client("complaints:write") as client:
        response = await client.post("/v1/complaints", json=complaint("phone") | change)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert any(d["field"].endswith(field) for d in body["details"]), body
    assert await count(system, complaints) == 0


async def test_invalid_phone_and_missing_contact_are_refused(system: System) -> None:
    async with await system.client("complaints:write") as client:
        bad_phone = await client.post(
            "/v1/complaints",
            json=complaint("web", customer=customer(phone="12"), details=details("web")),
        )
        no_contact = await client.post(
            "/v1/complaints", json=complaint("on_site", customer=customer(phone=None))
        )
    assert (bad_phone.status_code, bad_phone.json()["code"]) == (422, "invalid_contact")
    assert (no_contact.status_code, no_contact.json()["code"]) == (422, "missing_contact")
    assert await count(system, complaints) == 0


async def test_missing_key_is_401_and_wrong_scope_403_and_nothing_is_written(
    system: System,
) -> None:
    async with await system.client("") as anonymous:
        missing = await anonymous.post("/v1/complaints", json=complaint())
        bogus = await anonymous.post(
            "/v1/complaints", json=complaint(), headers={"X-API-Key": "tsk_nope"}
        )
    async with await system.client("complaints:read") as reader:
        wrong = await reader.post("/v1/complaints", json=complaint())
    assert (missing.status_code, missing.json()["code"]) == (401, "unauthenticated")
    assert missing.headers["www-authenticate"]
    assert (bogus.status_code, bogus.json()["code"]) == (401, "unauthenticated")
    assert (wrong.status_code, wrong.json()["code"]) == (403, "forbidden")
    assert await count(system, complaints) == 0


async def test_bearer_token_is_accepted(system: System) -> None:
    key = await system.key("complaints:write")
    async with await system.client("") as client:
        response = await client.post(
            "/v1/complaints", json=complaint(), headers={"Authorization": f"Bearer {key}"}
        )
    assert response.status_code == 202


async def test_idempotency_key_replays_the_original(system: System) -> None:
    body = complaint("on_site", details=details("on_site") | {"ticket_id": None})
    async with await system.client("complaints:write") as client:
        first = await client.post("/v1/complaints", json=body, headers={"Idempotency-Key": "k-1"})
        again = await client.post("/v1/complaints", json=body, headers={"Idempotency-Key": "k-1"})
        other = await client.post(
            "/v1/complaints", json=body | {"text": "另一件事"}, headers={"Idempotency-Key": "k-1"}
        )
    assert again.status_code == 202 and again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert (other.status_code, other.json()["code"]) == (409, "idempotency_key_reused")
    assert await count(system, complaints) == 1 and await count(system, outbox) == 1


async def test_same_channel_reference_is_one_complaint(system: System) -> None:
    body = complaint("email")
    async with await system.client("complaints:write") as client:
        first = await client.post("/v1/complaints", json=body)
        redelivered = await client.post("/v1/complaints", json=body)
    assert redelivered.json()["id"] == first.json()["id"]
    assert await count(system, complaints) == 1


async def test_customer_is_recognised_across_channels_and_repeats_counted(system: System) -> None:
    async with await system.client("admin") as client:
        by_phone = await client.post(
            "/v1/complaints", json=complaint("phone", customer=customer(phone="138 0013 8000"))
        )
        by_sms = await client.post(
            "/v1/complaints",
            json=complaint(
                "sms",
                customer={"name": "王丽"},
                details=details("sms") | {"sender_address": "+86 13800138000"},
            ),
        )
        by_email = await client.post(
            "/v1/complaints",
            json=complaint(
                "email", customer=customer(phone="+86-138-0013-8000", email="Wang.Li@Example.cn")
            ),
        )
        first = (await client.get(f"/v1/complaints/{by_phone.json()['id']}")).json()
        third = (await client.get(f"/v1/complaints/{by_email.json()['id']}")).json()
        listed = (await client.get(f"/v1/customers/{first['customer_id']}/complaints")).json()
    assert [r.json()["repeat_count"] for r in (by_phone, by_sms, by_email)] == [0, 1, 2]
    assert third["customer_id"] == first["customer_id"]
    assert len(listed["items"]) == 3


async def test_search_filters_and_paginates(system: System) -> None:
    async with await system.client("admin") as client:
        for channel in CHANNELS:
            await client.post(
                "/v1/complaints", json=complaint(channel, customer=customer(phone="13900001111"))
            )
            system.clock.advance(timedelta(minutes=1))
        await client.post(
            "/v1/complaints",
            json=complaint(
                "web",
                customer=customer(name="Other", phone=None, email="other@example.com"),
                details=details("web") | {"sender_address": "other@example.com"},
            ),
        )
        page1 = (
            await client.get("/v1/complaints", params={"phone": "139 0000 1111", "limit": 4})
        ).json()
        page2 = (
            await client.get(
                "/v1/complaints",
                params={"phone": "13900001111", "limit": 4, "cursor": page1["next_cursor"]},
            )
        ).json()
        by_email = (
            await client.get("/v1/complaints", params={"email": "OTHER@example.com"})
        ).json()
        sms_only = (await client.get("/v1/complaints", params={"channel": "sms"})).json()
        nobody = (await client.get("/v1/complaints", params={"email": "nobody@example.com"})).json()
        bad_cursor = await client.get("/v1/complaints", params={"cursor": "garbage"})
    seen = [c["channel"] for c in page1["items"] + page2["items"]]
    assert seen == list(reversed(CHANNELS))  # newest first, no gaps, no repeats
    assert page2["next_cursor"] is None
    assert [c["customer_id"] for c in by_email["items"]] and len(by_email["items"]) == 1
    assert [c["channel"] for c in sms_only["items"]] == ["sms"]
    assert nobody["items"] == []
    assert (bad_cursor.status_code, bad_cursor.json()["code"]) == (400, "invalid_cursor")


async def test_unknown_complaint_and_customer_are_404(system: System) -> None:
    async with await system.client("complaints:read") as client:
        complaint_404 = await client.get("/v1/complaints/00000000-0000-0000-0000-000000000001")
        customer_404 = await client.get(
            "/v1/customers/00000000-0000-0000-0000-000000000001/complaints"
        )
    assert complaint_404.json()["code"] == "complaint_not_found"
    assert customer_404.json()["code"] == "customer_not_found"


async def test_health_needs_no_key(system: System) -> None:
    async with await system.client("") as client:
        live = await client.get("/health/live")
        ready = await client.get("/health/ready")
    assert live.status_code == 200
    assert ready.status_code == 200 and ready.json()["checks"]["database:intake"] == "ok"


async def test_oversized_bodies_are_refused_before_reading(system: System) -> None:
    async with await system.client("complaints:write") as client:
        response = await client.post("/v1/complaints", json=complaint(text="x" * 300_000))
    assert (response.status_code, response.json()["code"]) == (413, "too_large")
    assert await count(system, complaints) == 0


async def test_an_oversized_body_sent_in_chunks_is_refused_as_too_large(system: System) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(40):
            yield b"x" * 10_000

    async with await system.client("complaints:write") as client:
        response = await client.post(
            "/v1/complaints", content=chunks(), headers={"content-type": "application/json"}
        )
        small = await client.post(
            "/v1/complaints",
            content=_chunked(json.dumps(complaint()).encode()),
            headers={"content-type": "application/json"},
        )
    assert (response.status_code, response.json()["code"]) == (413, "too_large")
    assert small.status_code == 202, small.text  # within the limit: read whole, as usual
    assert await count(system, complaints) == 1


async def _chunked(body: bytes) -> AsyncIterator[bytes]:
    for start in range(0, len(body), 100):
        yield body[start : start + 100]


async def test_a_contact_of_another_customer_is_never_taken_over(system: System) -> None:
    email_only = customer(name="B", phone=None, email="b@example.com")
    a_body = complaint("phone", customer=customer(phone="13800138000"))
    both_body = complaint("phone", customer=customer(phone="13800138000", email="b@example.com"))
    async with await system.client("admin") as client:
        a = (await client.post("/v1/complaints", json=a_body)).json()
        b = (await client.post("/v1/complaints", json=complaint("web", customer=email_only))).json()
        both = await client.post("/v1/complaints", json=both_body)
        by_email = (await client.get("/v1/complaints", params={"email": "b@example.com"})).json()
        by_phone = (await client.get("/v1/complaints", params={"phone": "13800138000"})).json()
    assert both.json()["repeat_count"] == 1  # the phone's owner, A
    assert [c["id"] for c in by_email["items"]] == [b["id"]]
    assert {c["id"] for c in by_phone["items"]} == {a["id"], both.json()["id"]}


async def test_history_is_on_the_case_and_only_recent_complaints_make_a_repeat(
    system: System,
) -> None:
    same = customer()
    async with await system.client("admin") as client:
        old = [
            (await client.post("/v1/complaints", json=complaint(customer=same))).json()
            for _ in range(2)
        ]
        system.clock.advance(timedelta(days=200))  # beyond the 180-day window
        new = (await client.post("/v1/complaints", json=complaint(customer=same))).json()
        case = (await client.get(f"/v1/complaints/{new['id']}")).json()
    assert new["repeat_count"] == 2
    assert [c["reference"] for c in case["customer_history"]] == [
        old[1]["reference"],
        old[0]["reference"],
    ]
    async with system.services["intake"].engine.connect() as conn:
        bodies = (await conn.execute(select(outbox.c.body).order_by(outbox.c.id))).scalars().all()
    recents = [Envelope.model_validate_json(b).payload["recent_count"] for b in bodies]
    assert recents == [0, 1, 0]

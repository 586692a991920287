"""Root causes that keep coming back, against counts made by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from shared.events.handling import ComplaintInvestigated
from shared.events.registry import EVENTS
from tests.events import envelope, registered, routed
from tests.system import System


def day(month: int, n: int) -> datetime:
    return datetime(2026, month, n, 3, tzinfo=UTC)


async def investigated(system: System, department: str, cause: str, at: datetime) -> None:
    handlers = system.services["insights"].handlers
    complaint = registered(at, reference=f"TS-{uuid4().hex[:6]}")
    finding = ComplaintInvestigated(
        complaint_id=complaint.complaint_id,
        reference=complaint.reference,
        department=department,
        by="han",
        role="handler",
        at=at + timedelta(days=1),
        findings="checked",
        root_cause=cause,
        responsibility="company",
    )
    for payload in (complaint, routed(complaint.complaint_id, at, department=department), finding):
        env = envelope(payload, at)
        await handlers[env.type](EVENTS.parse(env), env)


async def test_a_cause_found_week_after_week_recurs_and_one_bad_week_does_not(
    system: System,
) -> None:
    for n in (2, 9, 16, 20):  # four times, in three of the four weeks
        await investigated(system, "billing", "fee_error", day(11, n))
    await investigated(system, "billing", "fee_error", day(10, 10))  # the weeks before
    for n in (18, 19, 20):  # three times, in one week
        await investigated(system, "billing", "system_outage", day(11, n))
    await investigated(system, "delivery", "courier_lost", day(11, 3))
    async with await system.client("insights:read") as client:
        body = (
            await client.get("/v1/insights/root-causes", params={"weeks": 4, "min_count": 3})
        ).json()
    assert [
        (i["department"], i["root_cause"], i["count"], i["weeks_found"], i["recurring"])
        for i in body["items"]
    ] == [
        ("billing", "fee_error", 4, 3, True),
        ("billing", "system_outage", 3, 1, False),
        ("delivery", "courier_lost", 1, 1, False),
    ]
    fee = body["items"][0]
    assert fee["share_of_department"] == 0.5714 and fee["previous_count"] == 1
    assert len(fee["examples"]) == 3

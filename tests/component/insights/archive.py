"""A small archive of five complaints as events, with figures computed by hand (see the test),
and daily histories of complaints for the detector."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from shared.events.envelope import Envelope, Payload
from shared.events.followup import (
    CallbackAttempted,
    CallbackCompleted,
    ComplaintClosed,
    ComplaintReopened,
)
from shared.events.handling import ComplaintResolved, ComplaintReturned, DeadlineExtended
from shared.events.registry import EVENTS
from tests.events import envelope, registered, routed
from tests.system import System

H = timedelta(hours=1)
D = timedelta(days=1)


def day(n: int) -> datetime:
    return datetime(2026, 11, n, tzinfo=UTC)


def _step(complaint: UUID, department: str, at: datetime) -> dict[str, object]:
    return {
        "complaint_id": complaint,
        "reference": "TS-2026-000001",
        "department": department,
        "by": "han",
        "role": "handler",
        "at": at,
    }


def contact(complaint: UUID, at: datetime, outcome: str = "reached") -> CallbackAttempted:
    return CallbackAttempted(
        complaint_id=complaint,
        callback_id=uuid4(),
        purpose="acknowledgment",
        attempt=1,
        channel="phone",
        outcome=outcome,  # type: ignore[arg-type]
        at=at,
    )


def resolved(complaint: UUID, department: str, at: datetime) -> ComplaintResolved:
    return ComplaintResolved(
        **_step(complaint, department, at),  # type: ignore[arg-type]
        summary="refunded",
        responsibility="company",
        remedies=["refund"],
        message_to_customer="已退款",
    )


def scored(complaint: UUID, score: int, at: datetime) -> CallbackCompleted:
    return CallbackCompleted(
        complaint_id=complaint,
        callback_id=uuid4(),
        purpose="satisfaction",
        outcome="reached",
        channel="phone",
        attempts=1,
        score=score,
        at=at,
    )


def events() -> list[Envelope]:
    """In the order delivered: E's routing before its registration, B's return twice."""
    a, b, c, d, e = (uuid4() for _ in range(5))
    out: list[tuple[Payload, datetime]] = []

    def complaint(cid: UUID, department: str, at: datetime, **extra: Any) -> None:
        out.append((registered(at, complaint_id=cid, **extra), at))
        out.append((routed(cid, at, department=department), at + H / 60))

    # A: billing; reached after 2 h, resolved after 48 h, scored 5, closed.
    complaint(a, "billing", day(2))
    out += [(contact(a, day(2) + 2 * H), day(2) + 2 * H)]
    out += [(resolved(a, "billing", day(4)), day(4)), (scored(a, 5, day(5)), day(5))]
    closing = ComplaintClosed(
        complaint_id=a,
        reference="TS-2026-000001",
        outcome="satisfied",
        score=5,
        callback_id=uuid4(),
        closed_at=day(5),
    )
    out.append((closing, day(5)))
    # B: billing, a repeat; reached after 30 h (late); returned once; extended to 14 days;
    # resolved after 12 days; scored 2; reopened.
    complaint(b, "billing", day(3), repeat_count=2)
    out += [(contact(b, day(3) + 30 * H), day(3) + 30 * H)]
    back = ComplaintReturned(
        **_step(b, "billing", day(4)),  # type: ignore[arg-type]
        reason="not ours",
        outcome="rerouted",
        to_department="billing",
    )
    extension = DeadlineExtended(
        **_step(b, "billing", day(5)),  # type: ignore[arg-type]
        reason="waiting for the bank",
        requested_by="han",
        previous_due=day(13),
        resolution_due=day(17),
    )
    out += [(back, day(4)), (extension, day(5)), (resolved(b, "billing", day(15)), day(15))]
    reopening = ComplaintReopened(
        complaint_id=b,
        reference="TS-2026-000002",
        department="billing",
        score=2,
        callback_id=uuid4(),
        reopened_at=day(16),
    )
    out += [(scored(b, 2, day(16)), day(16)), (reopening, day(16))]
    # C: delivery; never reached, never resolved, both deadlines passed.
    complaint(c, "delivery", day(5), channel="web")
    out += [(contact(c, day(6), outcome="no_answer"), day(6))]
    # D: delivery; reached after 1 h; open, not yet due.
    complaint(d, "delivery", day(20), channel="web")
    out += [(contact(d, day(20) + H), day(20) + H)]
    # E: billing; routed before its registration arrives; reached after 30 min, resolved
    # after 24 h.
    out.append((routed(e, day(10), department="billing"), day(10) + H / 60))
    out.append((registered(day(10), complaint_id=e), day(10)))
    out += [(contact(e, day(10) + H / 2), day(10) + H / 2)]
    out += [(resolved(e, "billing", day(11)), day(11))]
    delivered = [envelope(payload, at) for payload, at in out]
    return [*delivered, delivered[[p for p, _ in out].index(back)]]  # a redelivery


async def fold(system: System, department: str, per_day: list[int], text: str) -> None:
    """`per_day[i]` complaints registered i days before today (in the morning, UTC)."""
    handlers = system.services["insights"].handlers
    today = system.clock.now().replace(hour=1)
    for days_ago, count in enumerate(per_day):
        at = today - timedelta(days=days_ago)
        for _ in range(count):
            complaint = registered(at, text=text)
            for payload in (complaint, routed(complaint.complaint_id, at, department=department)):
                env = envelope(payload, at)
                await handlers[env.type](EVENTS.parse(env), env)


async def fold_archive(system: System) -> None:
    """The five complaints' events through insights' handlers."""
    handlers = system.services["insights"].handlers
    for env in events():
        await handlers[env.type](EVENTS.parse(env), env)

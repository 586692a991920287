"""What each event teaches about its complaint's row, as a `Change`: pure, so the rules read
in one place. Events of the three topics arrive in any order and some more than once in a
complaint's life (routed again after a return, resolved again after a reopen), so each column
says how it takes a new value: once, the earliest, the latest, counted, or the newest event's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from shared.events.common import ComplaintEvent
from shared.events.envelope import Envelope
from shared.events.followup import (
    CallbackAttempted,
    CallbackCompleted,
    ComplaintClosed,
    ComplaintReopened,
)
from shared.events.handling import (
    ComplaintInvestigated,
    ComplaintResolved,
    ComplaintReturned,
    DeadlineExtended,
)
from shared.events.intake import (
    ComplaintErased,
    ComplaintRegistered,
    ComplaintUpdated,
    ComplaintWithdrawn,
)
from shared.events.routing import (
    ComplaintEscalated,
    ComplaintMerged,
    ComplaintReassigned,
    ComplaintRejected,
    ComplaintRouted,
)

# An attempt with these outcomes reached the customer: the complaint had its first response.
CONTACT_OUTCOMES = frozenset({"reached", "sent", "posted", "replied"})
TEXT_KEPT = 2000


@dataclass
class Change:
    at: datetime  # when the event happened: orders the department and status
    once: dict[str, Any] = field(default_factory=dict)  # kept once known
    overwrite: dict[str, Any] = field(default_factory=dict)
    earliest: dict[str, datetime] = field(default_factory=dict)
    latest: dict[str, datetime] = field(default_factory=dict)
    counted: tuple[str, ...] = ()
    department: str | None = None  # unless a newer event set it
    status: str | None = None  # unless a newer event set it

    @property
    def empty(self) -> bool:
        return not (
            self.once
            or self.overwrite
            or self.earliest
            or self.latest
            or self.counted
            or self.department
            or self.status
        )


def registered(e: ComplaintRegistered, at: datetime) -> Change:
    return Change(
        at,
        once={
            "reference": e.reference,
            "channel": e.channel,
            "language": e.language,
            "customer_id": e.customer.customer_id,
            "segment": e.customer.segment,
            "repeat": e.repeat_count > 0,
            "registered_at": e.received_at,
            "text": e.text[:TEXT_KEPT],
        },
        status="registered",
    )


def updated(e: ComplaintUpdated, at: datetime) -> Change:
    return Change(at, overwrite={"text": e.text[:TEXT_KEPT]})


def routed(e: ComplaintRouted, at: datetime) -> Change:
    classification = e.classification
    dimensions: dict[str, Any] = {
        "reference": e.reference,
        "priority": e.priority,
        "risk_flags": ",".join(e.risk_flags)[:500] or None,
        "first_response_due": e.first_response_due,
    }
    if classification is not None:
        dimensions |= {"cause": classification.cause, "motive": classification.motive}
    return Change(
        at,
        overwrite=dimensions,
        once={"resolution_due": e.resolution_due},
        earliest={"routed_at": e.routed_at},
        latest={"promised_by": e.resolution_due},
        department=e.department,
        status="routed",
    )


def reassigned(e: ComplaintReassigned, at: datetime) -> Change:
    return Change(at, department=e.department)


def returned(_: ComplaintReturned, at: datetime) -> Change:
    # The department that sent it back is counted; the case may go on to another.
    return Change(at, counted=("returns",))


def rejected(_: ComplaintRejected, at: datetime) -> Change:
    return Change(at, status="rejected")


def merged(_: ComplaintMerged, at: datetime) -> Change:
    return Change(at, status="merged")


def escalated(_: ComplaintEscalated, at: datetime) -> Change:
    return Change(at, counted=("escalations",))


def investigated(e: ComplaintInvestigated, at: datetime) -> Change:
    return Change(at, overwrite={"root_cause": e.root_cause})


def extended(e: DeadlineExtended, at: datetime) -> Change:
    return Change(at, latest={"promised_by": e.resolution_due})


def resolved(e: ComplaintResolved, at: datetime) -> Change:
    return Change(at, latest={"resolved_at": e.at}, department=e.department, status="resolved")


def withdrawn(_: ComplaintWithdrawn, at: datetime) -> Change:
    return Change(at, status="withdrawn")


def attempted(e: CallbackAttempted, at: datetime) -> Change:
    if e.outcome not in CONTACT_OUTCOMES:
        return Change(at)
    return Change(at, earliest={"first_contact_at": e.at})


def completed(e: CallbackCompleted, at: datetime) -> Change:
    if e.purpose not in ("satisfaction", "survey") or e.score is None:
        return Change(at)
    return Change(at, overwrite={"score": e.score})


def closed(e: ComplaintClosed, at: datetime) -> Change:
    return Change(at, latest={"closed_at": e.closed_at}, status="closed")


def reopened(e: ComplaintReopened, at: datetime) -> Change:
    return Change(
        at, latest={"reopened_at": e.reopened_at}, counted=("reopens",), status="reopened"
    )


def erased(_: ComplaintErased, at: datetime) -> Change:
    # The figures keep the complaint; nothing links it to the person, nor tells their words.
    return Change(at, overwrite={"customer_id": None, "text": None})


FOLDS: dict[type[ComplaintEvent], Callable[[Any, datetime], Change]] = {
    ComplaintRegistered: registered,
    ComplaintUpdated: updated,
    ComplaintWithdrawn: withdrawn,
    ComplaintErased: erased,
    ComplaintRouted: routed,
    ComplaintReassigned: reassigned,
    ComplaintRejected: rejected,
    ComplaintMerged: merged,
    ComplaintEscalated: escalated,
    ComplaintReturned: returned,
    ComplaintInvestigated: investigated,
    DeadlineExtended: extended,
    ComplaintResolved: resolved,
    CallbackAttempted: attempted,
    CallbackCompleted: completed,
    ComplaintClosed: closed,
    ComplaintReopened: reopened,
}


def subject_of(event: ComplaintEvent) -> UUID:
    """The complaint whose row changes: a merge is news about the complaint merged away."""
    return event.merged_complaint_id if isinstance(event, ComplaintMerged) else event.complaint_id


def change_of(event: ComplaintEvent, env: Envelope) -> Change:
    return FOLDS[type(event)](event, env.time)

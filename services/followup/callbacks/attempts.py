"""What every try at a contact leaves behind: a callback.attempted event per try, and a
callback.completed event when the callback ends. Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from services.followup.callbacks.states import Status
from services.followup.planning.plan import Outcome
from shared.events.common import ComplaintEvent, ContactChannel, Purpose
from shared.events.followup import (
    CallbackAttempted,
    CallbackCompleted,
    Completion,
)


@dataclass(eq=False, kw_only=True)
class AttemptLog:
    """The callback's identity, its progress, and its events not yet published."""

    id: UUID
    complaint_id: UUID
    purpose: Purpose
    channel: ContactChannel
    status: Status = Status.SCHEDULED
    attempts: int = 0
    claimed_by: str | None = None
    lease_until: datetime | None = None
    awaiting_reply_until: datetime | None = None
    outcome: str | None = None
    score: int | None = None
    resolved: bool | None = None
    comment: str | None = None
    completed_at: datetime | None = None
    events: list[ComplaintEvent] = field(default_factory=list, repr=False)

    def _finish(
        self, status: Status, outcome: Completion, now: datetime, *, reason: str | None = None
    ) -> None:
        self.status, self.outcome, self.completed_at = status, outcome, now
        self.claimed_by = self.lease_until = self.awaiting_reply_until = None
        self.events.append(
            CallbackCompleted(
                complaint_id=self.complaint_id,
                callback_id=self.id,
                purpose=self.purpose,
                outcome=outcome,
                channel=self.channel,
                attempts=self.attempts,
                score=self.score,
                resolved=self.resolved,
                comment=self.comment,
                reason=reason,
                at=now,
            )
        )

    def _attempted(
        self,
        outcome: Outcome,
        now: datetime,
        *,
        by: str | None = None,
        notes: str | None = None,
        next_channel: ContactChannel | None = None,
        next_at: datetime | None = None,
        until: datetime | None = None,
        reply_to: str | None = None,
    ) -> None:
        self.events.append(
            CallbackAttempted(
                complaint_id=self.complaint_id,
                callback_id=self.id,
                purpose=self.purpose,
                attempt=max(self.attempts, 1),
                channel=self.channel,
                outcome=outcome,
                by=by,
                notes=notes,
                at=now,
                next_channel=next_channel,
                next_at=next_at,
                awaiting_reply_until=until,
                reply_to=reply_to,
            )
        )

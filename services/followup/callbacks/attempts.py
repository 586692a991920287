"""What every try at a contact leaves behind: a callback.attempted event per try, and a
callback.completed event when the callback ends. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from services.followup.callbacks.states import Answer, Replan, Status
from services.followup.callbacks.verdict import verdict
from services.followup.planning.plan import ContactRetryPolicy, GiveUp, Outcome, after_failure
from shared.events.common import ComplaintEvent, ContactChannel, Purpose
from shared.events.followup import (
    CallbackAttempted,
    CallbackCompleted,
    ComplaintClosed,
    Completion,
)


@dataclass(eq=False, kw_only=True)
class AttemptLog:
    """The callback's identity, its progress, and its events not yet published."""

    id: UUID
    complaint_id: UUID
    reference: str | None
    department: str | None
    purpose: Purpose
    channel: ContactChannel
    scheduled_for: datetime
    reason: str | None
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
    calls: int = 0
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

    def _failed(
        self,
        outcome: Outcome,
        now: datetime,
        usable: Sequence[ContactChannel],
        policy: ContactRetryPolicy,
        replan: Replan,
        **details: Any,
    ) -> None:
        step = after_failure(
            channel=self.channel,
            outcome=outcome,
            calls_made=self.calls,
            channels=usable,
            policy=policy,
            now=now,
        )
        if isinstance(step, GiveUp):
            self._attempted(outcome, now, **details)
            self._finish(Status.UNREACHABLE, "unreachable", now, reason=step.reason)
            if self.purpose == "satisfaction":  # the case is closed as unreachable, reported
                self.events.append(
                    ComplaintClosed(
                        complaint_id=self.complaint_id,
                        reference=self.reference,
                        outcome="unreachable",
                        reason=step.reason,
                        callback_id=self.id,
                        closed_at=now,
                    )
                )
            return
        self.channel, self.reason = step.channel, step.reason
        self.scheduled_for = replan(step.channel, step.not_before)
        self.status, self.awaiting_reply_until = Status.SCHEDULED, None
        self._attempted(
            outcome, now, next_channel=self.channel, next_at=self.scheduled_for, **details
        )

    def _complete(
        self,
        outcome: Literal["reached", "sent", "replied"],
        answer: Answer,
        now: datetime,
        reopen_at_or_below: int,
    ) -> None:
        self.score, self.resolved, self.comment = answer.score, answer.resolved, answer.comment
        self._finish(Status.COMPLETED, outcome, now)
        if self.purpose != "satisfaction":
            return  # a quality survey only records the answer; a satisfaction check decides
        decided = verdict(
            complaint_id=self.complaint_id,
            reference=self.reference,
            department=self.department,
            callback_id=self.id,
            answer=answer,
            reopen_at_or_below=reopen_at_or_below,
            now=now,
        )
        if decided is not None:
            self.events.append(decided)

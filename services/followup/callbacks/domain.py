"""A contact owed to a customer, and every try at it: claimed by one agent at a time, retried
and moved to another channel by the retry policy, finished with what the customer said.
Pure: no I/O; the caller supplies the clock and how to find the next allowed time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Literal
from uuid import UUID, uuid4

from services.followup.planning.plan import ContactRetryPolicy, GiveUp, Outcome, Plan, after_failure
from shared.errors import Conflict, Forbidden, InvalidRequest
from shared.events.common import ComplaintEvent, ContactChannel, Purpose
from shared.events.followup import (
    CallbackAttempted,
    CallbackCompleted,
    CallbackScheduled,
    ComplaintClosed,
    ComplaintReopened,
    Completion,
    ContactInvalidated,
)

# Finds the next allowed time on a channel, not before an instant.
Replan = Callable[[ContactChannel, datetime], datetime]
ASKS_SATISFACTION: frozenset[str] = frozenset({"satisfaction", "survey"})
WRITTEN: frozenset[str] = frozenset({"sms", "email"})


class Status(StrEnum):
    SCHEDULED = "scheduled"
    SENDING = "sending"  # a message is queued for the gateway
    AWAITING_REPLY = "awaiting_reply"
    COMPLETED = "completed"
    UNREACHABLE = "unreachable"
    CANCELLED = "cancelled"


OPEN = frozenset({Status.SCHEDULED, Status.SENDING, Status.AWAITING_REPLY})


class NotClaimable(Conflict):
    code = "not_claimable"


class AlreadyClaimed(Conflict):
    code = "already_claimed"


class NotYours(Forbidden):
    code = "not_your_claim"


class InvalidOutcome(InvalidRequest):
    code = "invalid_outcome"


class MissingAnswer(InvalidRequest):
    code = "satisfaction_required"


@dataclass(frozen=True)
class Answer:
    """What a reached customer said: a score 1-5, whether it is resolved, in their words."""

    score: int | None = None
    resolved: bool | None = None
    comment: str | None = None


@dataclass(eq=False)
class Callback:
    id: UUID
    complaint_id: UUID
    reference: str | None
    department: str | None
    purpose: Purpose
    occasion: str  # what it answers to (an event id), so a later resolution gets its own
    channel: ContactChannel
    scheduled_for: datetime
    deadline: datetime
    timezone: str
    within_deadline: bool
    reason: str | None
    priority: str | None
    created_at: datetime
    status: Status = Status.SCHEDULED
    attempts: int = 0
    calls: int = 0
    claimed_by: str | None = None
    lease_until: datetime | None = None
    awaiting_reply_until: datetime | None = None
    outcome: str | None = None
    score: int | None = None
    resolved: bool | None = None
    comment: str | None = None
    completed_at: datetime | None = None
    events: list[ComplaintEvent] = field(default_factory=list, repr=False)

    @classmethod
    def schedule(
        cls,
        *,
        complaint_id: UUID,
        reference: str | None,
        department: str | None,
        purpose: Purpose,
        occasion: str,
        plan: Plan,
        deadline: datetime,
        timezone: str,
        priority: str | None,
        now: datetime,
    ) -> Callback:
        callback = cls(
            id=uuid4(),
            complaint_id=complaint_id,
            reference=reference,
            department=department,
            purpose=purpose,
            occasion=occasion,
            channel=plan.channel,
            scheduled_for=plan.at,
            deadline=deadline,
            timezone=timezone,
            within_deadline=plan.within_deadline,
            reason=plan.reason,
            priority=priority,
            created_at=now,
        )
        callback.events.append(
            CallbackScheduled(
                callback_id=callback.id,
                complaint_id=complaint_id,
                purpose=purpose,
                channel=plan.channel,
                scheduled_for=plan.at,
                deadline=deadline,
                timezone=timezone,
                within_deadline=plan.within_deadline,
                reason=plan.reason,
            )
        )
        return callback

    def claim(self, agent: str, now: datetime, lease: timedelta) -> None:
        """One agent at a time: the lease expires, so an abandoned claim frees itself."""
        if self.status is not Status.SCHEDULED or self.channel in WRITTEN:
            raise NotClaimable(
                "only a scheduled call or letter can be claimed",
                status=self.status.value,
                channel=self.channel,
            )
        if self.scheduled_for > now:
            raise NotClaimable("not due yet", scheduled_for=self.scheduled_for.isoformat())
        if self.claimed_by not in (None, agent) and self.lease_until and self.lease_until > now:
            raise AlreadyClaimed(
                "another agent has this callback", lease_until=self.lease_until.isoformat()
            )
        self.claimed_by, self.lease_until = agent, now + lease

    def record_attempt(
        self,
        agent: str,
        outcome: Outcome,
        *,
        notes: str | None,
        answer: Answer,
        now: datetime,
        usable: Sequence[ContactChannel],
        policy: ContactRetryPolicy,
        replan: Replan,
        reopen_at_or_below: int,
    ) -> None:
        if self.claimed_by != agent or self.lease_until is None or self.lease_until <= now:
            raise NotYours("claim the callback first; a claim lasts until its lease ends")
        if (outcome == "posted") != (self.channel == "letter"):
            raise InvalidOutcome(
                "a letter is posted; a call is reached or not",
                channel=self.channel,
                outcome=outcome,
            )
        if outcome == "reached" and self.purpose in ASKS_SATISFACTION and answer.score is None:
            raise MissingAnswer("a reached customer's satisfaction (1-5) is required")
        self.claimed_by = self.lease_until = None
        self.attempts += 1
        self.calls += self.channel == "phone"
        if outcome in ("reached", "posted"):
            self._attempted(outcome, now, by=agent, notes=notes)
            self._complete(
                "reached" if outcome == "reached" else "sent", answer, now, reopen_at_or_below
            )
            return
        if outcome == "wrong_number":
            self.events.append(
                ContactInvalidated(
                    complaint_id=self.complaint_id,
                    channel="phone",
                    reported_by=agent,
                    at=now,
                )
            )
            usable = [c for c in usable if c not in ("phone", "sms")]
        self._failed(outcome, now, usable, policy, replan, by=agent, notes=notes)

    def queue_message(self) -> int:
        """The written channel's turn: the attempt number its message is sent under."""
        if self.status is not Status.SCHEDULED or self.channel not in WRITTEN:
            raise NotClaimable("not a scheduled message", status=self.status.value)
        self.status, self.attempts = Status.SENDING, self.attempts + 1
        return self.attempts

    def message_sent(self, now: datetime, policy: ContactRetryPolicy, reply_to: str) -> None:
        if self.purpose in ASKS_SATISFACTION:
            self.status = Status.AWAITING_REPLY
            self.awaiting_reply_until = now + policy.reply_window
            self._attempted("sent", now, until=self.awaiting_reply_until, reply_to=reply_to)
            return
        self._attempted("sent", now)
        self._complete("sent", Answer(), now, 0)

    def message_failed(
        self,
        now: datetime,
        usable: Sequence[ContactChannel],
        policy: ContactRetryPolicy,
        replan: Replan,
        error: str,
    ) -> None:
        self._failed("failed", now, usable, policy, replan, notes=error[:200])

    def reply_overdue(
        self,
        now: datetime,
        usable: Sequence[ContactChannel],
        policy: ContactRetryPolicy,
        replan: Replan,
    ) -> None:
        self._failed("no_reply", now, usable, policy, replan)

    def take_reply(self, score: int, text: str, now: datetime, reopen_at_or_below: int) -> None:
        if self.status not in OPEN:
            raise NotClaimable("the callback is over", status=self.status.value)
        self._complete("replied", Answer(score=score, comment=text[:1000]), now, reopen_at_or_below)

    def cancel(self, now: datetime, reason: str) -> None:
        if self.status in OPEN:
            self._finish(Status.CANCELLED, "cancelled", now, reason=reason)

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
        if self.purpose != "satisfaction" or answer.score is None:
            return  # a quality survey only records the score; a satisfaction check decides
        if answer.score <= reopen_at_or_below or answer.resolved is False:
            self.events.append(
                ComplaintReopened(
                    complaint_id=self.complaint_id,
                    reference=self.reference,
                    department=self.department,
                    score=answer.score,
                    resolved=answer.resolved,
                    customer_words=answer.comment,
                    callback_id=self.id,
                    reopened_at=now,
                )
            )
        else:
            self.events.append(
                ComplaintClosed(
                    complaint_id=self.complaint_id,
                    reference=self.reference,
                    outcome="satisfied",
                    score=answer.score,
                    callback_id=self.id,
                    closed_at=now,
                )
            )

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

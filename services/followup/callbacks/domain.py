"""A contact owed to a customer, and every try at it: claimed by one agent at a time, retried
and moved to another channel by the retry policy, finished with what the customer said.
Pure: no I/O; the caller supplies the clock and how to find the next allowed time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal
from uuid import UUID, uuid4

from services.followup.callbacks.attempts import AttemptLog
from services.followup.callbacks.states import (
    OPEN,
    AlreadyClaimed,
    Answer,
    InvalidOutcome,
    MissingAnswer,
    NotClaimable,
    NotYours,
    Status,
)
from services.followup.planning.plan import ContactRetryPolicy, GiveUp, Outcome, Plan, after_failure
from shared.events.common import ContactChannel, Purpose
from shared.events.followup import (
    CallbackScheduled,
    ComplaintClosed,
    ComplaintReopened,
    ContactInvalidated,
)

# Finds the next allowed time on a channel, not before an instant.
Replan = Callable[[ContactChannel, datetime], datetime]
ASKS_SATISFACTION: frozenset[str] = frozenset({"satisfaction", "survey"})
WRITTEN: frozenset[str] = frozenset({"sms", "email"})


@dataclass(eq=False, kw_only=True)
class Callback(AttemptLog):
    reference: str | None
    department: str | None
    occasion: str  # what it answers to (an event id), so a later resolution gets its own
    scheduled_for: datetime
    deadline: datetime
    timezone: str
    within_deadline: bool
    reason: str | None
    priority: str | None
    created_at: datetime
    calls: int = 0

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

    def take_reply(
        self,
        score: int | None,
        text: str,
        now: datetime,
        reopen_at_or_below: int,
        resolved: bool | None = None,
    ) -> None:
        """`resolved`: what the customer's words say (False reopens whatever the score)."""
        if self.status not in OPEN:
            raise NotClaimable("the callback is over", status=self.status.value)
        answer = Answer(score=score, resolved=resolved, comment=text[:1000])
        self._complete("replied", answer, now, reopen_at_or_below)

    def needs_a_person(
        self,
        text: str,
        now: datetime,
        usable: Sequence[ContactChannel],
        replan: Replan | None,
    ) -> None:
        """An answer nobody can read with confidence: an agent calls to ask, when a phone
        reaches the customer; otherwise the callback ends with the words recorded."""
        if self.status not in OPEN:
            raise NotClaimable("the callback is over", status=self.status.value)
        if "phone" not in usable or replan is None:
            self._complete("replied", Answer(comment=text[:1000]), now, 0)
            return
        self.channel, self.reason = "phone", "the survey answer needs a person"
        self.scheduled_for = replan("phone", now)
        self.status, self.awaiting_reply_until = Status.SCHEDULED, None
        self._attempted(
            "unclear_reply",
            now,
            notes=text[:200],
            next_channel=self.channel,
            next_at=self.scheduled_for,
        )

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
        if self.purpose != "satisfaction" or (answer.score is None and answer.resolved is None):
            return  # a quality survey only records the score; a satisfaction check decides
        if answer.resolved is False or (
            answer.score is not None and answer.score <= reopen_at_or_below
        ):
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

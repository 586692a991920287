"""A contact owed to a customer, and every try at it: claimed by one agent at a time, retried
and moved to another channel by the retry policy, finished with what the customer said.
Pure: no I/O; the caller supplies the clock and how to find the next allowed time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID, uuid4

from services.followup.callbacks.states import (
    ASKS_SATISFACTION,
    OPEN,
    WRITTEN,
    AlreadyClaimed,
    Answer,
    InvalidOutcome,
    MissingAnswer,
    NotClaimable,
    NotYours,
    Replan,
    Status,
)
from services.followup.callbacks.written import WrittenContact
from services.followup.planning.plan import ContactRetryPolicy, Outcome, Plan
from shared.events.common import ContactChannel, Purpose
from shared.events.followup import (
    CallbackScheduled,
    ContactInvalidated,
)


@dataclass(eq=False, kw_only=True)
class Callback(WrittenContact):
    occasion: str  # what it answers to (an event id), so a later resolution gets its own
    deadline: datetime
    timezone: str
    within_deadline: bool
    priority: str | None
    created_at: datetime

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

    def cancel(self, now: datetime, reason: str) -> None:
        if self.status in OPEN:
            self._finish(Status.CANCELLED, "cancelled", now, reason=reason)

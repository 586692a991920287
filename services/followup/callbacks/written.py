"""A contact by SMS or e-mail: the message queued and sent, a failure moved on, a survey's
answer taken, and an answer nobody can read turned into a call. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from services.followup.callbacks.attempts import AttemptLog
from services.followup.callbacks.states import (
    ASKS_SATISFACTION,
    OPEN,
    WRITTEN,
    Answer,
    NotClaimable,
    Replan,
    Status,
)
from services.followup.planning.plan import ContactRetryPolicy
from shared.events.common import ContactChannel


@dataclass(eq=False, kw_only=True)
class WrittenContact(AttemptLog):
    """The written channels' steps of a callback."""

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

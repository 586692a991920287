"""A callback's states, what its steps refuse, and a reached customer's answer. Pure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from shared.errors import Conflict, Forbidden, InvalidRequest
from shared.events.common import ContactChannel


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


# Finds the next allowed time on a channel, not before an instant.
Replan = Callable[[ContactChannel, datetime], datetime]
ASKS_SATISFACTION: frozenset[str] = frozenset({"satisfaction", "survey"})
WRITTEN: frozenset[str] = frozenset({"sms", "email"})

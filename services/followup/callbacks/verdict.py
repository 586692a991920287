"""What a satisfaction check's answer decides: the case closes (satisfied) or goes back to
handling (dissatisfied, or the customer says it is unresolved). Pure."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from services.followup.callbacks.states import Answer
from shared.events.followup import ComplaintClosed, ComplaintReopened


def verdict(
    *,
    complaint_id: UUID,
    reference: str | None,
    department: str | None,
    callback_id: UUID,
    answer: Answer,
    reopen_at_or_below: int,
    now: datetime,
) -> ComplaintClosed | ComplaintReopened | None:
    """None when the answer says nothing either way (no score and no word on resolution)."""
    if answer.score is None and answer.resolved is None:
        return None
    if answer.resolved is False or (
        answer.score is not None and answer.score <= reopen_at_or_below
    ):
        return ComplaintReopened(
            complaint_id=complaint_id,
            reference=reference,
            department=department,
            score=answer.score,
            resolved=answer.resolved,
            customer_words=answer.comment,
            callback_id=callback_id,
            reopened_at=now,
        )
    return ComplaintClosed(
        complaint_id=complaint_id,
        reference=reference,
        outcome="satisfied",
        score=answer.score,
        callback_id=callback_id,
        closed_at=now,
    )

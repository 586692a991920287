"""The supervision ladder's steps for one open case, and the event each step publishes. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from uuid import UUID

from services.routing.config import EscalationConfig
from services.routing.escalation.calendar import WorkingCalendar
from shared.events.routing import ComplaintEscalated

Level = Literal["warning", "urge", "supervise"]
STEP_COLUMN: dict[Level, str] = {
    "warning": "warned_at",
    "urge": "urged_at",
    "supervise": "supervised_at",
}


@dataclass(frozen=True)
class OpenCase:
    complaint_id: UUID
    reference: str
    department: str
    priority: str
    routed_at: datetime
    resolution_due: datetime
    taken: frozenset[Level]  # steps already taken


def steps_due(
    case: OpenCase, now: datetime, calendar: WorkingCalendar, config: EscalationConfig
) -> list[tuple[Level, int]]:
    """The ladder's steps to take now, with the working days overdue."""
    steps: list[tuple[Level, int]] = []
    warn_at = case.routed_at + (case.resolution_due - case.routed_at) * config.warn_at_share
    if "warning" not in case.taken and now >= warn_at:
        steps.append(("warning", 0))
    if now <= case.resolution_due:
        return steps
    overdue = calendar.working_days_between(case.resolution_due, now)
    if "urge" not in case.taken:
        steps.append(("urge", overdue))
    if "supervise" not in case.taken and overdue >= config.supervise_after_working_days:
        steps.append(("supervise", overdue))
    return steps


def escalated(case: OpenCase, level: Level, overdue: int, at: datetime) -> ComplaintEscalated:
    return ComplaintEscalated(
        complaint_id=case.complaint_id,
        reference=case.reference,
        level=level,
        department=case.department,
        resolution_due=case.resolution_due,
        overdue_working_days=overdue,
        escalated_at=at,
    )

"""A complaint's assignment to a department, with its priority and deadlines. Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from services.routing.classification.explain import Classification
from services.routing.departments.domain import Department
from shared.errors import Conflict, NotFound
from shared.events.common import Priority
from shared.events.routing import (
    ComplaintClassification,
    ComplaintEscalated,
    ComplaintReassigned,
    ComplaintRouted,
)


class AssignmentNotFound(NotFound):
    code = "assignment_not_found"


class NotInTriage(Conflict):
    code = "not_in_triage"


@dataclass(frozen=True)
class Assignment:
    complaint_id: UUID
    reference: str
    channel: str
    department: Department
    priority: Priority
    matched_rule: str | None
    reasons: list[str]
    risk_flags: list[str]
    first_response_due: datetime
    resolution_due: datetime
    routed_at: datetime
    text: str | None = None
    classification: Classification | None = None
    senior_handler: bool = False

    def routed(self) -> ComplaintRouted:
        """The event that announces this assignment."""
        explained = self.classification
        return ComplaintRouted(
            complaint_id=self.complaint_id,
            reference=self.reference,
            department=self.department.code,
            department_name=self.department.name,
            priority=self.priority,
            matched_rule=self.matched_rule,
            reasons=self.reasons,
            risk_flags=self.risk_flags,
            first_response_due=self.first_response_due,
            resolution_due=self.resolution_due,
            routed_at=self.routed_at,
            # its risk flags travel in risk_flags
            classification=ComplaintClassification.model_validate(explained.as_dict())
            if explained
            else None,
            senior_handler=self.senior_handler,
        )

    def supervised_now(self, reason: str) -> ComplaintEscalated:
        """Violence or self-harm: straight to supervision, not up the ladder."""
        return ComplaintEscalated(
            complaint_id=self.complaint_id,
            reference=self.reference,
            level="supervise",
            department=self.department.code,
            resolution_due=self.resolution_due,
            escalated_at=self.routed_at,
            reason=reason,
        )


@dataclass(frozen=True)
class Move:
    """A person sends a case to another department (from the triage desk, by hand)."""

    complaint_id: UUID
    reference: str
    from_department: str
    department: Department
    by: str
    reason: str | None
    at: datetime

    def reassigned(self) -> ComplaintReassigned:
        return ComplaintReassigned(
            complaint_id=self.complaint_id,
            reference=self.reference,
            from_department=self.from_department,
            department=self.department.code,
            department_name=self.department.name,
            reason=self.reason,
            by=self.by,
            reassigned_at=self.at,
        )

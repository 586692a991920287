"""Departments, rules and assignments. Pure: no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Literal
from uuid import UUID

from shared.errors import Conflict, NotFound
from shared.events.complaints import (
    ComplaintClassification,
    ComplaintEscalated,
    ComplaintEvent,
    ComplaintMerged,
    ComplaintReassigned,
    ComplaintRejected,
    ComplaintRouted,
    InformationRequested,
    Priority,
)

if TYPE_CHECKING:
    from services.routing.classification.explain import Classification


class DepartmentNotFound(NotFound):
    code = "department_not_found"


class AssignmentNotFound(NotFound):
    code = "assignment_not_found"


class NotInTriage(Conflict):
    code = "not_in_triage"


class DecisionNotFound(NotFound):
    code = "decision_not_found"


class AlreadyValid(Conflict):
    code = "already_valid"


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    name_zh: str | None = None
    default_priority: Priority = "P3"
    active: bool = True


@lru_cache(maxsize=1024)  # rules and lexicons repeat for every message: compile once
def keyword_pattern(keywords: tuple[str, ...]) -> re.Pattern[str] | None:
    """Latin-script keywords match whole words ('sue' never matches 'issue');
    Chinese ones match anywhere, as Chinese is written without spaces."""
    if not keywords:
        return None
    parts = []
    for word in sorted(keywords, key=len, reverse=True):
        escaped = re.escape(word.lower())
        parts.append(rf"(?<![a-z0-9]){escaped}(?![a-z0-9])" if word.isascii() else escaped)
    return re.compile("|".join(parts))


@dataclass(frozen=True)
class Rule:
    id: int
    position: int
    name: str
    department: str
    keywords: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    enabled: bool = True

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        return keyword_pattern(self.keywords)

    def match(self, *, text: str, channel: str, category: str | None) -> list[str] | None:
        """The reasons it matched, or None."""
        reasons = []
        if self.channels:
            if channel not in self.channels:
                return None
            reasons.append(f"channel {channel}")
        if self.categories:
            if (category or "").lower() not in {c.lower() for c in self.categories}:
                return None
            reasons.append(f"category {category}")
        if self._pattern is not None:
            hits = sorted(set(self._pattern.findall(text.lower())))
            if not hits:
                return None
            reasons.append("keywords " + ", ".join(hits))
        return reasons


@dataclass(eq=False)
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
    events: list[ComplaintEvent] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        explained = self.classification
        self.events.append(
            ComplaintRouted(
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
                classification=ComplaintClassification.model_validate(explained.as_dict())
                if explained
                else None,  # its risk flags travel in risk_flags
                senior_handler=self.senior_handler,
            )
        )


@dataclass(eq=False)
class Dispatch:
    """A person sends a case waiting at the triage desk to a department."""

    complaint_id: UUID
    reference: str
    from_department: str
    department: Department
    by: str
    reason: str | None
    at: datetime
    events: list[ComplaintEvent] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.events.append(
            ComplaintReassigned(
                complaint_id=self.complaint_id,
                reference=self.reference,
                from_department=self.from_department,
                department=self.department.code,
                department_name=self.department.name,
                reason=self.reason,
                by=self.by,
                reassigned_at=self.at,
            )
        )


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
    routed_at: datetime
    resolution_due: datetime
    taken: frozenset[Level]  # steps already taken


@dataclass(eq=False)
class Escalation:
    case: OpenCase
    level: Level
    overdue_working_days: int
    at: datetime
    events: list[ComplaintEvent] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.events.append(
            ComplaintEscalated(
                complaint_id=self.case.complaint_id,
                reference=self.case.reference,
                level=self.level,
                department=self.case.department,
                resolution_due=self.case.resolution_due,
                overdue_working_days=self.overdue_working_days,
                escalated_at=self.at,
            )
        )


@dataclass(eq=False)
class Rejection:
    """Not handled as a complaint: an enquiry or suggestion (answered as such), or rejected."""

    complaint_id: UUID
    reference: str
    reason: str
    signals: list[str]
    at: datetime
    referred_to: str | None = None
    events: list[ComplaintEvent] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.events.append(
            ComplaintRejected(
                complaint_id=self.complaint_id,
                reference=self.reference,
                reason=self.reason,
                signals=self.signals,
                rejected_at=self.at,
                referred_to=self.referred_to,
            )
        )


@dataclass(eq=False)
class InformationRequest:
    """Too little to act on: the customer is asked for more; the case waits for it."""

    complaint_id: UUID
    reference: str
    signals: list[str]
    at: datetime
    events: list[ComplaintEvent] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.events.append(
            InformationRequested(
                complaint_id=self.complaint_id,
                reference=self.reference,
                signals=self.signals,
                requested_at=self.at,
            )
        )


@dataclass(eq=False)
class Merge:
    """The open complaint gets the duplicate's information."""

    into: UUID
    into_reference: str
    merged: UUID
    merged_reference: str
    text: str
    at: datetime
    events: list[ComplaintEvent] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.events.append(
            ComplaintMerged(
                complaint_id=self.into,
                reference=self.into_reference,
                merged_complaint_id=self.merged,
                merged_reference=self.merged_reference,
                text=self.text,
                merged_at=self.at,
            )
        )

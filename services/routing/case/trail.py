"""What every step leaves behind: a line of the audit trail and the event it publishes.
Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from services.routing.case.errors import IllegalTransition
from services.routing.case.policy import Actor
from services.routing.case.states import (
    State,
    StepRecord,
)
from shared.events.common import ComplaintEvent
from shared.events.handling import CaseStep

_STEP_FIELDS = {"complaint_id", "reference", "department", "by", "role", "at"}


@dataclass(eq=False, kw_only=True)
class Trail:
    """The case's identity and state, its audit lines and its events not yet published."""

    complaint_id: UUID
    reference: str
    department: str
    state: State
    events: list[ComplaintEvent] = field(default_factory=list, repr=False)
    steps: list[StepRecord] = field(default_factory=list, repr=False)

    def _step(
        self,
        step: str,
        allowed: set[State] | frozenset[State],
        to: State,
        actor: Actor,
        now: datetime,
    ) -> None:
        if self.state not in allowed:
            raise IllegalTransition(
                f"can't {step.replace('_', ' ')} a case that is {self.state}",
                state=self.state,
                step=step,
            )
        self.steps.append(
            StepRecord(step, self.state, to, self.department, actor.username, actor.role, now, {})
        )
        self.state = to

    def _publish(self, kind: type[CaseStep], actor: Actor, now: datetime, **fields: Any) -> None:
        fields.setdefault("department", self.department)
        event = kind(
            complaint_id=self.complaint_id,
            reference=self.reference,
            by=actor.username,
            role=actor.role,
            at=now,
            **fields,
        )
        self._audit(event)

    def _audit(self, event: ComplaintEvent) -> None:
        """The step's details are its event's own fields."""
        last = self.steps[-1]
        details = event.model_dump(mode="json", exclude=_STEP_FIELDS | {"reassigned_at"})
        self.steps[-1] = StepRecord(**{**last.__dict__, "details": details})
        self.events.append(event)

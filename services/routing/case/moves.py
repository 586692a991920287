"""Which department has the case: a department's return (退单), a supervisor's reassignment,
the triage desk's arbitration when departments disagree. Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from services.routing.case.errors import (
    ArbitrationFinal,
    IllegalTransition,
)
from services.routing.case.policy import (
    Actor,
    may_arbitrate,
    may_supervise,
    may_work,
)
from services.routing.case.states import State
from services.routing.case.trail import Trail
from services.routing.departments.domain import Department
from shared.events.handling import ComplaintReturned
from shared.events.routing import ComplaintReassigned


@dataclass(eq=False, kw_only=True)
class DepartmentMoves(Trail):
    """A case moves between departments; the handler who had it lets it go."""

    handler: str | None = None
    returns: int = 0
    arbitrated: bool = False

    def return_(
        self, actor: Actor, *, reason: str, to: str | None, triage: str, now: datetime
    ) -> None:
        """Back to the department it should have gone to, else to triage; a second return
        means departments disagree, and the case waits for arbitration at the triage desk."""
        may_work(actor, self.department, "return a case")
        if self.arbitrated:
            raise ArbitrationFinal("an arbitrated case can't be returned again")
        outcome: Literal["rerouted", "triage", "arbitration"] = (
            "arbitration" if self.returns else "rerouted" if to else "triage"
        )
        target = to if outcome == "rerouted" and to else triage
        from_department = self.department
        waits: State = "arbitration" if outcome == "arbitration" else "assigned"
        self._step("return", {"assigned", "accepted"}, waits, actor, now)
        self.department, self.handler, self.returns = target, None, self.returns + 1
        self._publish(
            ComplaintReturned,
            actor,
            now,
            department=from_department,
            reason=reason,
            outcome=outcome,
            to_department=target,
        )

    def reassign(self, actor: Actor, *, to: Department, reason: str | None, now: datetime) -> None:
        may_supervise(actor, self.department, "reassign a case")
        self._move(
            actor, "reassign", {"assigned", "accepted", "investigated", "reopened"}, to, reason, now
        )

    def arbitrate(
        self, actor: Actor, *, to: Department, reason: str | None, triage: str, now: datetime
    ) -> None:
        may_arbitrate(actor, triage)
        self._move(actor, "arbitrate", {"arbitration"}, to, reason, now)
        self.arbitrated = True

    def _move(
        self,
        actor: Actor,
        step: str,
        allowed: set[State],
        to: Department,
        reason: str | None,
        now: datetime,
    ) -> None:
        if to.code == self.department or not to.active:
            raise IllegalTransition(f"can't {step} to {to.code}", department=to.code, step=step)
        self._step(step, allowed, "assigned", actor, now)
        self._audit(
            ComplaintReassigned(
                complaint_id=self.complaint_id,
                reference=self.reference,
                from_department=self.department,
                department=to.code,
                department_name=to.name,
                reason=reason,
                by=actor.username,
                reassigned_at=now,
            )
        )
        self.department, self.handler = to.code, None

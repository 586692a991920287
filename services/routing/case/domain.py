"""A case in its department: the handling procedure's steps 3 to 7 as a guarded state machine.
Every step is checked (state, role, department), recorded for the audit trail and published.
Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

from services.routing.case.errors import (
    ArbitrationFinal,
    ExtensionPending,
    IllegalTransition,
    InvalidExtension,
    NoPendingExtension,
)
from services.routing.case.policy import (
    FOLLOW_UP,
    INTAKE,
    Actor,
    may_approve,
    may_arbitrate,
    may_supervise,
    may_work,
)
from services.routing.case.states import (
    WAITING,
    WORKING,
    ExtensionRequest,
    Investigation,
    Proposal,
    State,
    StepRecord,
)
from services.routing.departments.domain import Department
from shared.events.common import ComplaintEvent
from shared.events.handling import (
    CaseStep,
    ComplaintAccepted,
    ComplaintInvestigated,
    ComplaintResolved,
    ComplaintReturned,
    DeadlineExtended,
    ExtensionRefused,
    ExtensionRequested,
    Remedy,
    ResolutionApproved,
    ResolutionImplemented,
    ResolutionProposed,
    ResolutionRejected,
    Responsibility,
)
from shared.events.routing import ComplaintEscalated, ComplaintReassigned

_STEP_FIELDS = {"complaint_id", "reference", "department", "by", "role", "at"}


@dataclass(eq=False)
class Case:
    complaint_id: UUID
    reference: str
    department: str
    state: State
    resolution_due: datetime
    returns: int = 0
    arbitrated: bool = False
    handler: str | None = None
    investigation: Investigation | None = None
    proposal: Proposal | None = None
    extension: ExtensionRequest | None = None  # a pending request for more time
    ladder_restarts: bool = False  # the deadline moved: the supervision ladder starts over
    supervised_since: datetime | None = None  # reopened: straight to a supervisor
    events: list[ComplaintEvent] = field(default_factory=list, repr=False)
    steps: list[StepRecord] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.loaded_state: State = self.state  # saved only if nobody moved it meanwhile
        self.loaded_department = self.department

    def accept(self, actor: Actor, now: datetime) -> None:
        may_work(actor, self.department, "accept a case")
        self._step("accept", {"assigned", "reopened"}, "accepted", actor, now)
        self.handler = actor.username
        self._publish(ComplaintAccepted, actor, now)

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

    def investigate(
        self,
        actor: Actor,
        *,
        findings: str,
        root_cause: str,
        responsibility: Responsibility,
        now: datetime,
    ) -> None:
        may_work(actor, self.department, "record an investigation")
        self._step("investigate", {"accepted", "investigated"}, "investigated", actor, now)
        self.investigation = Investigation(findings, root_cause, responsibility, actor.username)
        self._publish(
            ComplaintInvestigated,
            actor,
            now,
            findings=findings,
            root_cause=root_cause,
            responsibility=responsibility,
        )

    def propose(
        self,
        actor: Actor,
        *,
        remedies: list[Remedy],
        amount: Decimal | None,
        currency: str | None,
        message_to_customer: str,
        now: datetime,
    ) -> None:
        may_work(actor, self.department, "propose a resolution")
        self._step("propose", {"investigated"}, "proposed", actor, now)
        self.proposal = Proposal(
            tuple(remedies), amount, currency, message_to_customer, actor.username
        )
        self._publish(ResolutionProposed, actor, now, **self._terms(self.proposal))

    def approve(self, actor: Actor, *, comment: str | None, limit: Decimal, now: datetime) -> None:
        proposal = self.proposal
        may_approve(
            actor,
            self.department,
            proposed_by=proposal.by if proposal else "",
            amount=proposal.amount if proposal else None,
            limit=limit,
        )
        self._step("approve", {"proposed"}, "approved", actor, now)
        self._publish(ResolutionApproved, actor, now, comment=comment)

    def reject(self, actor: Actor, *, comment: str, now: datetime) -> None:
        may_supervise(actor, self.department, "reject a resolution")
        self._step("reject", {"proposed"}, "investigated", actor, now)
        self._publish(ResolutionRejected, actor, now, comment=comment)

    def implement(self, actor: Actor, *, note: str | None, now: datetime) -> None:
        may_work(actor, self.department, "implement a resolution")
        self._step("implement", {"approved"}, "implemented", actor, now)
        self._publish(ResolutionImplemented, actor, now, note=note)

    def resolve(self, actor: Actor, *, summary: str, now: datetime) -> None:
        may_work(actor, self.department, "resolve a case")
        self._step("resolve", {"implemented"}, "resolved", actor, now)
        if self.proposal is None or self.investigation is None:  # implemented means both
            raise IllegalTransition("a case is resolved after its approved resolution")
        self._publish(
            ComplaintResolved,
            actor,
            now,
            summary=summary,
            responsibility=self.investigation.responsibility,
            **self._terms(self.proposal),
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

    def request_extension(
        self, actor: Actor, *, reason: str, until: datetime, now: datetime
    ) -> None:
        may_work(actor, self.department, "ask for more time")
        if self.extension is not None:
            raise ExtensionPending("an extension request is already waiting for a decision")
        if until <= self.resolution_due:
            raise InvalidExtension(
                "the new date must be after the current deadline",
                resolution_due=self.resolution_due.isoformat(),
            )
        self._step("request_extension", WORKING, self.state, actor, now)
        self.extension = ExtensionRequest(reason, until, actor.username)
        self._publish(ExtensionRequested, actor, now, reason=reason, requested_due=until)

    def decide_extension(
        self, actor: Actor, *, approve: bool, comment: str | None, now: datetime
    ) -> None:
        may_supervise(actor, self.department, "decide on an extension")
        request = self.extension
        if request is None:
            raise NoPendingExtension("no extension request is waiting")
        self._step(
            "approve_extension" if approve else "refuse_extension", WORKING, self.state, actor, now
        )
        self.extension = None
        if not approve:
            self._publish(
                ExtensionRefused,
                actor,
                now,
                reason=request.reason,
                requested_by=request.by,
                comment=comment,
            )
            return
        previous, self.resolution_due = self.resolution_due, request.until
        self.ladder_restarts = True
        self._publish(
            DeadlineExtended,
            actor,
            now,
            reason=request.reason,
            requested_by=request.by,
            previous_due=previous,
            resolution_due=self.resolution_due,
        )

    def reopen(self, *, score: int | None, words: str | None, due: datetime, now: datetime) -> None:
        """The customer is not satisfied: handling starts again under a supervisor, with a
        new deadline (never carried over silently to a later call)."""
        self._step("reopen", {"resolved"}, "reopened", FOLLOW_UP, now)
        self.resolution_due, self.ladder_restarts, self.supervised_since = due, True, now
        self.steps[-1].details.update(score=score, customer_words=words)
        self.events.append(
            ComplaintEscalated(
                complaint_id=self.complaint_id,
                reference=self.reference,
                level="supervise",
                department=self.department,
                resolution_due=due,
                escalated_at=now,
                reason="reopened",
            )
        )

    def withdraw(self, now: datetime) -> None:
        """The customer withdrew it: no more handling, no more deadlines."""
        self._step("withdraw", WORKING | WAITING, "withdrawn", INTAKE, now)

    @staticmethod
    def _terms(proposal: Proposal) -> dict[str, Any]:
        """The proposal's terms as its events carry them."""
        return {
            "remedies": list(proposal.remedies),
            "amount": proposal.amount,
            "currency": proposal.currency,
            "message_to_customer": proposal.message_to_customer,
        }

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

    def _audit(self, event: ComplaintEvent) -> None:
        """The step's details are its event's own fields."""
        last = self.steps[-1]
        details = event.model_dump(mode="json", exclude=_STEP_FIELDS | {"reassigned_at"})
        self.steps[-1] = StepRecord(**{**last.__dict__, "details": details})
        self.events.append(event)

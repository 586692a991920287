"""A case in its department: the handling procedure's steps 3 to 7 as a guarded state machine.
Every step is checked (state, role, department), recorded for the audit trail and published.
Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from services.routing.case.errors import (
    ExtensionPending,
    IllegalTransition,
    InvalidExtension,
    NoPendingExtension,
)
from services.routing.case.moves import DepartmentMoves
from services.routing.case.policy import (
    FOLLOW_UP,
    INTAKE,
    Actor,
    may_approve,
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
)
from shared.events.handling import (
    ComplaintAccepted,
    ComplaintInvestigated,
    ComplaintResolved,
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
from shared.events.routing import ComplaintEscalated


@dataclass(eq=False, kw_only=True)
class Case(DepartmentMoves):
    resolution_due: datetime
    investigation: Investigation | None = None
    proposal: Proposal | None = None
    extension: ExtensionRequest | None = None  # a pending request for more time
    ladder_restarts: bool = False  # the deadline moved: the supervision ladder starts over
    supervised_since: datetime | None = None  # reopened: straight to a supervisor

    def __post_init__(self) -> None:
        self.loaded_state: State = self.state  # saved only if nobody moved it meanwhile
        self.loaded_department = self.department

    def accept(self, actor: Actor, now: datetime) -> None:
        may_work(actor, self.department, "accept a case")
        self._step("accept", {"assigned", "reopened"}, "accepted", actor, now)
        self.handler = actor.username
        self._publish(ComplaintAccepted, actor, now)

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

"""Who may take which handling step: the role and department rules. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from shared.errors import Forbidden


class RoleNotAllowed(Forbidden):
    code = "role_not_allowed"


class OtherDepartment(Forbidden):
    code = "other_department"


class ApprovalLimitExceeded(Forbidden):
    code = "approval_limit_exceeded"


class OwnProposal(Forbidden):
    code = "own_proposal"


@dataclass(frozen=True)
class Actor:
    """A staff member acting on cases; every step records who took it."""

    username: str
    role: str
    department: str | None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


# Steps taken on what another service reports, not by a member of staff.
FOLLOW_UP = Actor("followup", "system", None)
INTAKE = Actor("intake", "system", None)


def _department_role(actor: Actor, department: str, roles: frozenset[str], what: str) -> None:
    if actor.is_admin:
        return
    if actor.role not in roles:
        raise RoleNotAllowed(f"a {actor.role} can't {what}", role=actor.role)
    if actor.department != department:
        raise OtherDepartment(
            f"the case belongs to {department}", department=department, yours=actor.department
        )


def may_work(actor: Actor, department: str, what: str) -> None:
    """Accept, return, investigate, propose, implement, resolve, ask for more time."""
    _department_role(actor, department, frozenset({"handler", "supervisor"}), what)


def may_supervise(actor: Actor, department: str, what: str) -> None:
    """Decide on extensions, reassign: the department's supervisor or an admin."""
    _department_role(actor, department, frozenset({"supervisor"}), what)


def may_approve(
    actor: Actor, department: str, *, proposed_by: str, amount: Decimal | None, limit: Decimal
) -> None:
    """A handler never approves; nobody approves their own proposal; above the limit, an
    admin approves."""
    may_supervise(actor, department, "approve a resolution")
    if actor.username == proposed_by:
        raise OwnProposal("a resolution is approved by someone other than its author")
    if amount is not None and amount > limit and not actor.is_admin:
        raise ApprovalLimitExceeded(
            f"amounts above {limit} are approved by an admin", amount=str(amount), limit=str(limit)
        )


def may_arbitrate(actor: Actor, triage_department: str) -> None:
    """Departments disagree about a case: the triage desk's supervisor or an admin decides."""
    _department_role(actor, triage_department, frozenset({"supervisor"}), "arbitrate")

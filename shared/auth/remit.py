"""Whose complaints a principal may see, the one rule every service applies: handlers,
supervisors and callback agents bound to a department see that department's complaints (the
triage desk's staff see triage's); admins, front-line agents, unbound callback agents and
integration keys see every department (their scopes still decide what they may do). Lists are
filtered by it; a single complaint, case, callback or file outside it is answered 404, so its
existence does not leak."""

from __future__ import annotations

from dataclasses import dataclass

from shared.auth.keys import Principal
from shared.errors import Forbidden

BOUND_ROLES = frozenset({"handler", "supervisor", "callback_agent"})


@dataclass(frozen=True)
class Remit:
    departments: frozenset[str] | None = None  # None: every department

    @property
    def everything(self) -> bool:
        return self.departments is None

    def covers(self, department: str | None) -> bool:
        """A complaint not routed yet (no department) is for the unbound only."""
        return self.departments is None or department in self.departments

    def list_for(self, asked: str | None, refusal: Forbidden) -> str | None:
        """The department a list is for: the one asked (None: every one) for the unbound;
        their own for the bound, who get `refusal` for naming another (department codes are
        public, so refusing leaks nothing)."""
        if self.departments is None:
            return asked
        (own,) = self.departments
        if asked not in (None, own):
            raise refusal
        return own


EVERYTHING = Remit()


def remit_of(principal: Principal) -> Remit:
    staff = principal.staff
    if staff is None or staff.role not in BOUND_ROLES or staff.department is None:
        return EVERYTHING
    return Remit(frozenset({staff.department}))

"""Staff roles and what each may do. A staff member's key carries the scopes of their role
at the moment it is used, so a change of role takes effect at once."""

from __future__ import annotations

from typing import Literal, get_args

Role = Literal["agent", "handler", "supervisor", "callback_agent", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)
# Roles that work a department's cases, and so must belong to a department.
DEPARTMENT_ROLES: frozenset[Role] = frozenset({"handler", "supervisor"})

ROLE_SCOPES: dict[Role, frozenset[str]] = {
    "agent": frozenset({"complaints:write", "complaints:read"}),
    "handler": frozenset({"complaints:read", "cases:read", "cases:handle", "insights:read"}),
    "supervisor": frozenset(
        {
            "complaints:read",
            "cases:read",
            "cases:handle",
            "cases:dispatch",
            "cases:supervise",
            "insights:read",
        }
    ),
    "callback_agent": frozenset({"complaints:read", "callbacks:read", "callbacks:work"}),
    "admin": frozenset({"admin"}),
}

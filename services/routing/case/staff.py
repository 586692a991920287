"""Who is acting: the request's key as a member of staff, and what they may see."""

from __future__ import annotations

from services.routing.case.policy import Actor
from shared.auth.keys import Principal
from shared.auth.roles import DEPARTMENT_ROLES


def actor_of(principal: Principal) -> Actor:
    staff = principal.staff_member("handling steps are taken by staff, with their own key")
    return Actor(staff.username, staff.role, staff.department)


def sees_only(principal: Principal) -> str | None:
    """The one department whose cases a handler or supervisor sees; None: all of them."""
    staff = principal.staff
    return staff.department if staff is not None and staff.role in DEPARTMENT_ROLES else None

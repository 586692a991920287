"""Who is acting: the request's key as a member of staff."""

from __future__ import annotations

from services.routing.case.policy import Actor
from shared.auth.keys import Principal


def actor_of(principal: Principal) -> Actor:
    staff = principal.staff_member("handling steps are taken by staff, with their own key")
    return Actor(staff.username, staff.role, staff.department)

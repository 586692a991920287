"""Follow-up figures over HTTP."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends

from services.followup.dependencies import FollowupDep
from services.followup.figures.report import tally
from shared.auth.dependencies import require
from shared.auth.keys import Principal
from shared.auth.remit import remit_of
from shared.errors import InvalidRequest
from shared.web.bounds import Instant

router = APIRouter(prefix="/v1", tags=["follow-up"])


class InvalidPeriod(InvalidRequest):
    code = "invalid_period"


@router.get("/figures")
async def figures(
    followup: FollowupDep,
    reader: Annotated[Principal, Depends(require("callbacks:read"))],
    since: Instant,
    until: Instant,
    period: Literal["day", "week", "month"] = "month",
) -> dict[str, Any]:
    """Callback rate, reach rate, CSAT and reopen rate of the satisfaction callbacks owed
    for resolutions between `since` and `until`, by department and period (a reader bound to
    a department gets its own)."""
    if until <= since or until - since > timedelta(days=400):
        raise InvalidPeriod("`until` must be after `since`, at most 400 days on")
    policy = followup.policy
    async with followup.uow() as uow:
        rows = await uow.reads.satisfaction_between(since, until)
    remit = remit_of(reader)
    rows = [row for row in rows if remit.covers(row.department)]
    zone = ZoneInfo(policy.default_timezone)
    groups = tally(rows, period, zone, policy.reopen_at_or_below)
    return {
        "since": since,
        "until": until,
        "period": period,
        "timezone": zone.key,
        "items": [g.rates() for g in groups],
    }

"""Early warnings over HTTP."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query

from services.insights.dependencies import InsightsDep, Reader
from shared.auth.remit import remit_of

router = APIRouter(prefix="/v1/insights", tags=["insights"])


@router.get("/alerts")
async def list_alerts(
    insights: InsightsDep,
    reader: Reader,
    days: Annotated[int, Query(ge=1, le=400, description="alerts that lasted into these")] = 30,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    """Deviations detected in the last `days` days, newest first, with their evidence (a
    reader bound to a department gets its department's)."""
    async with insights.uow() as uow:
        today = uow.clock.now().astimezone(insights.zone).date()
        since = today - timedelta(days=days - 1)
        found = await uow.alerts.since(since, remit_of(reader).departments, limit)
    return {"since": since, "items": [alert.model_dump(mode="json") for alert in found]}

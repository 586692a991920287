from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends, Request

from services.insights.unit_of_work import InsightsUnitOfWork
from shared.auth.dependencies import require
from shared.auth.keys import Principal
from shared.events.envelope import Trace


@dataclass(frozen=True)
class InsightsState:
    make_uow: Callable[[Trace], InsightsUnitOfWork]
    zone: ZoneInfo

    def uow(self) -> InsightsUnitOfWork:
        return self.make_uow(Trace())


async def get_insights(request: Request) -> InsightsState:
    state: InsightsState = request.app.state.insights
    return state


InsightsDep = Annotated[InsightsState, Depends(get_insights)]
# Figures and alerts: department staff get their own department's (shared.auth.remit).
Reader = Annotated[Principal, Depends(require("insights:read"))]

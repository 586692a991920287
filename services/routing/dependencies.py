from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from services.routing.config import RoutingConfig
from services.routing.learning.active import ActiveModel
from services.routing.unit_of_work import RoutingUnitOfWork
from shared.events.envelope import Trace


@dataclass(frozen=True)
class RoutingState:
    make_uow: Callable[[Trace], RoutingUnitOfWork]
    config: RoutingConfig
    model: ActiveModel

    def uow(self) -> RoutingUnitOfWork:
        return self.make_uow(Trace())


async def get_routing(request: Request) -> RoutingState:
    state: RoutingState = request.app.state.routing
    return state


RoutingDep = Annotated[RoutingState, Depends(get_routing)]

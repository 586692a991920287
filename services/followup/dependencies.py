from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from services.followup.outbound.dispatcher import Dispatcher
from services.followup.outbound.texts import Texts
from services.followup.planning.contacts import FollowupPolicy
from services.followup.unit_of_work import FollowupUnitOfWork
from shared.events.envelope import Trace


@dataclass(frozen=True)
class FollowupState:
    make_uow: Callable[[Trace], FollowupUnitOfWork]
    policy: FollowupPolicy
    texts: Texts
    dispatcher: Dispatcher

    def uow(self) -> FollowupUnitOfWork:
        return self.make_uow(Trace())


async def get_followup(request: Request) -> FollowupState:
    state: FollowupState = request.app.state.followup
    return state


FollowupDep = Annotated[FollowupState, Depends(get_followup)]

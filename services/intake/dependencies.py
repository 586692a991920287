from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request

from services.intake.attachments.files import FileKeeper
from services.intake.complaints.register import IntakePolicy
from services.intake.inbound.receive import ThreadingPolicy
from services.intake.unit_of_work import IntakeUnitOfWork
from shared.clock import Clock
from shared.events.envelope import Trace


@dataclass(frozen=True)
class IntakeState:
    make_uow: Callable[[Trace], IntakeUnitOfWork]
    policy: IntakePolicy
    clock: Clock
    threading: ThreadingPolicy
    files: FileKeeper
    webhook_window: timedelta

    def uow(self, trace: Trace | None = None) -> IntakeUnitOfWork:
        return self.make_uow(trace or Trace())


async def get_intake(request: Request) -> IntakeState:
    state: IntakeState = request.app.state.intake
    return state


IntakeDep = Annotated[IntakeState, Depends(get_intake)]

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated
from uuid import UUID

from fastapi import Depends, Request

from services.intake.services import IntakePolicy
from services.intake.unit_of_work import IntakeUnitOfWork


@dataclass(frozen=True)
class IntakeState:
    make_uow: Callable[[UUID | None], IntakeUnitOfWork]
    policy: IntakePolicy

    def uow(self, correlation_id: UUID | None = None) -> IntakeUnitOfWork:
        return self.make_uow(correlation_id)


def get_intake(request: Request) -> IntakeState:
    state: IntakeState = request.app.state.intake
    return state


IntakeDep = Annotated[IntakeState, Depends(get_intake)]

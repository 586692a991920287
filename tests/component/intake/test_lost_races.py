"""A registration whose transaction PostgreSQL aborts for a deadlock runs again."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from services.intake.tables import complaints, outbox
from services.intake.unit_of_work import IntakeUnitOfWork
from tests.builders import complaint
from tests.system import System


class Deadlock(Exception):
    sqlstate = "40P01"  # what asyncpg's DeadlockDetectedError carries


def commits_losing(
    times: int, commit: Callable[[IntakeUnitOfWork], Coroutine[Any, Any, None]]
) -> Callable[[IntakeUnitOfWork], Coroutine[Any, Any, None]]:
    lost = 0

    async def losing(uow: IntakeUnitOfWork) -> None:
        nonlocal lost
        if lost < times:
            lost += 1
            raise DBAPIError("INSERT ...", None, Deadlock("deadlock detected"))
        await commit(uow)

    return losing


async def count(system: System, table: object) -> int:
    async with system.services["intake"].engine.connect() as conn:
        return int((await conn.execute(select(func.count()).select_from(table))).scalar_one())  # type: ignore[arg-type]


async def test_a_registration_that_lost_a_deadlock_runs_again_and_is_stored_once(
    system: System, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(IntakeUnitOfWork, "commit", commits_losing(1, IntakeUnitOfWork.commit))
    async with await system.client("complaints:write") as client:
        response = await client.post(
            "/v1/complaints", json=complaint("web"), headers={"Idempotency-Key": "k"}
        )
    assert response.status_code == 202
    assert await count(system, complaints) == 1 and await count(system, outbox) == 1


async def test_a_request_that_keeps_losing_races_is_told_to_retry_and_writes_nothing(
    system: System, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(IntakeUnitOfWork, "commit", commits_losing(99, IntakeUnitOfWork.commit))
    async with await system.client("complaints:write") as client:
        response = await client.post("/v1/complaints", json=complaint("web"))
    assert (response.status_code, response.json()["code"]) == (503, "concurrent_update")
    assert response.headers["retry-after"] == "1"
    assert await count(system, complaints) == 0 and await count(system, outbox) == 0

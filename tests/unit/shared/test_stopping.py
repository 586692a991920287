"""After a stop request, work gets its grace period and is then cancelled, saying where it was
stuck; work that ends by itself keeps its result."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, cast

import pytest

from shared import runtime
from shared.service import Service
from shared.settings import ServiceSettings
from shared.stopping import Abandoned, finish_within


async def test_work_that_ends_keeps_its_result() -> None:
    async def quick() -> int:
        return 7

    assert await finish_within(quick(), asyncio.Event(), grace=0.1) == 7


async def test_work_stuck_after_the_stop_request_is_cancelled_and_located(
    caplog: pytest.LogCaptureFixture,
) -> None:
    stopping, cancelled = asyncio.Event(), asyncio.Event()

    async def waits_for_a_broker_that_is_gone() -> None:
        try:
            await asyncio.Event().wait()
        finally:
            cancelled.set()

    asyncio.get_running_loop().call_later(0.05, stopping.set)
    with pytest.raises(Abandoned):
        await finish_within(waits_for_a_broker_that_is_gone(), stopping, grace=0.1)
    assert cancelled.is_set()
    assert "waits_for_a_broker_that_is_gone" in caplog.text


def periodic_only(job: Callable[[], Awaitable[object]], every: float = 60.0) -> Service:
    """A service with nothing but a periodic job: all run_periodic_job reads."""
    nothing = cast(Any, None)
    return Service(
        name="followup",
        engine=nothing,
        outbox=nothing,
        dead_letters=nothing,
        state=None,
        periodic=job,
        periodic_seconds=every,
    )


async def test_a_periodic_job_stuck_on_its_database_does_not_hold_up_the_stop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(runtime, "STOP_GRACE_SECONDS", 0.1)

    async def stuck() -> None:
        await asyncio.Event().wait()  # as a pass waiting for a database that is gone

    stopping = asyncio.Event()
    asyncio.get_running_loop().call_later(0.05, stopping.set)
    job = runtime.run_periodic_job(periodic_only(stuck), ServiceSettings(), stopping)
    await asyncio.wait_for(job, timeout=5)


async def test_a_periodic_pass_that_left_work_due_is_followed_at_once(tmp_path: Path) -> None:
    passes, third = 0, asyncio.Event()

    async def busy_twice() -> bool:
        nonlocal passes
        passes += 1
        if passes == 3:
            third.set()
        return passes < 3  # a full batch twice, then less

    # Every hour: a pass that waited for the interval would never come.
    service = periodic_only(busy_twice, every=3600)
    stopping = asyncio.Event()
    settings = ServiceSettings(heartbeat_file=str(tmp_path / "beat"))
    job = asyncio.create_task(runtime.run_periodic_job(service, settings, stopping))
    await asyncio.wait_for(third.wait(), timeout=10)
    await asyncio.sleep(0.05)
    stopping.set()
    await asyncio.wait_for(job, timeout=5)
    assert passes == 3  # the third left nothing due: the job waits for its interval

"""After a stop request, work gets its grace period and is then cancelled, saying where it was
stuck; work that ends by itself keeps its result."""

from __future__ import annotations

import asyncio

import pytest

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

"""Bounded shutdown: once asked to stop, work gets a grace period to finish by itself, then is
cancelled, so SIGTERM ends a process well within an orchestrator's stop timeout (compose's
is 10 s) even when the broker it waits on is gone."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Awaitable
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


class Abandoned(Exception):
    """The work was cancelled after the grace period; whatever it had not recorded is redone
    by the next process (offsets not committed are re-read, outbox rows not marked re-sent)."""


async def finish_within(work: Awaitable[T], stopping: asyncio.Event, *, grace: float) -> T:
    """The work's result; raises Abandoned if it was still running `grace` seconds after
    `stopping` was set. Where it was stuck is logged, to find what held it."""
    running = asyncio.ensure_future(work)
    stopped = asyncio.ensure_future(stopping.wait())
    try:
        await asyncio.wait({running, stopped}, return_when=asyncio.FIRST_COMPLETED)
        if not running.done():
            await asyncio.wait({running}, timeout=grace)
        if not running.done():
            log.warning("still busy %.0f s after the stop request: %s", grace, _where(running))
            running.cancel()
            try:
                await running
            except asyncio.CancelledError:
                task = asyncio.current_task()
                if task is not None and task.cancelling():
                    raise  # we are being cancelled ourselves
            raise Abandoned
        return running.result()
    finally:
        stopped.cancel()
        running.cancel()  # a no-op once done; else we are being cancelled ourselves


def _where(task: asyncio.Future[Any]) -> str:
    stack = io.StringIO()
    if isinstance(task, asyncio.Task):
        task.print_stack(limit=12, file=stack)
    return stack.getvalue().replace("\n", " | ")

"""Bounded shutdown: once asked to stop, work gets a grace period to finish by itself, then is
cancelled, so SIGTERM ends a process well within an orchestrator's stop timeout (compose's
is 10 s) even when the broker it waits on is gone. A database that stops answering (rather
than going away) can hold even the closing of its connections: a deadline ends the process
then."""

from __future__ import annotations

import asyncio
import io
import logging
import os
import threading
from collections.abc import Awaitable, Iterator
from contextlib import contextmanager
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


def exit_after(seconds: float, doing: str) -> threading.Timer:
    """Ends the process if it is still running `seconds` from now (call it when shutdown
    starts; a normal exit comes first). Nothing accepted is lost by it: uncommitted
    transactions roll back, uncommitted offsets are read again and unmarked outbox rows sent
    again, and the inboxes drop the repeats. A thread, so a stuck event loop cannot hold it."""

    def exit_now() -> None:
        log.error("still %s %.0f s into shutdown: exiting without finishing", doing, seconds)
        for handler in logging.getLogger().handlers:
            handler.flush()
        os._exit(1)

    timer = threading.Timer(seconds, exit_now)
    timer.daemon = True
    timer.start()
    return timer


@contextmanager
def deadline(seconds: float | None, doing: str) -> Iterator[None]:
    """`exit_after` for one step of shutdown, called off once the step is done (None: no
    deadline)."""
    if seconds is None:
        yield
        return
    timer = exit_after(seconds, doing)
    try:
        yield
    finally:
        timer.cancel()

"""What one service contributes to a process, whichever way the process is run."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from fastapi import APIRouter
from sqlalchemy import Table, text
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.messaging.ports import Handler


async def _nothing() -> None:
    return None


@dataclass
class Service:
    name: str
    engine: AsyncEngine
    outbox: Table
    dead_letters: Table  # messages its consumers could never process (shared/outbox)
    state: object  # what this service's routes read from app.state.<name>
    routers: Sequence[APIRouter] = ()
    consumes: tuple[str, ...] = ()
    handlers: Mapping[str, Handler] = field(default_factory=dict)
    startup: Callable[[], Awaitable[None]] = _nothing
    # A job to run every `periodic_seconds` (routing's escalation watchdog), if any. A pass
    # that returns True left work due (it took a full batch): the next one runs at once.
    periodic: Callable[[], Awaitable[object]] | None = None
    periodic_seconds: float = 60.0
    # Sets this service's own gauges from its database (cases past due, contacts due), if any.
    sample: Callable[[datetime], Awaitable[None]] | None = None

    async def ping_database(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def close(self) -> None:
        await self.engine.dispose()

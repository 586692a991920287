"""One transaction for a run of consumed messages: their units of work join it, and it
commits once, so a worker pays one BEGIN, one COMMIT and one pooled connection for the run
instead of one each per message.

A unit of work that ends without committing (a redelivered message, a handler that failed)
spoils the run: nothing of it is kept and the caller processes each message alone.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine


class Spoilt(Exception):
    """A unit of work of the run ended without committing: the run must not commit."""


@dataclass
class SharedTransaction:
    engine: AsyncEngine
    connection: AsyncConnection
    after_commit: list[Callable[[], None]] = field(default_factory=list)
    spoilt: bool = False
    # Reference data read once for the whole run (SqlAlchemyUnitOfWork.once_per_run).
    memo: dict[str, Any] = field(default_factory=dict)


_current: ContextVar[SharedTransaction | None] = ContextVar("shared_transaction", default=None)


def joinable(engine: AsyncEngine) -> SharedTransaction | None:
    """The run's transaction, if one is open on `engine` in this task."""
    shared = _current.get()
    return shared if shared is not None and shared.engine is engine else None


def transactions_on(engine: AsyncEngine) -> Callable[[], AbstractAsyncContextManager[None]]:
    """Opens a shared transaction on `engine` for the units of work run inside it. It commits
    when the block ends, unless the block raised or a unit of work spoilt it (Spoilt)."""

    @asynccontextmanager
    async def together() -> AsyncIterator[None]:
        async with engine.connect() as connection:
            shared = SharedTransaction(engine, connection)
            token = _current.set(shared)
            try:
                async with connection.begin():
                    yield
                    if shared.spoilt:
                        raise Spoilt("a unit of work ended without committing")
            finally:
                _current.reset(token)
        for callback in shared.after_commit:
            callback()

    return together

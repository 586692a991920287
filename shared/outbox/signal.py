"""Wakes a relay as soon as its outbox has new rows, instead of polling it tightly: a relay of
the same process through an asyncio event (the embedded mode), a relay of another process
through PostgreSQL's NOTIFY on `channel(outbox)`, sent by the outbox table's statement
trigger (migrations `*_outbox_notify_trigger`), so heard only once the writing transaction
commits. The relay's slow poll stays as the safety net."""

from __future__ import annotations

import asyncio
from weakref import WeakKeyDictionary

from sqlalchemy import Table

# Per event loop: an asyncio.Event belongs to the loop that waits on it.
_written: WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, asyncio.Event]] = (
    WeakKeyDictionary()
)


def _events() -> dict[str, asyncio.Event]:
    return _written.setdefault(asyncio.get_running_loop(), {})


def written(outbox: Table) -> None:
    """Called after a transaction that wrote outbox rows committed."""
    if (event := _events().get(outbox.fullname)) is not None:
        event.set()


def listen(outbox: Table) -> asyncio.Event:
    """The event a relay of this process waits on (set by written(), cleared by the relay)."""
    return _events().setdefault(outbox.fullname, asyncio.Event())


def channel(outbox: Table) -> str:
    """The PostgreSQL notification channel of this outbox."""
    return channel_of(str(outbox.schema))


def channel_of(schema: str) -> str:
    """The notification channel of the outbox in `schema` (its trigger sends on it)."""
    return f"tousu_{schema}_outbox"

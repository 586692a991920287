"""Follow-up's repositories."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import Row, Select, bindparam, case, func, select

from services.followup.callbacks.domain import Callback
from services.followup.callbacks.states import OPEN, Status
from services.followup.tables import attempts, callbacks
from shared.db.session import BatchingSession, update_by
from shared.events.followup import CallbackAttempted

_CALLBACK_COLUMNS = [f.name for f in fields(Callback) if f.name != "events"]
_UPDATED_COLUMNS = tuple(name for name in _CALLBACK_COLUMNS if name != "id")
_EXISTS = select(callbacks.c.id).where(
    callbacks.c.complaint_id == bindparam("complaint_id"),
    callbacks.c.purpose == bindparam("purpose"),
    callbacks.c.occasion == bindparam("occasion"),
)


@lru_cache(maxsize=4)
def _calls_booked(days: int) -> Select[Any]:
    """Scheduled phone calls counted per day: day i runs from the parameter b<i> to b<i+1>."""
    at = callbacks.c.scheduled_for
    bounds = [bindparam(f"b{i}", type_=at.type) for i in range(days + 1)]
    day = case(*[(at < bounds[i + 1], i) for i in range(days)]).label("day")
    planned = (
        select(day)
        .where(
            callbacks.c.status == Status.SCHEDULED.value,
            callbacks.c.channel == "phone",
            at >= bounds[0],
            at < bounds[-1],
        )
        .subquery()
    )
    return select(planned.c.day, func.count().label("calls")).group_by(planned.c.day)


class CallbackRepository:
    def __init__(self, session: BatchingSession) -> None:
        self._session = session
        self.seen: list[Callback] = []

    async def exists(self, complaint_id: UUID, purpose: str, occasion: str = "") -> bool:
        found = await self._session.execute(
            _EXISTS, {"complaint_id": complaint_id, "purpose": purpose, "occasion": occasion}
        )
        return found.first() is not None

    async def add(self, cb: Callback) -> None:
        values = {name: getattr(cb, name) for name in _CALLBACK_COLUMNS}
        self._session.insert_later(callbacks, values)
        self.seen.append(cb)

    async def get(self, callback_id: UUID, *, lock: bool = False) -> Callback | None:
        stmt = select(callbacks).where(callbacks.c.id == callback_id)
        row = (await self._session.execute(stmt.with_for_update() if lock else stmt)).first()
        return None if row is None else self._track(row)

    async def open_for(self, complaint_id: UUID) -> list[Callback]:
        stmt = select(callbacks).where(
            callbacks.c.complaint_id == complaint_id,
            callbacks.c.status.in_([s.value for s in OPEN]),
        )
        return [self._track(r) for r in (await self._session.execute(stmt)).all()]

    async def save(self, cb: Callback) -> None:
        """Writes the callback and the attempts its events record."""
        values = {name: getattr(cb, name) for name in _UPDATED_COLUMNS}
        await self._session.execute(
            update_by(callbacks, "id", _UPDATED_COLUMNS), {**values, "key_id": cb.id}
        )
        for event in cb.events:
            if isinstance(event, CallbackAttempted):
                self._session.insert_later(
                    attempts,
                    {
                        "callback_id": cb.id,
                        "attempt": event.attempt,
                        "channel": event.channel,
                        "outcome": event.outcome,
                        "by": event.by,
                        "notes": event.notes,
                        "at": event.at,
                    },
                )

    async def due_written(self, now: datetime, limit: int) -> list[Callback]:
        stmt = (
            select(callbacks)
            .where(
                callbacks.c.status == Status.SCHEDULED.value,
                callbacks.c.channel.in_(["sms", "email"]),
                callbacks.c.scheduled_for <= now,
            )
            .order_by(callbacks.c.scheduled_for)
            .limit(limit)
            .with_for_update(skip_locked=True)  # two dispatchers share the work (PostgreSQL)
        )
        return [self._track(r) for r in (await self._session.execute(stmt)).all()]

    async def replies_overdue(self, now: datetime, limit: int) -> list[Callback]:
        stmt = (
            select(callbacks)
            .where(
                callbacks.c.status == Status.AWAITING_REPLY.value,
                callbacks.c.awaiting_reply_until <= now,
            )
            .order_by(callbacks.c.awaiting_reply_until)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return [self._track(r) for r in (await self._session.execute(stmt)).all()]

    async def calls_booked(self, since: datetime, zone: ZoneInfo, days: int) -> dict[date, int]:
        """Calls planned per day (in the team's zone) from `since` on, for `days` days: the
        team's load, counted by the database (its rows grow with the backlog)."""
        first = since.astimezone(zone).date()
        bounds = {"b0": since} | {
            f"b{i}": datetime.combine(first + timedelta(days=i), time(0), zone)
            for i in range(1, days + 1)
        }
        rows = await self._session.execute(_calls_booked(days), bounds)
        return {first + timedelta(days=row.day): row.calls for row in rows}

    async def calls_made_since(self, agent: str, since: datetime) -> int:
        """Attempts the agent has recorded since `since` (their team's day start)."""
        stmt = (
            select(func.count())
            .select_from(attempts)
            .where(attempts.c.by == agent, attempts.c.at >= since)
        )
        return int((await self._session.execute(stmt)).scalar_one())

    def _track(self, row: Row[Any]) -> Callback:
        values = row._asdict()
        callback = Callback(**{**values, "status": Status(values["status"])})
        self.seen.append(callback)
        return callback

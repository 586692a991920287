"""Complaint rows changed in one statement each: every rule of a `Change` is a SQL expression
over the row's current value, so two workers folding events of one complaint at once (they
come from different topics) never lose each other's update."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, case, literal, or_, update
from sqlalchemy.dialects import postgresql, sqlite

from services.insights.facts.fold import Change
from services.insights.tables import complaint_facts as facts
from shared.db.session import BatchingSession

_COUNTERS = {"returns": 0, "reopens": 0, "escalations": 0}
LABELS_PER_STATEMENT = 500  # ids bound in one IN list


class FactsRepository:
    def __init__(self, session: BatchingSession) -> None:
        self._session = session

    async def apply(self, complaint_id: UUID, change: Change) -> None:
        """One statement: the row as this event alone would make it, or, when the complaint
        has a row already, the change applied to it."""
        if change.empty:
            return
        dialect = self._session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        await self._session.execute(
            insert(facts)
            .values({"complaint_id": complaint_id} | _COUNTERS | _fresh(change))
            .on_conflict_do_update(index_elements=[facts.c.complaint_id], set_=_values(change))
        )

    async def label_topic(self, complaint_ids: Sequence[UUID], topic: str) -> None:
        """The emerging topic the complaints were found in; a complaint keeps its first."""
        for start in range(0, len(complaint_ids), LABELS_PER_STATEMENT):
            chosen = complaint_ids[start : start + LABELS_PER_STATEMENT]
            await self._session.execute(
                update(facts)
                .where(facts.c.complaint_id.in_(chosen), facts.c.topic.is_(None))
                .values(topic=topic)
            )


def _fresh(change: Change) -> dict[str, Any]:
    """A new row's values: what `_values` gives when every column is still empty."""
    values: dict[str, Any] = change.overwrite | change.once | change.earliest | change.latest
    values |= dict.fromkeys(change.counted, 1)
    for name, value in (("department", change.department), ("status", change.status)):
        if value is not None:
            values |= {name: value, f"{name}_at": change.at}
    return values


def _values(change: Change) -> dict[str, Any]:
    c = facts.c
    values: dict[str, Any] = dict(change.overwrite)
    for name, value in change.once.items():
        values[name] = case((c[name].is_(None), _typed(name, value)), else_=c[name])
    for name, at in change.earliest.items():
        earlier = or_(c[name].is_(None), c[name] > at)
        values[name] = case((earlier, _typed(name, at)), else_=c[name])
    for name, at in change.latest.items():
        later = or_(c[name].is_(None), c[name] < at)
        values[name] = case((later, _typed(name, at)), else_=c[name])
    for name in change.counted:
        values[name] = c[name] + 1
    for name, value in (("department", change.department), ("status", change.status)):
        if value is not None:
            learned = f"{name}_at"
            newer = or_(c[learned].is_(None), c[learned] <= change.at)
            values[name] = case((newer, _typed(name, value)), else_=c[name])
            values[learned] = case((newer, _typed(learned, change.at)), else_=c[learned])
    return values


def _typed(name: str, value: Any) -> ColumnElement[Any]:
    """A value bound with its column's type (the UTC instants are stored alike everywhere)."""
    return literal(value, facts.c[name].type)

"""Alerts as rows: one per deviation of a series, extended while it lasts."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict
from sqlalchemy import or_, select, update

from services.insights.tables import alerts
from shared.db.session import BatchingSession

TOPIC = "topic"  # an emerging topic's series is "topic=<its leading term>"


class Sighting(BaseModel):
    """A surge or an emerging topic as the detector saw it on one pass."""

    model_config = ConfigDict(from_attributes=True, frozen=True)

    series: str
    dimensions: dict[str, str]
    department: str | None
    first_day: date
    last_day: date
    observed: int
    expected: float
    score: float
    top_terms: list[str]
    examples: list[str]

    def figures(self, now: datetime) -> dict[str, Any]:
        """What a later pass may update of the alert it makes."""
        return self.model_dump(
            include={"last_day", "observed", "expected", "score", "top_terms", "examples"}
        ) | {"updated_at": now}


class AlertView(Sighting):
    id: UUID
    detected_at: datetime
    updated_at: datetime


class AlertRepository:
    def __init__(self, session: BatchingSession) -> None:
        self._session = session

    async def ongoing(self, series: str, first_day: date, gap_days: int) -> AlertView | None:
        """The series' alert this one continues: it began the same day, or its last day is
        close enough before this one's first (a long surge seen again after the detector's
        window moved on)."""
        query = (
            select(alerts)
            .where(
                alerts.c.series == series,
                or_(
                    alerts.c.first_day == first_day,
                    alerts.c.last_day >= first_day - timedelta(days=gap_days + 1),
                ),
                alerts.c.first_day <= first_day,
            )
            .order_by(alerts.c.first_day.desc())
            .limit(1)
        )
        row = (await self._session.execute(query)).first()
        return None if row is None else AlertView.model_validate(row)

    async def ongoing_topic(
        self, terms: list[str], first_day: date, gap_days: int
    ) -> AlertView | None:
        """The topic alert this one continues: one that lasted until close enough before it
        and shares a term with it (a topic's leading term may change from pass to pass)."""
        query = (
            select(alerts)
            .where(
                alerts.c.series.startswith(f"{TOPIC}="),
                alerts.c.last_day >= first_day - timedelta(days=gap_days + 1),
            )
            .order_by(alerts.c.score.desc())
        )
        for row in await self._session.execute(query):
            known = AlertView.model_validate(row)
            if set(known.top_terms) & set(terms):
                return known
        return None

    def add(self, row: dict[str, Any]) -> None:
        self._session.insert_later(alerts, row)

    async def extend(self, alert_id: UUID, values: dict[str, Any]) -> None:
        await self._session.execute(update(alerts).where(alerts.c.id == alert_id).values(values))

    async def since(
        self, day: date, departments: Collection[str] | None, limit: int
    ) -> list[AlertView]:
        """Alerts that lasted into `day` or later, newest first; for department staff, their
        department's only."""
        query = select(alerts).where(alerts.c.last_day >= day)
        if departments is not None:
            query = query.where(alerts.c.department.in_(departments))
        query = query.order_by(alerts.c.last_day.desc(), alerts.c.score.desc()).limit(limit)
        return [AlertView.model_validate(row) for row in await self._session.execute(query)]

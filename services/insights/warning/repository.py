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


class AlertView(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: UUID
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

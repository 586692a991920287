"""Routing's repositories."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast
from uuid import UUID

from sqlalchemy import CursorResult, Row, func, insert, select, update

from services.routing.assignment.domain import Assignment, Move
from services.routing.config import DepartmentConfig, RoutingConfig
from services.routing.departments.domain import Department
from services.routing.escalation.ladder import STEP_COLUMN, OpenCase
from services.routing.tables import (
    OPEN_CASE,
    assignment_history,
    assignments,
    departments,
    model_activations,
    rules,
)
from shared.db.session import BatchingSession


def _department(row: Row[Any]) -> Department:
    return Department(row.code, row.name, row.name_zh, row.default_priority, row.active)


def _department_row(d: DepartmentConfig) -> dict[str, Any]:
    return {
        "code": d.code,
        "name": d.name,
        "name_zh": d.name_zh,
        "default_priority": d.default_priority,
        "active": True,
    }


class DepartmentRepository:
    def __init__(self, session: BatchingSession) -> None:
        self._session = session

    async def all(self) -> dict[str, Department]:
        rows = (await self._session.execute(select(departments).order_by(departments.c.code))).all()
        return {row.code: _department(row) for row in rows}

    async def count(self) -> int:
        return int(await self._session.scalar(select(func.count()).select_from(departments)) or 0)

    async def add_missing(self, config: RoutingConfig) -> None:
        known = set(await self._session.scalars(select(departments.c.code)))
        if rows := [_department_row(d) for d in config.departments if d.code not in known]:
            await self._session.execute(insert(departments), rows)

    async def seed(self, config: RoutingConfig) -> None:
        await self._session.execute(
            insert(departments), [_department_row(d) for d in config.departments]
        )
        if config.rules:
            await self._session.execute(
                insert(rules),
                [
                    {
                        "position": (i + 1) * 10,
                        "name": r.name,
                        "department": r.department,
                        "keywords": list(r.keywords),
                        "channels": list(r.channels),
                        "categories": list(r.categories),
                        "enabled": True,
                    }
                    for i, r in enumerate(config.rules)
                ],
            )


class AssignmentRepository:
    def __init__(self, session: BatchingSession) -> None:
        self._session = session

    async def add(self, a: Assignment) -> None:
        self._session.insert_later(
            assignments,
            {
                "complaint_id": a.complaint_id,
                "reference": a.reference,
                "channel": a.channel,
                "department": a.department.code,
                "priority": a.priority,
                "matched_rule": a.matched_rule,
                "reasons": a.reasons,
                "risk_flags": a.risk_flags,
                "first_response_due": a.first_response_due,
                "resolution_due": a.resolution_due,
                "routed_at": a.routed_at,
                "text": a.text,
                "classification": a.classification.as_dict() if a.classification else None,
                "senior_handler": a.senior_handler,
            },
        )

    async def move(self, move: Move) -> None:
        await self._session.execute(
            update(assignments)
            .where(assignments.c.complaint_id == move.complaint_id)
            .values(department=move.department.code)
        )
        self._session.insert_later(
            assignment_history,
            {
                "complaint_id": move.complaint_id,
                "from_department": move.from_department,
                "to_department": move.department.code,
                "by": move.by,
                "reason": move.reason,
                "at": move.at,
            },
        )

    async def open_cases(self, *, limit: int) -> list[OpenCase]:
        """Unresolved cases not yet raised to supervision, the most urgent first."""
        stmt = (
            select(assignments)
            .where(assignments.c.supervised_at.is_(None), OPEN_CASE)
            .order_by(assignments.c.resolution_due)
            .limit(limit)
        )
        return [
            OpenCase(
                row.complaint_id,
                row.reference,
                row.department,
                row.priority,
                row.routed_at,
                row.resolution_due,
                frozenset(level for level, column in STEP_COLUMN.items() if getattr(row, column)),
            )
            for row in await self._session.execute(stmt)
        ]

    async def take_step(self, complaint_id: UUID, column: str, now: datetime) -> bool:
        """Marks a ladder step taken; False when another pass took it first."""
        step = assignments.c[column]
        result = await self._session.execute(
            update(assignments)
            .where(assignments.c.complaint_id == complaint_id, step.is_(None))
            .values({column: now})
        )
        return bool(cast(CursorResult[Any], result).rowcount)

    async def handled_cases(self, *, excluding: str) -> list[tuple[str, str]]:
        """(text, final department) of every case that left `excluding` (the triage desk) and
        that its department accepted (a case still waiting, or disputed, is no evidence)."""
        stmt = select(assignments.c.text, assignments.c.department).where(
            assignments.c.text.is_not(None),
            assignments.c.department != excluding,
            assignments.c.state.not_in(("assigned", "arbitration", "withdrawn")),
        )
        return [(row.text, row.department) for row in await self._session.execute(stmt)]

    async def add_text(self, complaint_id: UUID, text: str) -> None:
        """What the customer added later, kept with the case (no-op without one)."""
        await self._session.execute(
            update(assignments)
            .where(assignments.c.complaint_id == complaint_id)
            .values(text=func.coalesce(assignments.c.text, "") + "\n\n" + text)
        )

    async def exists(self, complaint_id: UUID) -> bool:
        stmt = select(assignments.c.complaint_id).where(assignments.c.complaint_id == complaint_id)
        return (await self._session.execute(stmt)).first() is not None


class ModelActivationRepository:
    def __init__(self, session: BatchingSession) -> None:
        self._session = session

    async def latest(self) -> tuple[str, str] | None:
        stmt = (
            select(model_activations.c.version, model_activations.c.path)
            .order_by(model_activations.c.id.desc())
            .limit(1)
        )
        row = (await self._session.execute(stmt)).first()
        return None if row is None else (row.version, row.path)

    async def last_activated_at(self) -> datetime | None:
        stmt = select(func.max(model_activations.c.activated_at))
        found: datetime | None = await self._session.scalar(stmt)
        return found

    async def add(
        self, *, version: str, path: str, labels: list[str], by: str, at: datetime
    ) -> None:
        await self._session.execute(
            insert(model_activations).values(
                version=version, path=path, labels=labels, activated_by=by, activated_at=at
            )
        )

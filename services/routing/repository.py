"""Routing's repositories."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Row, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.routing.config import RoutingConfig
from services.routing.domain import Assignment, Department, Rule
from services.routing.models import assignments, departments, rules
from shared.pagination import keyset_after


def _department(row: Row[Any]) -> Department:
    return Department(row.code, row.name, row.name_zh, row.default_priority, row.active)


class DepartmentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def all(self) -> dict[str, Department]:
        rows = (await self._session.execute(select(departments).order_by(departments.c.code))).all()
        return {row.code: _department(row) for row in rows}

    async def count(self) -> int:
        return int(await self._session.scalar(select(func.count()).select_from(departments)) or 0)

    async def seed(self, config: RoutingConfig) -> None:
        await self._session.execute(
            insert(departments),
            [{"code": d.code, "name": d.name, "name_zh": d.name_zh,
              "default_priority": d.default_priority, "active": True}
             for d in config.departments],
        )  # fmt: skip
        if config.rules:
            await self._session.execute(
                insert(rules),
                [{"position": (i + 1) * 10, "name": r.name, "department": r.department,
                  "keywords": list(r.keywords), "channels": list(r.channels),
                  "categories": list(r.categories), "enabled": True}
                 for i, r in enumerate(config.rules)],
            )  # fmt: skip


class RuleRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def enabled(self) -> list[Rule]:
        rows = (
            await self._session.execute(
                select(rules).where(rules.c.enabled.is_(True)).order_by(rules.c.position)
            )
        ).all()
        return [
            Rule(r.id, r.position, r.name, r.department, tuple(r.keywords), tuple(r.channels),
                 tuple(r.categories), r.enabled)
            for r in rows
        ]  # fmt: skip


class AssignmentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.seen: list[Assignment] = []

    async def add(self, a: Assignment) -> None:
        await self._session.execute(
            insert(assignments).values(
                complaint_id=a.complaint_id, reference=a.reference, channel=a.channel,
                department=a.department.code, priority=a.priority, matched_rule=a.matched_rule,
                reasons=a.reasons, risk_flags=a.risk_flags,
                first_response_due=a.first_response_due, resolution_due=a.resolution_due,
                routed_at=a.routed_at,
            )
        )  # fmt: skip
        self.seen.append(a)

    async def exists(self, complaint_id: UUID) -> bool:
        stmt = select(assignments.c.complaint_id).where(assignments.c.complaint_id == complaint_id)
        return (await self._session.execute(stmt)).first() is not None

    async def queue(
        self, *, department: str | None, priority: str | None,
        after: tuple[datetime, UUID] | None, limit: int,
    ) -> list[Row[Any]]:  # fmt: skip
        """Most urgent first: ordered by resolution deadline."""
        stmt = select(assignments).order_by(
            assignments.c.resolution_due, assignments.c.complaint_id
        )
        if department:
            stmt = stmt.where(assignments.c.department == department)
        if priority:
            stmt = stmt.where(assignments.c.priority == priority)
        if after is not None:
            stmt = stmt.where(
                keyset_after(assignments.c.resolution_due, assignments.c.complaint_id, after)
            )
        return list((await self._session.execute(stmt.limit(limit))).all())

"""The routing rules and the audit of their changes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.routing.rules.domain import Rule
from services.routing.tables import rule_changes, rules

FIELDS = ("position", "name", "department", "keywords", "channels", "categories", "enabled")


def _as_dict(row: Row[Any]) -> dict[str, Any]:
    return {"id": row.id, **{f: getattr(row, f) for f in FIELDS}}


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
            Rule(
                r.id,
                r.position,
                r.name,
                r.department,
                tuple(r.keywords),
                tuple(r.channels),
                tuple(r.categories),
                r.enabled,
            )
            for r in rows
        ]

    async def all(self) -> list[dict[str, Any]]:
        rows = (await self._session.execute(select(rules).order_by(rules.c.position))).all()
        return [_as_dict(row) for row in rows]

    async def get(self, rule_id: int) -> dict[str, Any] | None:
        row = (await self._session.execute(select(rules).where(rules.c.id == rule_id))).first()
        return None if row is None else _as_dict(row)

    async def save(self, rule_id: int | None, values: dict[str, Any]) -> int:
        """Inserts (rule_id None) or updates; raises IntegrityError on a taken name or position."""
        if rule_id is None:
            stmt = insert(rules).values(values).returning(rules.c.id)
            new_id: int = (await self._session.execute(stmt)).scalar_one()
            return new_id
        await self._session.execute(update(rules).where(rules.c.id == rule_id).values(values))
        await self._session.flush()
        return rule_id

    async def record_change(
        self,
        rule_id: int,
        action: str,
        *,
        by: str,
        at: datetime,
        before: dict[str, Any] | None,
        after: dict[str, Any],
    ) -> None:
        await self._session.execute(
            insert(rule_changes).values(
                rule_id=rule_id, action=action, by=by, at=at, before=before, after=after
            )
        )

    async def changes(self, rule_id: int) -> list[Row[Any]]:
        stmt = select(rule_changes).where(rule_changes.c.rule_id == rule_id)
        return list((await self._session.execute(stmt.order_by(rule_changes.c.id))).all())

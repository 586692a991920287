"""Staff members: a role, a department, and personal keys issued to them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import Row, insert, select, update
from sqlalchemy.exc import IntegrityError

from shared.auth.keys import ApiKeyInfo, KeyStore
from shared.auth.roles import DEPARTMENT_ROLES, ROLE_SCOPES, ROLES, Role
from shared.auth.tables import api_keys, staff

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
_DEPARTMENT = re.compile(r"^[a-z][a-z0-9_]{1,63}$")


class StaffError(ValueError):
    """A request about staff that can't be carried out; the message says why."""


@dataclass(frozen=True)
class StaffInfo:
    id: UUID
    username: str
    name: str
    role: Role
    department: str | None
    created_at: datetime
    disabled_at: datetime | None


def _info(row: Row[Any]) -> StaffInfo:
    return StaffInfo(
        row.id, row.username, row.name, row.role, row.department, row.created_at, row.disabled_at
    )


def _checked(username: str, role: str, department: str | None) -> Role:
    if not _USERNAME.match(username):
        raise StaffError("a username is 2-64 lowercase letters, digits, '.', '_' or '-'")
    if role not in ROLES:
        raise StaffError(f"unknown role {role!r}; choose from {', '.join(ROLES)}")
    if department is not None and not _DEPARTMENT.match(department):
        raise StaffError(f"{department!r} is not a department code")
    if role in DEPARTMENT_ROLES and department is None:
        raise StaffError(f"a {role} belongs to a department (--department)")
    return role


class StaffDirectory:
    def __init__(self, keys: KeyStore) -> None:
        self._keys = keys

    async def add(self, username: str, name: str, role: str, department: str | None) -> StaffInfo:
        checked = _checked(username, role, department)
        info = StaffInfo(uuid4(), username, name, checked, department, self._keys.now(), None)
        try:
            async with self._keys.engine.begin() as conn:
                await conn.execute(
                    insert(staff).values(
                        id=info.id,
                        username=username,
                        name=name,
                        role=checked,
                        department=department,
                        created_at=info.created_at,
                    )
                )
        except IntegrityError:
            raise StaffError(f"the username {username!r} is taken") from None
        return info

    async def list(self) -> list[StaffInfo]:
        async with self._keys.engine.connect() as conn:
            rows = (await conn.execute(select(staff).order_by(staff.c.username))).all()
        return [_info(row) for row in rows]

    async def issue_key(self, username: str) -> tuple[ApiKeyInfo, str]:
        member = await self._active(username)
        return await self._keys.create(
            f"{member.name} ({username})", ROLE_SCOPES[member.role], staff_id=member.id
        )

    async def disable(self, username: str) -> None:
        """The person's keys stop working at once, here, and within the cache time elsewhere."""
        member = await self._active(username)
        now = self._keys.now()
        async with self._keys.engine.begin() as conn:
            await conn.execute(update(staff).where(staff.c.id == member.id).values(disabled_at=now))
            await conn.execute(
                update(api_keys)
                .where(api_keys.c.staff_id == member.id, api_keys.c.revoked_at.is_(None))
                .values(revoked_at=now)
            )
        self._keys.forget()

    async def _active(self, username: str) -> StaffInfo:
        stmt = select(staff).where(staff.c.username == username, staff.c.disabled_at.is_(None))
        async with self._keys.engine.connect() as conn:
            row = (await conn.execute(stmt)).first()
        if row is None:
            raise StaffError(f"no active staff member {username!r}")
        return _info(row)

"""Creating, listing, revoking and verifying API keys."""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID, uuid4

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.auth.roles import ROLE_SCOPES, Role
from shared.auth.tables import api_keys, staff
from shared.clock import Clock
from shared.errors import Forbidden

SCOPES = (
    "complaints:write",
    "complaints:read",
    "cases:read",
    "cases:handle",
    "cases:dispatch",
    "cases:supervise",
    "callbacks:read",
    "callbacks:work",
    "insights:read",
    "messages:report",
    "metrics:read",
    "admin",
)
KEY_PREFIX = "tsk_"


class UnknownScope(ValueError):
    pass


class StaffOnly(Forbidden):
    code = "staff_only"


@dataclass(frozen=True)
class StaffMember:
    username: str
    name: str
    role: Role
    department: str | None


@dataclass(frozen=True)
class Principal:
    key_id: UUID
    name: str
    scopes: frozenset[str]
    staff: StaffMember | None = None  # None: an integration's key
    rate_per_minute: int | None = None  # None: unlimited

    def allows(self, scope: str) -> bool:
        return scope in self.scopes or "admin" in self.scopes

    def staff_member(self, refusal: str) -> StaffMember:
        """The person behind a staff key; an integration's key is refused (403 staff_only)."""
        if self.staff is None:
            raise StaffOnly(refusal)
        return self.staff


@dataclass(frozen=True)
class ApiKeyInfo:
    id: UUID
    name: str
    prefix: str
    scopes: tuple[str, ...]
    created_at: datetime
    revoked_at: datetime | None
    rate_per_minute: int | None = None
    expires_at: datetime | None = None  # a rotated-out key's end of grace


def hash_key(raw: str) -> str:
    # Keys are 256-bit random secrets, so a plain SHA-256 is enough (no password stretching).
    return hashlib.sha256(raw.encode()).hexdigest()


def validate_scopes(scopes: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(s.strip() for s in scopes if s.strip()))
    unknown = [s for s in chosen if s not in SCOPES]
    if unknown or not chosen:
        raise UnknownScope(f"unknown or no scopes: {unknown}; choose from {', '.join(SCOPES)}")
    return chosen


class KeyStore:
    """Verification results are cached briefly; a revoked key stops working within cache_ttl."""

    def __init__(self, engine: AsyncEngine, clock: Clock, *, cache_ttl: float = 10.0) -> None:
        self.engine, self._clock, self._ttl = engine, clock, cache_ttl
        self._cache: dict[str, tuple[float, Principal | None]] = {}

    @property
    def clock(self) -> Clock:
        return self._clock

    def now(self) -> datetime:
        return self._clock.now()

    def forget(self) -> None:
        """Drop cached verifications, after a revocation."""
        self._cache.clear()

    async def close(self) -> None:
        await self.engine.dispose()

    async def create(
        self,
        name: str,
        scopes: Iterable[str],
        *,
        staff_id: UUID | None = None,
        rate_per_minute: int | None = None,
    ) -> tuple[ApiKeyInfo, str]:
        """Returns the key's record and the raw key, which is never stored or shown again."""
        chosen = validate_scopes(scopes)
        raw = KEY_PREFIX + secrets.token_urlsafe(32)
        info = ApiKeyInfo(uuid4(), name, raw[:12], chosen, self._clock.now(), None, rate_per_minute)
        async with self.engine.begin() as conn:
            await conn.execute(
                insert(api_keys).values(
                    id=info.id,
                    name=name,
                    prefix=info.prefix,
                    key_hash=hash_key(raw),
                    scopes=list(chosen),
                    created_at=info.created_at,
                    staff_id=staff_id,
                    rate_per_minute=rate_per_minute,
                )
            )
        return info, raw

    async def rotate(self, key_id: UUID, grace: timedelta) -> tuple[ApiKeyInfo, str] | None:
        """A new key with the same name, scopes, owner and limit; the old one keeps working
        until the grace period ends, so the integration can switch without downtime."""
        now = self._clock.now()
        async with self.engine.begin() as conn:
            old = (
                await conn.execute(
                    select(api_keys)
                    .where(
                        api_keys.c.id == key_id,
                        api_keys.c.revoked_at.is_(None),
                        api_keys.c.expires_at.is_(None),
                    )
                    .with_for_update()
                )
            ).first()
            if old is None:
                return None
            await conn.execute(
                update(api_keys).where(api_keys.c.id == key_id).values(expires_at=now + grace)
            )
        self.forget()
        return await self.create(
            old.name, old.scopes, staff_id=old.staff_id, rate_per_minute=old.rate_per_minute
        )

    async def list(self) -> list[ApiKeyInfo]:
        async with self.engine.connect() as conn:
            rows = (await conn.execute(select(api_keys).order_by(api_keys.c.created_at))).all()
        return [
            ApiKeyInfo(
                r.id,
                r.name,
                r.prefix,
                tuple(r.scopes),
                r.created_at,
                r.revoked_at,
                r.rate_per_minute,
                r.expires_at,
            )
            for r in rows
        ]

    async def revoke(self, key_id: UUID) -> bool:
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(api_keys)
                .where(api_keys.c.id == key_id, api_keys.c.revoked_at.is_(None))
                .values(revoked_at=self._clock.now())
            )
        self.forget()
        return bool(result.rowcount)

    async def verify(self, raw: str) -> Principal | None:
        if not raw.startswith(KEY_PREFIX) or len(raw) > 200:
            return None
        digest = hash_key(raw)
        cached = self._cache.get(digest)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        principal = await self._lookup(digest)
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[digest] = (time.monotonic() + self._ttl, principal)
        return principal

    async def _lookup(self, digest: str) -> Principal | None:
        stmt = (
            select(
                api_keys.c.id,
                api_keys.c.name,
                api_keys.c.scopes,
                staff.c.username,
                staff.c.name.label("staff_name"),
                staff.c.role,
                staff.c.department,
                staff.c.disabled_at,
                api_keys.c.rate_per_minute,
                api_keys.c.expires_at,
            )
            .select_from(api_keys.outerjoin(staff, api_keys.c.staff_id == staff.c.id))
            .where(api_keys.c.key_hash == digest, api_keys.c.revoked_at.is_(None))
        )
        async with self.engine.connect() as conn:
            row = (await conn.execute(stmt)).first()
        if row is None or row.disabled_at is not None:
            return None
        if row.expires_at is not None and row.expires_at <= self._clock.now():
            return None
        if row.username is None:
            return Principal(
                row.id, row.name, frozenset(row.scopes), rate_per_minute=row.rate_per_minute
            )
        member = StaffMember(row.username, row.staff_name, row.role, row.department)
        return Principal(row.id, row.name, ROLE_SCOPES[member.role], member, row.rate_per_minute)

"""Gateways that push customer messages: each with its own secret, address allow-list and rate
limit. Rotating a secret keeps the previous one valid for a grace period."""

from __future__ import annotations

import base64
import re
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from ipaddress import ip_address, ip_network
from uuid import UUID, uuid4

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.auth.sealing import SecretBox
from shared.auth.tables import integrations
from shared.clock import Clock

# twilio and mailgun sign with a secret the provider issues (the auth token, the webhook
# signing key); aliyun's secret is a path segment and standard's a `whsec_` key, made here.
KINDS = ("twilio", "aliyun", "mailgun", "standard")
PROVIDER_ISSUED = frozenset({"twilio", "mailgun"})
MAX_SECRET = 100  # sealed, it fits the column (400)
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")


class IntegrationError(ValueError):
    pass


@dataclass(frozen=True)
class Integration:
    id: UUID
    name: str
    kind: str
    secret: str
    previous_secret: str | None
    previous_valid_until: datetime | None
    rate_per_minute: int
    allowed_networks: tuple[str, ...]
    public_url: str | None
    created_at: datetime
    disabled_at: datetime | None

    def secrets(self, now: datetime) -> tuple[str, ...]:
        """The current secret, and the previous one while its grace period lasts."""
        until = self.previous_valid_until
        if self.previous_secret and until is not None and until > now:
            return (self.secret, self.previous_secret)
        return (self.secret,)

    def admits(self, address: str | None) -> bool:
        if not self.allowed_networks:
            return True
        try:
            ip = ip_address(address or "")
        except ValueError:
            return False
        return any(ip in ip_network(n) for n in self.allowed_networks)


def make_secret(kind: str) -> str:
    if kind == "standard":
        return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()
    return secrets.token_urlsafe(32)


def _checked_secret(secret: str | None) -> None:
    if secret is not None and not 8 <= len(secret) <= MAX_SECRET:
        raise IntegrationError(f"a secret is 8 to {MAX_SECRET} characters")


def _checked(name: str, kind: str, networks: tuple[str, ...], rate: int) -> None:
    if not _NAME.match(name):
        raise IntegrationError("name: lowercase letters, digits and dashes, 2-64 characters")
    if kind not in KINDS:
        raise IntegrationError(f"kind must be one of {', '.join(KINDS)}")
    if rate < 1:
        raise IntegrationError("the rate limit must be at least 1 request a minute")
    for network in networks:
        try:
            ip_network(network)
        except ValueError as exc:
            raise IntegrationError(f"not an address or network: {network}") from exc


class IntegrationStore:
    """Lookups are cached briefly; a rotation or a disable takes effect within cache_ttl.
    Secrets are sealed by `box` before they are stored, and opened when read."""

    def __init__(
        self, engine: AsyncEngine, clock: Clock, box: SecretBox, *, cache_ttl: float = 10.0
    ) -> None:
        self.engine, self.clock, self.box, self._ttl = engine, clock, box, cache_ttl
        self._cache: dict[str, tuple[float, Integration | None]] = {}

    async def create(
        self,
        name: str,
        kind: str,
        *,
        secret: str | None = None,
        rate_per_minute: int = 600,
        allowed_networks: tuple[str, ...] = (),
        public_url: str | None = None,
    ) -> Integration:
        _checked(name, kind, allowed_networks, rate_per_minute)
        _checked_secret(secret)
        if secret is None and kind in PROVIDER_ISSUED:
            raise IntegrationError(f"a {kind} integration signs with the secret {kind} issued")
        async with self.engine.begin() as conn:
            if (
                await conn.execute(select(integrations.c.id).where(integrations.c.name == name))
            ).first():
                raise IntegrationError(f"an integration named {name} exists")
            await conn.execute(
                insert(integrations).values(
                    id=uuid4(),
                    name=name,
                    kind=kind,
                    secret=self.box.seal(secret or make_secret(kind)),
                    rate_per_minute=rate_per_minute,
                    allowed_networks=list(allowed_networks),
                    public_url=public_url,
                    created_at=self.clock.now(),
                )
            )
        return await self._required(name)

    async def rotate(self, name: str, grace: timedelta, secret: str | None = None) -> Integration:
        current = await self._required(name)
        _checked_secret(secret)
        if secret is None and current.kind in PROVIDER_ISSUED:
            raise IntegrationError(f"give the new secret {current.kind} issued")
        async with self.engine.begin() as conn:
            await conn.execute(
                update(integrations)
                .where(integrations.c.name == name)
                .values(
                    secret=self.box.seal(secret or make_secret(current.kind)),
                    previous_secret=self.box.seal(current.secret),
                    previous_valid_until=self.clock.now() + grace,
                )
            )
        self._cache.clear()
        return await self._required(name)

    async def disable(self, name: str) -> None:
        await self._required(name)
        async with self.engine.begin() as conn:
            await conn.execute(
                update(integrations)
                .where(integrations.c.name == name)
                .values(disabled_at=self.clock.now())
            )
        self._cache.clear()

    async def list(self) -> list[Integration]:
        async with self.engine.connect() as conn:
            rows = await conn.execute(select(integrations).order_by(integrations.c.name))
            return [self._integration(r) for r in rows]

    async def reseal(self) -> int:
        """Every stored secret sealed again with the first key (after a key rotation, or to
        seal secrets stored in clear before sealing existed); how many rows changed."""
        async with self.engine.begin() as conn:
            rows = (await conn.execute(select(integrations).with_for_update())).all()
            for r in rows:
                previous = r.previous_secret and self.box.reseal(r.previous_secret)
                await conn.execute(
                    update(integrations)
                    .where(integrations.c.id == r.id)
                    .values(secret=self.box.reseal(r.secret), previous_secret=previous)
                )
        self._cache.clear()
        return len(rows)

    async def get(self, name: str) -> Integration | None:
        """An enabled integration by name, or None."""
        cached = self._cache.get(name)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        found = await self._fetch(name)
        enabled = found if found is not None and found.disabled_at is None else None
        if len(self._cache) > 1_000:
            self._cache.clear()
        self._cache[name] = (time.monotonic() + self._ttl, enabled)
        return enabled

    async def _fetch(self, name: str) -> Integration | None:
        async with self.engine.connect() as conn:
            row = (
                await conn.execute(select(integrations).where(integrations.c.name == name))
            ).first()
        return None if row is None else self._integration(row)

    async def _required(self, name: str) -> Integration:
        found = await self._fetch(name)
        if found is None:
            raise IntegrationError(f"no integration named {name}")
        return found

    def _integration(self, r: Row[tuple[object, ...]]) -> Integration:
        return Integration(
            r.id,
            r.name,
            r.kind,
            self.box.open(r.secret),
            self.box.open(r.previous_secret) if r.previous_secret else None,
            r.previous_valid_until,
            r.rate_per_minute,
            tuple(r.allowed_networks),
            r.public_url,
            r.created_at,
            r.disabled_at,
        )

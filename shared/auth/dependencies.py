"""FastAPI dependencies: `Depends(require("complaints:read"))` guards a route."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from fastapi import Request

from shared.auth.keys import Principal
from shared.auth.rate import RateLimited, RateLimiter
from shared.errors import Forbidden, Unauthenticated
from shared.metrics import count_refusal


class Verifier(Protocol):
    async def verify(self, raw: str) -> Principal | None: ...


def presented_key(request: Request) -> str | None:
    if key := request.headers.get("x-api-key"):
        return key.strip()
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token else None


async def authenticate(request: Request, raw: str) -> Principal:
    """The key's principal, its request counted against the key's rate (RateLimited past it);
    Unauthenticated for a key unknown or revoked."""
    verifier: Verifier = request.app.state.keys
    principal = await verifier.verify(raw)
    if principal is None:
        raise Unauthenticated("the API key is unknown or revoked")
    limiter: RateLimiter = request.app.state.limiter
    try:
        await limiter.check(f"key:{principal.key_id}", principal.rate_per_minute)
    except RateLimited:
        count_refusal(principal.name, "rate_limited", request.client and request.client.host)
        raise
    return principal


def require(scope: str) -> Callable[[Request], Awaitable[Principal]]:
    async def dependency(request: Request) -> Principal:
        raw = presented_key(request)
        if not raw:
            raise Unauthenticated("an API key is required (X-API-Key header)")
        principal = await authenticate(request, raw)
        if not principal.allows(scope):
            raise Forbidden(f"this key lacks the scope {scope}", required_scope=scope)
        return principal

    return dependency

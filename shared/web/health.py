"""/health/live (no dependencies) and /health/ready (database and broker; 503 when down)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping

from fastapi import APIRouter
from fastapi.responses import JSONResponse

Check = Callable[[], Awaitable[bool]]


def health_router(checks: Mapping[str, Check]) -> APIRouter:
    router = APIRouter(prefix="/health", tags=["health"])

    @router.get("/live")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/ready")
    async def ready() -> JSONResponse:
        results = await asyncio.gather(*(_safe(check) for check in checks.values()))
        report = {name: "ok" if ok else "down" for name, ok in zip(checks, results, strict=True)}
        healthy = all(results)
        body = {"status": "ok" if healthy else "unavailable", "checks": report}
        return JSONResponse(body, status_code=200 if healthy else 503)

    return router


async def _safe(check: Check) -> bool:
    try:
        return await asyncio.wait_for(check(), timeout=5)
    except Exception:  # any failure of a dependency check means "not ready"
        return False


def database_check(ping: Callable[[], Awaitable[None]]) -> Check:
    async def check() -> bool:
        await ping()
        return True

    return check

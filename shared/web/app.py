"""Building the FastAPI application around one or more services."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Response
from fastapi.responses import PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from shared.auth.dependencies import require
from shared.auth.integrations import IntegrationStore
from shared.auth.keys import KeyStore
from shared.auth.rate import RateLimiter
from shared.auth.sealing import SecretBox
from shared.service import Service
from shared.stopping import deadline
from shared.web.characters import refuse_nul
from shared.web.errors import install_error_handlers
from shared.web.health import Check, database_check, health_router
from shared.web.limits import BodySizeLimit
from shared.web.openapi import DocumentedAPI
from shared.web.timing import RequestTimer


def create_api(
    services: Sequence[Service],
    keys: KeyStore,
    box: SecretBox,
    *,
    title: str,
    broker_check: Check,
    on_shutdown: Callable[[], Awaitable[None]] | None = None,
    close_within: float | None = None,
) -> FastAPI:
    """`close_within`: a process of its own (not a test's or the embedded one's app) exits if
    closing its connections takes longer: a database that stopped answering would hold it."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        for service in services:
            await service.startup()
        yield
        with deadline(close_within, "closing database connections"):
            if on_shutdown is not None:
                await on_shutdown()
            await keys.close()

    app = DocumentedAPI(
        title=title, version="1.0", lifespan=lifespan, dependencies=[Depends(refuse_nul)]
    )
    app.add_middleware(BodySizeLimit)
    app.add_middleware(RequestTimer)  # outermost: a refused body is timed too
    app.state.keys = keys
    app.state.box = box  # seals the web pages' session cookies too
    app.state.limiter = RateLimiter(keys.engine)
    app.state.integrations = IntegrationStore(keys.engine, keys.clock, box)
    checks: dict[str, Check] = {}
    for service in services:
        setattr(app.state, service.name, service.state)
        for router in service.routers:
            app.include_router(router)
        checks[f"database:{service.name}"] = database_check(service.ping_database)
    checks["broker"] = broker_check
    app.include_router(health_router(checks))

    @app.get(
        "/metrics",
        tags=["health"],
        dependencies=[Depends(require("metrics:read"))],
        response_class=PlainTextResponse,
        responses={200: {"content": {CONTENT_TYPE_LATEST.split(";")[0]: {}}}},
    )
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    install_error_handlers(app)
    return app

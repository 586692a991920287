"""One error format for every service: {"code", "message", "details"} with stable codes.
The domain's errors get their HTTP status here, at the edge."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared.db.races import lost_a_race
from shared.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidRequest,
    NotFound,
    PayloadTooLarge,
    TooManyRequests,
    Unauthenticated,
    UnprocessableValue,
    UnsupportedMediaType,
)

log = logging.getLogger(__name__)

STATUS_BY_ERROR: dict[type[DomainError], int] = {
    NotFound: 404,
    Conflict: 409,
    InvalidRequest: 400,
    Unauthenticated: 401,
    Forbidden: 403,
    PayloadTooLarge: 413,
    UnsupportedMediaType: 415,
    UnprocessableValue: 422,
    TooManyRequests: 429,
}

HTTP_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "too_large"}


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if details:
        body["details"] = details
    return body


def _status_for(exc: DomainError, mapping: Mapping[type[DomainError], int]) -> int:
    for cls in type(exc).__mro__:
        if cls in mapping:
            return mapping[cls]
    return 422


def _validation_details(exc: RequestValidationError) -> tuple[str, list[dict[str, Any]]]:
    details, code = [], "validation_error"
    for err in exc.errors():
        if err.get("type") == "union_tag_invalid":  # the channel discriminator names no channel
            code = "unknown_channel"
        loc = [str(part) for part in err.get("loc", ()) if part != "body"]
        details.append({"field": ".".join(loc), "message": err.get("msg"), "type": err.get("type")})
    return code, details


def install_error_handlers(
    app: FastAPI, mapping: Mapping[type[DomainError], int] | None = None
) -> None:
    statuses = {**STATUS_BY_ERROR, **(mapping or {})}

    @app.exception_handler(DomainError)
    async def on_domain_error(_: Request, exc: DomainError) -> JSONResponse:
        status = _status_for(exc, statuses)
        headers = {"WWW-Authenticate": 'ApiKey header="X-API-Key"'} if status == 401 else None
        if status == 429:
            headers = {"Retry-After": str(exc.details.get("retry_after_seconds", 60))}
        body = error_body(exc.code, exc.message, exc.details or None)
        return JSONResponse(body, status_code=status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def on_validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        code, details = _validation_details(exc)
        message = "unknown channel" if code == "unknown_channel" else "the request is not valid"
        return JSONResponse(error_body(code, message, details), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = HTTP_CODES.get(exc.status_code, "http_error")
        return JSONResponse(
            error_body(code, str(exc.detail)), status_code=exc.status_code, headers=exc.headers
        )

    @app.exception_handler(OperationalError)
    @app.exception_handler(PoolTimeoutError)
    @app.exception_handler(OSError)
    async def on_unavailable(_: Request, exc: Exception) -> JSONResponse:
        if isinstance(exc, DBAPIError) and lost_a_race(exc):
            return _race_lost()
        log.warning("dependency unavailable: %s", type(exc).__name__)
        body = error_body("service_unavailable", "a dependency is unavailable; retry shortly")
        return JSONResponse(body, status_code=503, headers={"Retry-After": "5"})

    @app.exception_handler(DBAPIError)
    async def on_db_error(_: Request, exc: DBAPIError) -> JSONResponse:
        if exc.connection_invalidated:
            return await on_unavailable(_, exc)
        if lost_a_race(exc):
            return _race_lost()
        log.exception("database error")
        return JSONResponse(error_body("internal_error", "unexpected database error"), 500)


def _race_lost() -> JSONResponse:
    log.warning("a transaction lost a race with a concurrent one")
    body = error_body("concurrent_update", "a concurrent request got in the way; retry")
    return JSONResponse(body, status_code=503, headers={"Retry-After": "1"})

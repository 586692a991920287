"""The OpenAPI document states the errors the API really answers: every refusal is
`{"code", "message", "details"?}` (shared/web/errors.py), under each status an operation can
give, instead of FastAPI's default `{"detail"}` for 422 only."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, Field

ERROR_REF = {"$ref": "#/components/schemas/Error"}
# What any operation but the health checks may answer; the body's code says which case.
EVERYWHERE = {
    "400": "the request contradicts itself or the case (e.g. a cursor not given out)",
    "401": "no API key, or an unknown or revoked one; a gateway's bad signature",
    "403": "the key lacks the scope, or the role may not do this",
    "404": "nothing of that id (or outside the reader's remit), or a department it names",
    "422": "the request is malformed or holds a value that can't be kept",
    "429": "over the key's or integration's rate (Retry-After)",
    "503": "a dependency is unavailable; retry (Retry-After)",
}
WITH_BODY = {
    "409": "the state of the resource does not allow it",
    "413": "the body is larger than allowed",
    "415": "a file of a type not kept",
}


class Error(BaseModel):
    code: str = Field(description="stable, for programs: see the README's table")
    message: str = Field(description="for people")
    details: Any | None = Field(None, description="what was wrong, where it helps")


def _errors_of(path: str, method: str) -> dict[str, str]:
    if path.startswith("/health"):
        return {}
    return EVERYWHERE | WITH_BODY if method in ("post", "put", "patch") else dict(EVERYWHERE)


class DocumentedAPI(FastAPI):
    """A FastAPI application whose OpenAPI document shows the real error body."""

    def openapi(self) -> dict[str, Any]:
        if self.openapi_schema:
            return self.openapi_schema
        schema = get_openapi(title=self.title, version=self.version, routes=self.routes)
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        schemas["Error"] = Error.model_json_schema()
        for path, operations in schema.get("paths", {}).items():
            for method, operation in operations.items():
                responses = operation.setdefault("responses", {})
                errors = _errors_of(path, method)
                if "422" in responses:  # FastAPI's `{"detail"}`, on any route with parameters
                    errors.setdefault("422", EVERYWHERE["422"])
                for status, description in errors.items():
                    responses[status] = {
                        "description": description,
                        "content": {"application/json": {"schema": ERROR_REF}},
                    }
        self.openapi_schema = schema
        return schema

"""The errors the domain raises: each carries a stable code. Pure: the HTTP status each one
maps to is decided at the edge (shared/web/errors.py)."""

from __future__ import annotations

from typing import Any, ClassVar


class DomainError(Exception):
    """Base for expected business errors; each subclass carries a stable code."""

    code: ClassVar[str] = "domain_error"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    code = "conflict"


class InvalidRequest(DomainError):
    code = "invalid_request"


class UnprocessableValue(DomainError):
    """Well-formed, but a value the system can't keep (answered 422)."""

    code = "unprocessable_value"


class Unauthenticated(DomainError):
    code = "unauthenticated"


class Forbidden(DomainError):
    code = "forbidden"


class PayloadTooLarge(DomainError):
    code = "too_large"


class UnsupportedMediaType(DomainError):
    code = "unsupported_media_type"


class TooManyRequests(DomainError):
    """Carries `retry_after_seconds`, sent back as Retry-After."""

    code = "too_many_requests"

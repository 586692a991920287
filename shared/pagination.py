"""Opaque keyset cursors: (timestamp, tie-breaker) of the last item of a page."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy import ColumnElement, and_, or_

from shared.errors import InvalidRequest
from shared.instants import in_range

T = TypeVar("T")


class InvalidCursor(InvalidRequest):
    code = "invalid_cursor"


def encode_cursor(at: datetime, tiebreak: str | int) -> str:
    raw = json.dumps([at.isoformat(), tiebreak]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def sequence_number(value: object) -> int:
    if not isinstance(value, int) or not 0 <= value < 2**63:  # a BIGINT
        raise ValueError(value)
    return value


def uuid_value(value: object) -> UUID:
    return UUID(str(value))


def decode_cursor(cursor: str, tiebreak_as: Callable[[object], T]) -> tuple[datetime, T]:
    """The (timestamp, tie-breaker) of a cursor, the tie-breaker converted by `tiebreak_as`
    (`sequence_number`, `uuid_value`); anything else is an InvalidCursor."""
    try:
        at, tiebreak = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        parsed = datetime.fromisoformat(at)
        if parsed.tzinfo is None:
            raise ValueError(cursor)
        in_range(parsed)
        return parsed, tiebreak_as(tiebreak)
    except (ValueError, TypeError, OverflowError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidCursor("the cursor is not one this API gave out") from exc


def keyset_after(
    at: ColumnElement[datetime],
    tiebreak: ColumnElement[Any],
    after: tuple[datetime, Any],
    *,
    descending: bool = False,
) -> ColumnElement[bool]:
    """The rows strictly past `after` in (at, tiebreak) order."""
    last_at, last_tiebreak = after
    if descending:
        return or_(at < last_at, and_(at == last_at, tiebreak < last_tiebreak))
    return or_(at > last_at, and_(at == last_at, tiebreak > last_tiebreak))

"""Opaque keyset cursors: (timestamp, tie-breaker) of the last item of a page."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_

from shared.errors import InvalidRequest


class InvalidCursor(InvalidRequest):
    code = "invalid_cursor"


def encode_cursor(at: datetime, tiebreak: str | int) -> str:
    raw = json.dumps([at.isoformat(), tiebreak]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str | int]:
    try:
        at, tiebreak = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        parsed = datetime.fromisoformat(at)
        if parsed.tzinfo is None or not isinstance(tiebreak, str | int):
            raise ValueError(cursor)
        return parsed, tiebreak
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidCursor("the cursor is not one this API gave out") from exc


def keyset_after(
    at: ColumnElement[datetime], tiebreak: ColumnElement[Any], after: tuple[datetime, Any],
    *, descending: bool = False,
) -> ColumnElement[bool]:  # fmt: skip
    """The rows strictly past `after` in (at, tiebreak) order."""
    last_at, last_tiebreak = after
    if descending:
        return or_(at < last_at, and_(at == last_at, tiebreak < last_tiebreak))
    return or_(at > last_at, and_(at == last_at, tiebreak > last_tiebreak))

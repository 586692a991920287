"""The instants Tousu accepts from outside: 1970 to 2200. A year-1 or year-9999 time with an
offset overflows when converted to UTC, and deadlines computed from it overflow later."""

from __future__ import annotations

from datetime import UTC, datetime

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)


def in_range(value: datetime) -> datetime:
    """The value itself, or a ValueError; naive times are read as UTC."""
    try:
        utc = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    except OverflowError:
        raise ValueError("out of range: between 1970 and 2200") from None
    if not EARLIEST <= utc < LATEST:
        raise ValueError("out of range: between 1970 and 2200")
    return value

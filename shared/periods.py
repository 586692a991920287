"""Calendar periods figures are counted in: a local day, ISO week or month."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

Period = Literal["day", "week", "month"]


def period_of(at: datetime, period: Period, zone: ZoneInfo) -> str:
    """`2026-11-23`, `2026-W48` or `2026-11`, in `zone`."""
    local = at.astimezone(zone).date()
    if period == "day":
        return local.isoformat()
    if period == "week":
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{local.year}-{local.month:02d}"

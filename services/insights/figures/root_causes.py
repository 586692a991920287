"""Root causes that keep coming back for a department: the investigations' root-cause
categories over the last weeks, against the same number of weeks before; pure.

A root cause recurs when it was found at least `min_count` times and in at least half of the
weeks looked at: one bad week is a surge (the detector's business), a cause found week after
week is a systematic failure nobody fixed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from services.insights.figures.reads import Fact


@dataclass
class Cause:
    department: str
    root_cause: str
    count: int = 0
    before: int = 0
    weeks: set[str] = field(default_factory=set)
    latest: list[tuple[datetime, str]] = field(default_factory=list)


def recurring_causes(
    facts: Iterable[Fact],
    now: datetime,
    zone: ZoneInfo,
    *,
    weeks: int,
    min_count: int,
) -> list[dict[str, Any]]:
    """Every (department, root cause) found in the last `weeks` weeks, commonest first."""
    start = now - timedelta(weeks=weeks)
    earlier = start - timedelta(weeks=weeks)
    causes: dict[tuple[str, str], Cause] = {}
    investigated: dict[str, int] = defaultdict(int)
    for fact in facts:
        at = fact.registered_at
        if at is None or fact.root_cause is None or at < earlier:
            continue
        department = fact.department or "unknown"
        key = (department, fact.root_cause)
        cause = causes.setdefault(key, Cause(*key))
        if at < start:
            cause.before += 1
            continue
        investigated[department] += 1
        cause.count += 1
        year, week, _ = at.astimezone(zone).isocalendar()
        cause.weeks.add(f"{year}-W{week:02d}")
        cause.latest.append((at, fact.reference or str(fact.complaint_id)))
    rows = [
        {
            "department": c.department,
            "root_cause": c.root_cause,
            "count": c.count,
            "share_of_department": round(c.count / investigated[c.department], 4),
            "weeks_found": len(c.weeks),
            "previous_count": c.before,
            "recurring": c.count >= min_count and len(c.weeks) * 2 >= weeks,
            "examples": [ref for _, ref in sorted(c.latest, reverse=True)[:3]],
        }
        for c in causes.values()
        if c.count
    ]
    return sorted(rows, key=lambda r: (not r["recurring"], -r["count"], r["department"]))

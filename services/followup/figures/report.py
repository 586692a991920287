"""Follow-up figures by department and period: of the satisfaction callbacks owed (one per
resolution), how many were tried (callback rate), how many reached the customer (reach rate),
how satisfied they were (CSAT: the share scoring 4 or 5) and how many reopened the case."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from services.followup.queries import CallbackView
from shared.periods import Period, period_of


@dataclass
class Figures:
    period: str
    department: str
    owed: int = 0
    attempted: int = 0
    reached: int = 0
    scored: int = 0
    satisfied: int = 0
    reopened: int = 0
    unreachable: int = 0
    scores: list[int] = field(default_factory=list, repr=False)

    def rates(self) -> dict[str, Any]:
        def share(part: int, whole: int) -> float | None:
            return round(part / whole, 4) if whole else None

        return {
            "period": self.period,
            "department": self.department,
            "owed": self.owed,
            "attempted": self.attempted,
            "reached": self.reached,
            "scored": self.scored,
            "reopened": self.reopened,
            "unreachable": self.unreachable,
            "callback_rate": share(self.attempted, self.owed),
            "reach_rate": share(self.reached, self.attempted),
            "csat": share(self.satisfied, self.scored),
            "average_score": round(sum(self.scores) / len(self.scores), 2) if self.scores else None,
            "reopen_rate": share(self.reopened, self.reached),
        }


def tally(
    rows: Iterable[CallbackView], period: Period, zone: ZoneInfo, reopen_at_or_below: int
) -> list[Figures]:
    """Rows of satisfaction callbacks, counted by (period, department); pure."""
    groups: dict[tuple[str, str], Figures] = {}
    for row in rows:
        if row.status == "cancelled":  # withdrawn: nothing was owed after all
            continue
        key = (period_of(row.created_at, period, zone), row.department or "unknown")
        f = groups.setdefault(key, Figures(*key))
        f.owed += 1
        f.attempted += row.attempts > 0
        f.reached += row.outcome in ("reached", "replied")
        f.unreachable += row.status == "unreachable"
        if row.score is not None:
            f.scored += 1
            f.satisfied += row.score >= 4
            f.scores.append(row.score)
            f.reopened += row.score <= reopen_at_or_below or row.resolved is False
        elif row.resolved is False:
            f.reopened += 1
    return [groups[k] for k in sorted(groups)]

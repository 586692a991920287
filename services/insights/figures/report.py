"""Figures by period and any dimensions of the complaints: pure functions of the rows.

- volume: complaints registered;
- first response (responsiveness): hours from registration to the first contact that reached
  the customer, median and p90, and the share within the first-response deadline;
- resolution: hours to resolution, median and p90; the share within the internal deadline
  (as first routed) and the share of promises kept (resolved by the date the customer was
  given, extensions included). A complaint counts towards a deadline once it was met or has
  passed, so open ones past due count as missed and open ones not yet due not at all;
- CSAT (the share of satisfaction scores of 4 or 5) and the average score;
- reopen rate (of those resolved), repeat-complainant share, returns (退单) and escalations.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, get_args
from zoneinfo import ZoneInfo

from services.insights.figures.reads import Fact
from shared.periods import Period, period_of

Dimension = Literal[
    "department",
    "channel",
    "cause",
    "motive",
    "priority",
    "language",
    "segment",
    "repeat",
    "root_cause",
    "status",
    "topic",
]
DIMENSIONS: tuple[Dimension, ...] = get_args(Dimension)
AGE_BANDS: tuple[tuple[str, float], ...] = (
    ("under_1_day", 1),
    ("1_to_3_days", 3),
    ("3_to_7_days", 7),
    ("7_to_30_days", 30),
    ("over_30_days", float("inf")),
)
HOUR = 3600.0


def value_of(fact: Fact, dimension: Dimension) -> str:
    value = getattr(fact, dimension)
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "repeat" if value else "first"
    return str(value)


def quantile(values: Sequence[float], q: float) -> float | None:
    """The q-quantile with linear interpolation between the closest ranks (as numpy's)."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _hours(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


@dataclass
class Deadline:
    """Met or missed, for those whose deadline was met or has passed."""

    met: int = 0
    judged: int = 0

    def judge(self, done: datetime | None, due: datetime | None, now: datetime) -> None:
        if due is None:
            return
        if done is not None:
            self.judged += 1
            self.met += done <= due
        elif due < now:
            self.judged += 1


@dataclass
class Figures:
    period: str
    group: tuple[str, ...]
    volume: int = 0
    first_response_hours: list[float] = field(default_factory=list)
    resolution_hours: list[float] = field(default_factory=list)
    first_response_sla: Deadline = field(default_factory=Deadline)
    resolution_sla: Deadline = field(default_factory=Deadline)
    promises: Deadline = field(default_factory=Deadline)
    resolved: int = 0
    reopened: int = 0
    repeats: int = 0
    returns: int = 0
    escalated: int = 0
    scores: list[int] = field(default_factory=list)

    def add(self, fact: Fact, registered: datetime, now: datetime) -> None:
        self.volume += 1
        if fact.first_contact_at is not None:
            seconds = (fact.first_contact_at - registered).total_seconds()
            self.first_response_hours.append(max(seconds, 0) / HOUR)
        self.first_response_sla.judge(fact.first_contact_at, fact.first_response_due, now)
        if fact.resolved_at is not None:
            self.resolved += 1
            self.reopened += fact.reopens > 0
            seconds = (fact.resolved_at - registered).total_seconds()
            self.resolution_hours.append(max(seconds, 0) / HOUR)
        self.resolution_sla.judge(fact.resolved_at, fact.resolution_due, now)
        self.promises.judge(fact.resolved_at, fact.promised_by, now)
        self.repeats += bool(fact.repeat)
        self.returns += fact.returns
        self.escalated += fact.escalations > 0
        if fact.score is not None:
            self.scores.append(fact.score)

    def as_row(self, by: Sequence[Dimension]) -> dict[str, Any]:
        first, resolution = self.first_response_hours, self.resolution_hours
        return (
            {"period": self.period}
            | dict(zip(by, self.group, strict=True))
            | {
                "volume": self.volume,
                "first_response_median_hours": _hours(quantile(first, 0.5)),
                "first_response_p90_hours": _hours(quantile(first, 0.9)),
                "first_response_within_sla": _share(
                    self.first_response_sla.met, self.first_response_sla.judged
                ),
                "resolved": self.resolved,
                "resolution_median_hours": _hours(quantile(resolution, 0.5)),
                "resolution_p90_hours": _hours(quantile(resolution, 0.9)),
                "resolution_within_sla": _share(
                    self.resolution_sla.met, self.resolution_sla.judged
                ),
                "promise_kept": _share(self.promises.met, self.promises.judged),
                "scored": len(self.scores),
                "csat": _share(sum(s >= 4 for s in self.scores), len(self.scores)),
                "average_score": (
                    round(sum(self.scores) / len(self.scores), 2) if self.scores else None
                ),
                "reopen_rate": _share(self.reopened, self.resolved),
                "repeat_share": _share(self.repeats, self.volume),
                "returns": self.returns,
                "escalated": self.escalated,
            }
        )


def tally(
    facts: Iterable[Fact],
    by: Sequence[Dimension],
    period: Period,
    zone: ZoneInfo,
    now: datetime,
) -> list[dict[str, Any]]:
    """One row per (period, values of `by`), in order."""
    groups: dict[tuple[str, tuple[str, ...]], Figures] = {}
    for fact in facts:
        if fact.registered_at is None:
            continue  # only seen through later events so far: counted once registered
        key = (period_of(fact.registered_at, period, zone), tuple(value_of(fact, d) for d in by))
        groups.setdefault(key, Figures(*key)).add(fact, fact.registered_at, now)
    return [groups[key].as_row(by) for key in sorted(groups)]


def backlog(facts: Iterable[Fact], by: Sequence[Dimension], now: datetime) -> list[dict[str, Any]]:
    """Open complaints by the values of `by`, counted by age."""
    groups: dict[tuple[str, ...], dict[str, Any]] = {}
    for fact in facts:
        if fact.registered_at is None:
            continue
        group = tuple(value_of(fact, d) for d in by)
        row = groups.setdefault(
            group,
            dict(zip(by, group, strict=True))
            | {"open": 0, "overdue": 0, "oldest_days": 0.0}
            | {band: 0 for band, _ in AGE_BANDS},
        )
        days = max((now - fact.registered_at).total_seconds(), 0) / 86400
        row["open"] += 1
        row["overdue"] += fact.promised_by is not None and fact.promised_by < now
        row["oldest_days"] = max(row["oldest_days"], round(days, 1))
        row[_band(days)] += 1
    return [groups[key] for key in sorted(groups)]


def _band(days: float) -> str:
    return next(band for band, limit in AGE_BANDS if days < limit)


def figure_columns(by: Sequence[Dimension]) -> list[str]:
    return list(Figures("", tuple("" for _ in by)).as_row(by))


def backlog_columns(by: Sequence[Dimension]) -> list[str]:
    return [*by, "open", "overdue", "oldest_days", *(band for band, _ in AGE_BANDS)]


def overall(facts: Iterable[Fact], now: datetime) -> dict[str, Any]:
    """The figures of every complaint together, whatever its period."""
    figures = Figures("", ())
    for fact in facts:
        if fact.registered_at is not None:
            figures.add(fact, fact.registered_at, now)
    return figures.as_row(())

"""The read model's complaints as daily series, per department, cause, channel and
department-with-cause, through the surge detector; pure."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from services.insights.figures.reads import Fact
from services.insights.figures.report import Dimension, value_of
from services.insights.surveillance.archive import Row, detect, series_of
from services.insights.surveillance.config import DetectorConfig
from services.insights.surveillance.detector import Alert

GROUPINGS: tuple[tuple[Dimension, ...], ...] = (
    ("department",),
    ("cause",),
    ("channel",),
    ("department", "cause"),
)
RECENT_DAYS = 7  # days judged on each pass; the ones before are history


@dataclass(frozen=True)
class Deviation:
    dimensions: dict[str, str]
    alert: Alert
    top_terms: list[str]
    examples: list[str]  # complaint references

    @property
    def series(self) -> str:
        return ";".join(f"{name}={value}" for name, value in self.dimensions.items())

    @property
    def department(self) -> str | None:
        return self.dimensions.get("department")


def lookback(config: DetectorConfig) -> timedelta:
    """How far back the complaints must be read for today's judgement."""
    return timedelta(days=config.baseline_days + config.guard_days + RECENT_DAYS + 1)


def deviations(
    facts: Sequence[Fact],
    today: date,
    zone: ZoneInfo,
    config: DetectorConfig,
    *,
    min_total: int = 30,
) -> list[Deviation]:
    """Surges in the last RECENT_DAYS days (today included) of every grouping's series."""
    found = []
    for grouping in GROUPINGS:
        series = series_of(_rows(facts, grouping, zone))
        known = (s for s in series.values() if "unknown" not in s.group)
        since = today - timedelta(days=RECENT_DAYS - 1)
        for finding in detect(known, config, min_total=min_total, since=since):
            dimensions: dict[str, str] = dict(zip(grouping, finding.group, strict=True))
            found.append(Deviation(dimensions, finding.alert, finding.top_terms, finding.examples))
    return _once_each(found)


def _once_each(found: list[Deviation]) -> list[Deviation]:
    """One surge seen through several groupings (a department whose complaints are all of one
    cause) is told once, under the first grouping that shows it."""
    seen: set[tuple[date, date, int, tuple[str, ...]]] = set()
    kept = []
    for deviation in found:  # in GROUPINGS order
        alert = deviation.alert
        key = (alert.first_day, alert.last_day, alert.observed, tuple(deviation.examples))
        if key not in seen:
            seen.add(key)
            kept.append(deviation)
    return kept


def _rows(facts: Iterable[Fact], grouping: Sequence[Dimension], zone: ZoneInfo) -> list[Row]:
    return [
        (
            f.registered_at.astimezone(zone).date(),
            tuple(value_of(f, d) for d in grouping),
            f.reference or str(f.complaint_id),
            f.text or "",
        )
        for f in facts
        if f.registered_at is not None
    ]

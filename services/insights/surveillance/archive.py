"""Any archive of dated complaints as daily series per group, with the evidence for an alert:
the words that rose in its window against the weeks before, and example complaints."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from services.insights.surveillance.config import DetectorConfig
from services.insights.surveillance.detector import Alert, alerts, scan
from services.insights.surveillance.terms import distinct, terms

DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%m/%d/%Y", "%d.%m.%Y", "%Y%m%d")


class UnreadableDate(ValueError):
    pass


def parse_day(value: str) -> date:
    text = value.strip().split(" ")[0].split("T")[0]  # the date, without a time after it
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(value.strip()).date()
    except ValueError:
        raise UnreadableDate(f"not a date: {value!r}") from None


@dataclass
class Series:
    group: tuple[str, ...]
    counts: Counter[date] = field(default_factory=Counter)
    rows: dict[date, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))

    def add(self, day: date, row_id: str, text: str) -> None:
        self.counts[day] += 1
        self.rows[day].append((row_id, text))

    def within(self, first: date, last: date) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        day = first
        while day <= last:
            found += self.rows.get(day, [])
            day += timedelta(days=1)
        return found


@dataclass(frozen=True)
class Finding:
    group: tuple[str, ...]
    alert: Alert
    top_terms: list[str]
    examples: list[str]


def rising_terms(
    window: Sequence[str], before: Sequence[str], *, top: int = 8, min_docs: int = 3
) -> list[str]:
    """Terms much commoner in the window than before it (smoothed log ratio of document
    shares, weighted by how often they occur in the window)."""
    if not window:
        return []
    inside = Counter(t for text in window for t in terms(text))
    outside = Counter(t for text in before for t in terms(text))
    scored = []
    for term, n in inside.items():
        if n < min(min_docs, len(window)):
            continue
        lift = ((n + 0.5) / (len(window) + 1)) / ((outside[term] + 0.5) / (len(before) + 1))
        if lift > 1.5:
            scored.append((n * math.log(lift), term))
    return distinct([term for _, term in sorted(scored, reverse=True)], top)


Row = tuple[date, tuple[str, ...], str, str]  # day, group values, row id, text


def series_of(rows: Iterable[Row]) -> dict[tuple[str, ...], Series]:
    """(day, group values, row id, text) rows as one series per group."""
    found: dict[tuple[str, ...], Series] = {}
    for day, group, row_id, text in rows:
        found.setdefault(group, Series(group)).add(day, row_id, text)
    return found


def detect(
    series: Iterable[Series],
    config: DetectorConfig,
    *,
    min_total: int = 30,
    examples: int = 3,
    since: date | None = None,
) -> list[Finding]:
    """Alerts for every series with enough complaints to learn from, with their evidence;
    only days from `since` on are judged, when given (the earlier ones are history)."""
    findings = []
    for one in series:
        if sum(one.counts.values()) < min_total:
            continue
        for alert in alerts(scan(one.counts, config, since=since), config):
            inside = one.within(alert.first_day, alert.last_day)
            baseline_start = alert.first_day - timedelta(days=config.baseline_days)
            before = one.within(baseline_start, alert.first_day - timedelta(days=1))
            top = rising_terms([t for _, t in inside], [t for _, t in before])
            findings.append(Finding(one.group, alert, top, [i for i, _ in inside[:examples]]))
    return sorted(findings, key=lambda f: (f.alert.first_day, f.group))

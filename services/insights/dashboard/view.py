"""What the dashboard shows, worked out from the read model's rows: headline figures, charts
with their values as tables, the backlog, the alerts and the recurring root causes; pure."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup

from services.insights.dashboard.charts import Line, bar_chart, legend, line_chart
from services.insights.dashboard.texts import Words
from services.insights.figures.reads import Fact
from services.insights.figures.report import AGE_BANDS, Dimension, backlog, overall, tally
from services.insights.warning.repository import TOPIC, AlertView
from shared.periods import Period, period_of

TOP_SERIES = 6  # lines drawn per chart; the rest are summed as "other"
RATES = ("first_response_within_sla", "resolution_within_sla", "promise_kept")
SATISFACTION = ("csat", "reopen_rate")
HEADLINE_SHARES = ("first_response_within_sla", "promise_kept", "csat", "reopen_rate")


@dataclass(frozen=True)
class Panel:
    key: str  # stable, for the page's anchors and tests
    title: str
    chart: Markup
    legend: list[tuple[str, str]]
    head: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Tile:
    key: str
    label: str
    value: str


@dataclass(frozen=True)
class Dashboard:
    tiles: list[Tile]
    panels: list[Panel]
    backlog_rows: list[list[str]]
    alerts: list[list[str]]
    topics: list[list[str]]
    root_causes: list[list[str]]


@dataclass(frozen=True)
class Archive:
    """The rows a dashboard is drawn from."""

    registered: Sequence[Fact]  # in the window
    open_now: Sequence[Fact]
    alerts: Sequence[AlertView]
    root_causes: Sequence[dict[str, Any]]


def period_labels(since: datetime, until: datetime, period: Period, zone: ZoneInfo) -> list[str]:
    """Every period the window touches, in order, empty ones too."""
    labels: list[str] = []
    day = since
    while day < until:
        label = period_of(day, period, zone)
        if not labels or labels[-1] != label:
            labels.append(label)
        day += timedelta(days=1)
    last = period_of(until - timedelta(microseconds=1), period, zone)
    return labels if labels and labels[-1] == last else [*labels, last]


def share(value: float | None, words: Words) -> str:
    return words("nothing") if value is None else f"{value * 100:.0f}%"


def build(
    archive: Archive,
    words: Words,
    window: tuple[datetime, datetime],
    period: Period,
    zone: ZoneInfo,
) -> Dashboard:
    since, now = window
    at: Context = (period, zone, now)
    labels = period_labels(since, now, period, zone)
    # The figures of each period and the backlog as a whole: each computed once, shown twice.
    by_period = {row["period"]: row for row in tally(archive.registered, [], *at)}
    waiting = backlog(archive.open_now, [], now)
    open_now = waiting[0] if waiting else None
    panels = [
        _volume(archive.registered, "department", labels, words, at),
        _volume(archive.registered, "cause", labels, words, at),
        _rates("deadlines", RATES, by_period, labels, words),
        _rates("satisfaction", SATISFACTION, by_period, labels, words),
        _age_bands(open_now, words),
    ]
    return Dashboard(
        tiles=_tiles(overall(archive.registered, now), open_now, words),
        panels=panels,
        backlog_rows=_backlog_rows(archive.open_now, words, now),
        alerts=[_alert_row(a, words) for a in archive.alerts if TOPIC not in a.dimensions],
        topics=[_topic_row(a, words) for a in archive.alerts if TOPIC in a.dimensions],
        root_causes=[_cause_row(row, words) for row in archive.root_causes],
    )


def _tiles(figures: dict[str, Any], open_now: dict[str, Any] | None, words: Words) -> list[Tile]:
    counts = [
        ("volume", figures["volume"]),
        ("open", open_now["open"] if open_now else 0),
        ("overdue", open_now["overdue"] if open_now else 0),
    ]
    return [Tile(key, words(key), str(value)) for key, value in counts] + [
        Tile(key, words(key), share(figures[key], words)) for key in HEADLINE_SHARES
    ]


Context = tuple[Period, ZoneInfo, datetime]


def _volume(
    facts: Sequence[Fact], dimension: Dimension, labels: list[str], words: Words, at: Context
) -> Panel:
    counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for row in tally(facts, [dimension], *at):
        counts[words.value(row[dimension])][row["period"]] += row["volume"]
    ranked = sorted(counts, key=lambda name: (-sum(counts[name].values()), name))
    kept = ranked[:TOP_SERIES]
    if len(ranked) > TOP_SERIES:
        other = words("other")
        for name in ranked[TOP_SERIES:]:
            for label, value in counts.pop(name).items():
                counts[other][label] += value
        kept.append(other)
    lines = [Line(name, [counts[name].get(label, 0) for label in labels]) for name in kept]
    title = words(f"volume_by_{dimension}")
    return _panel(f"volume_by_{dimension}", title, line_chart(title, labels, lines), labels, lines)


def _rates(
    key: str,
    fields: Sequence[str],
    by_period: dict[str, dict[str, Any]],
    labels: list[str],
    words: Words,
) -> Panel:
    lines = [
        Line(words(field), [by_period.get(label, {}).get(field) for label in labels])
        for field in fields
    ]
    chart = line_chart(words(key), labels, lines, percent=True)
    return _panel(key, words(key), chart, labels, lines, percent=True)


def _panel(
    key: str,
    title: str,
    chart: Markup,
    labels: list[str],
    lines: list[Line],
    *,
    percent: bool = False,
) -> Panel:
    # The table lists the periods down and the series across, as a spreadsheet would.
    words_of = [line.name for line in lines]
    rows = [
        [label]
        + [
            ("" if v is None else f"{v * 100:.0f}%" if percent else f"{v:g}")
            for v in (line.values[index] for line in lines)
        ]
        for index, label in enumerate(labels)
    ]
    return Panel(key, title, chart, legend(lines), ["", *words_of], rows)


def _age_bands(open_now: dict[str, Any] | None, words: Words) -> Panel:
    counts = [float(open_now[band]) if open_now else 0.0 for band, _ in AGE_BANDS]
    names = [words.value(band) for band, _ in AGE_BANDS]
    chart = bar_chart(words("backlog"), names, counts)
    rows = [[name, f"{count:g}"] for name, count in zip(names, counts, strict=True)]
    return Panel("backlog", words("backlog"), chart, [], ["", words("open")], rows)


def _backlog_rows(open_now: Sequence[Fact], words: Words, now: datetime) -> list[list[str]]:
    rows = sorted(backlog(open_now, ["department"], now), key=lambda r: -r["open"])
    return [
        [words.value(r["department"]), str(r["open"]), str(r["overdue"]), f"{r['oldest_days']:g}"]
        for r in rows
    ]


def _alert_row(alert: AlertView, words: Words) -> list[str]:
    series = " · ".join(
        f"{words(name) if name in ('department', 'cause', 'channel') else name}: "
        f"{words.value(value)}"
        for name, value in alert.dimensions.items()
    )
    return [series, *_evidence(alert, words)]


def _topic_row(alert: AlertView, words: Words) -> list[str]:
    return [alert.dimensions[TOPIC], *_evidence(alert, words)]


def _evidence(alert: AlertView, words: Words) -> list[str]:
    ratio = f"{alert.observed / alert.expected:.1f}×" if alert.expected else "∞"
    return [
        f"{alert.first_day.isoformat()} – {alert.last_day.isoformat()}",
        str(alert.observed),
        f"{alert.expected:.1f}",
        ratio,
        "、".join(alert.top_terms) if words.language == "zh" else ", ".join(alert.top_terms),
        ", ".join(alert.examples),
    ]


def _cause_row(row: dict[str, Any], words: Words) -> list[str]:
    return [
        words.value(row["department"]),
        row["root_cause"],
        str(row["count"]),
        str(row["weeks_found"]),
        "✔" if row["recurring"] else "",
        ", ".join(row["examples"]),
    ]

"""The surge detector evaluated the way outbreak-detection methods are: synthetic surges of
known size and length injected into the real daily series of the CFPB file (one series per
product), then detection rate, median days to detection and false alarms per series-year.

A surge of m× lasting d days adds Poisson((m - 1) x the day's expected count) complaints on
each of its days (expected: the detector's own baseline on the clean series, at least one
complaint). Detected: an alarm on one of its days. False alarms are alerts on the clean real
series; some of those may be real events, so the figure is an upper bound."""

from __future__ import annotations

import csv
import statistics
from collections import Counter
from datetime import date, timedelta

import numpy as np

from bench.payloads import DATA
from services.insights.surveillance.archive import parse_day
from services.insights.surveillance.config import DetectorConfig
from services.insights.surveillance.detector import alerts, check_day, scan

csv.field_size_limit(10 * 1024 * 1024)
MULTIPLIERS = (2, 3, 5)
DURATIONS = (3, 7, 14)
STARTS_PER_SERIES = 40
MIN_COMPLAINTS = 250  # a product with fewer has too little history to learn a pattern from


def product_series() -> dict[str, Counter[date]]:
    series: dict[str, Counter[date]] = {}
    with (DATA / "cfpb" / "complaints_2019_2020_dev.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            day = parse_day(row["Date received"])
            series.setdefault(row["Product"], Counter())[day] += 1
    return {name: c for name, c in series.items() if sum(c.values()) >= MIN_COMPLAINTS}


def false_alarms(series: dict[str, Counter[date]], config: DetectorConfig) -> tuple[float, float]:
    """Alerts and alarm days per series-year on the clean series."""
    judged, alerted, alarm_days = 0, 0, 0
    for counts in series.values():
        checks = scan(counts, config)
        judged += len(checks)
        alerted += len(alerts(checks, config))
        alarm_days += sum(c.alarm for c in checks)
    years = judged / 365.0
    return alerted / years, alarm_days / years


def injected(
    counts: Counter[date],
    start: date,
    multiplier: int,
    days: int,
    config: DetectorConfig,
    rng: np.random.Generator,
) -> int | None:
    """Days from the surge's start to its first alarm, or None if it went unnoticed."""
    surged = Counter(counts)
    for offset in range(days):
        day = start + timedelta(days=offset)
        baseline = check_day(day, counts.get(day, 0), counts, config)
        expected = max(baseline.expected if baseline else 1.0, 1.0)
        surged[day] += int(rng.poisson((multiplier - 1) * expected))
    for offset in range(days):
        day = start + timedelta(days=offset)
        check = check_day(day, surged.get(day, 0), surged, config)
        if check is not None and check.alarm:
            return offset
    return None


def detection(series: dict[str, Counter[date]], config: DetectorConfig) -> None:
    rng = np.random.default_rng(7)
    print(f"  {'surge':<12}{'detected':>10}{'median days to detection':>27}")
    for multiplier in MULTIPLIERS:
        for days in DURATIONS:
            found: list[int | None] = []
            for counts in series.values():
                first = min(counts) + timedelta(days=config.baseline_days + config.guard_days)
                span = (max(counts) - first).days - days
                for i in range(STARTS_PER_SERIES):
                    start = first + timedelta(days=int(span * i / STARTS_PER_SERIES))
                    found.append(injected(counts, start, multiplier, days, config, rng))
            hits = [f for f in found if f is not None]
            median = f"{statistics.median(hits):.0f}" if hits else "-"
            label = f"{multiplier}x {days} days"
            print(f"  {label:<12}{len(hits) / len(found):>10.2f}{median:>27}")


def main() -> None:
    series = product_series()
    judged = ", ".join(f"{name[:28]} ({sum(c.values())})" for name, c in series.items())
    print(f"CFPB daily series by product: {judged}")
    print(f"{STARTS_PER_SERIES} surge starts per series and scenario, spread over each series")
    for alpha in (0.001, 0.005, 0.01):
        config = DetectorConfig(alpha=alpha)
        per_year, days_per_year = false_alarms(series, config)
        print(
            f"\nalpha {alpha}: false alarms per series-year {per_year:.1f} alerts, "
            f"{days_per_year:.1f} alarm days (clean real series; an upper bound)"
        )
        detection(series, config)


if __name__ == "__main__":
    main()

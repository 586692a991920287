"""The surge detector on series whose right answer is known by hand."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from scipy.stats import nbinom, poisson

from services.insights.surveillance.config import DetectorConfig
from services.insights.surveillance.detector import alerts, check_day, scan, upper_quantile

MONDAY = date(2026, 1, 5)


def steady(days: int, weekday: float, weekend: float) -> Counter[date]:
    return Counter(
        {
            MONDAY + timedelta(days=i): int(
                weekend if (MONDAY + timedelta(days=i)).weekday() >= 5 else weekday
            )
            for i in range(days)
        }
    )


@pytest.mark.parametrize(
    ("mean", "dispersion"), [(0.5, 1.0), (3.0, 1.0), (20.0, 1.0), (3.0, 2.0), (40.0, 3.5)]
)
@pytest.mark.parametrize("alpha", [0.001, 0.01, 0.05])
def test_the_threshold_is_the_negative_binomial_quantile(
    mean: float, dispersion: float, alpha: float
) -> None:
    if dispersion == 1.0:
        expected = poisson.ppf(1 - alpha, mean)
    else:
        p = 1 / dispersion
        expected = nbinom.ppf(1 - alpha, mean / (dispersion - 1), p)
    assert upper_quantile(mean, dispersion, alpha) == int(expected)


def test_a_steady_series_is_expected_as_it_is_weekdays_and_weekends_apart() -> None:
    counts = steady(120, weekday=10, weekend=4)
    config = DetectorConfig()
    saturday = MONDAY + timedelta(days=110)
    tuesday = MONDAY + timedelta(days=106)
    assert saturday.weekday() == 5 and tuesday.weekday() == 1
    on_saturday = check_day(saturday, 4, counts, config)
    on_tuesday = check_day(tuesday, 10, counts, config)
    assert on_saturday is not None and on_tuesday is not None
    assert on_saturday.expected == pytest.approx(4, abs=0.05)
    assert on_tuesday.expected == pytest.approx(10, abs=0.05)
    assert not on_saturday.alarm and not on_tuesday.alarm
    assert check_day(tuesday, 25, counts, config).alarm  # type: ignore[union-attr]
    assert not check_day(saturday, 9, counts, config).alarm  # type: ignore[union-attr]
    assert check_day(saturday, 12, counts, config).alarm  # type: ignore[union-attr]


def test_too_little_history_is_not_judged_and_small_counts_never_alarm() -> None:
    config = DetectorConfig()
    counts = steady(20, weekday=1, weekend=0)
    assert check_day(MONDAY + timedelta(days=20), 30, counts, config) is None
    quiet = Counter({MONDAY + timedelta(days=i): 0 for i in range(100)})
    assert not check_day(MONDAY + timedelta(days=100), 4, quiet, config).alarm  # type: ignore[union-attr]
    assert check_day(MONDAY + timedelta(days=100), 5, quiet, config).alarm  # type: ignore[union-attr]


def test_a_surge_makes_one_alert_from_its_first_flagged_day() -> None:
    counts = steady(150, weekday=8, weekend=3)
    surge = [MONDAY + timedelta(days=120 + i) for i in range(5)]  # Tuesday to Saturday
    for day in surge:
        counts[day] += 24
    since = MONDAY + timedelta(days=100)
    found = alerts(scan(counts, DetectorConfig(), since=since), DetectorConfig())
    assert len(found) == 1
    assert (found[0].first_day, found[0].last_day) == (surge[0], surge[-1])
    assert found[0].observed == 4 * (8 + 24) + (3 + 24)
    assert found[0].expected == pytest.approx(4 * 8 + 3, rel=0.02)


def test_a_rising_trend_is_expected_not_flagged() -> None:
    counts = Counter({MONDAY + timedelta(days=i): 5 + i // 10 for i in range(150)})
    found = alerts(
        scan(counts, DetectorConfig(), since=MONDAY + timedelta(days=100)), DetectorConfig()
    )
    assert found == []

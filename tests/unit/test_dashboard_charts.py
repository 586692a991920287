"""The dashboard's SVG charts and its words: scales, gaps, escaping, languages."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from services.insights.dashboard.charts import Line, bar_chart, line_chart, nice_ceiling, scale
from services.insights.dashboard.texts import TEXTS, VALUES, Words, language_of
from services.insights.dashboard.view import period_labels

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("value", "ceiling"), [(0, 1), (1, 1), (1.2, 2), (12, 20), (21, 25), (46, 50), (212, 250)]
)
def test_axes_end_on_round_numbers(value: float, ceiling: float) -> None:
    assert nice_ceiling(value) == ceiling


def test_count_axes_have_round_ticks_and_shares_run_to_100_percent() -> None:
    assert scale(12, percent=False) == (20, 4)  # 0, 5, 10, 15, 20
    assert scale(46, percent=False) == (50, 5)  # 0, 10, ... 50
    assert scale(2, percent=False) == (5, 5)  # never thinner than whole complaints
    assert scale(0.3, percent=True) == (1.0, 4)


def test_a_line_breaks_where_values_are_missing_and_a_lone_value_is_a_dot() -> None:
    chart = line_chart("t", ["a", "b", "c", "d", "e"], [Line("x", [1, 2, None, 3, None])])
    soup = BeautifulSoup(chart, "html.parser")
    assert len(soup.select("polyline")) == 1 and len(soup.select("circle")) == 1
    (points,) = [p["points"] for p in soup.select("polyline")]
    assert len(str(points).split()) == 2


def test_what_a_chart_shows_is_escaped() -> None:
    hostile = '<script>alert("x")</script>'
    chart = line_chart(hostile, [hostile], [Line(hostile, [1])]) + bar_chart(
        hostile, [hostile], [3]
    )
    assert "<script>" not in chart
    soup = BeautifulSoup(chart, "html.parser")
    assert soup.select_one("g.series")["data-series"] == hostile  # type: ignore[index]
    assert soup.select_one("title").get_text() == hostile  # type: ignore[union-attr]


def test_bars_carry_their_values() -> None:
    soup = BeautifulSoup(bar_chart("open", ["< 1 day", "1-3 days"], [4, 0]), "html.parser")
    assert [t.get_text() for t in soup.select("text")][-4:] == ["4", "< 1 day", "0", "1-3 days"]
    heights = [float(str(r["height"])) for r in soup.select("rect.bar")]
    assert heights[0] > 0 == heights[1]


def test_every_period_of_the_window_is_labelled_empty_ones_too() -> None:
    since, until = datetime(2026, 10, 30, tzinfo=UTC), datetime(2026, 12, 2, tzinfo=UTC)
    assert period_labels(since, until, "month", SHANGHAI) == ["2026-10", "2026-11", "2026-12"]
    weeks = period_labels(since, until, "week", SHANGHAI)
    assert weeks[0] == "2026-W44" and weeks[-1] == "2026-W49" and len(weeks) == 6


@pytest.mark.parametrize(
    ("asked", "header", "language"),
    [
        ("en", "zh-CN", "en"),
        (None, "zh-TW,zh;q=0.9", "zh"),
        (None, "en-US,en;q=0.8,zh;q=0.5", "en"),
        (None, "fr-FR,en;q=0.5", "en"),
        (None, None, "zh"),
        ("fr", "de", "zh"),
    ],
)
def test_the_language_asked_then_the_browsers_then_chinese(
    asked: str | None, header: str | None, language: str
) -> None:
    assert language_of(asked, header) == language


def test_both_languages_have_every_word() -> None:
    assert TEXTS["zh"].keys() == TEXTS["en"].keys()
    assert VALUES["zh"].keys() == VALUES["en"].keys()
    words = Words("zh")
    assert words("last_days", days=30) == "最近 30 天"
    assert words.value("on_site") == "现场" and words.value("billing") == "billing"

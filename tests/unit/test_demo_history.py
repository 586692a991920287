"""`tousu demo --history`: dated demo complaints, marked as such, ending in a surge."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from tousu.demo import DEMO_MARK, SURGE, SURGE_DAYS, SURGE_PER_DAY, history


def test_history_is_dated_marked_unique_and_ends_in_a_surge() -> None:
    now = datetime(2026, 12, 5, 12, tzinfo=UTC)  # a Saturday
    posts = history(91, now)
    days = Counter(p["received_at"][:10] for p in posts)
    assert len(days) == 92 and max(days) == "2026-12-05" and min(days) == "2026-09-05"
    assert all(p["text"].startswith(DEMO_MARK) for p in posts)
    assert len({p["details"]["message_id"] for p in posts}) == len(posts)
    assert len({p["customer"]["phone"] for p in posts}) == len(posts)
    surge = [p for p in posts if p["text"].endswith(SURGE)]
    assert len(surge) == SURGE_DAYS * SURGE_PER_DAY
    assert days["2026-12-05"] == 2 + SURGE_PER_DAY  # a weekend day, and the surge
    assert days["2026-12-01"] == 4  # a weekday before it

"""Working time across lunch, evenings, weekends, holidays and make-up working days."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.routing.escalation.calendar import WorkingCalendar, parse_weekdays, parse_windows

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A made-up week: Wednesday 2 December is a holiday, Saturday 5 December is worked instead.
CALENDAR = WorkingCalendar(
    SHANGHAI,
    parse_windows("09:00-12:00,13:30-18:00"),
    parse_weekdays("mon-fri"),
    holidays=frozenset({date(2026, 12, 2)}),
    workdays=frozenset({date(2026, 12, 5)}),
)


def at(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        (at(1, 10), 1, at(1, 11)),  # Tuesday morning
        (at(1, 11), 2, at(1, 14, 30)),  # over lunch
        (at(1, 17), 2, at(3, 10)),  # evening, then the Wednesday holiday
        (at(1, 20), 8, at(4, 9, 30)),  # after hours: Thursday (7.5 h), then Friday
        (at(4, 17), 1.5, at(5, 9, 30)),  # Friday into the worked Saturday
        (at(5, 17, 30), 1, at(7, 9, 30)),  # Saturday's end, over Sunday, to Monday
        (at(6, 12), 0.5, at(7, 9, 30)),  # from a Sunday
    ],
)
def test_working_time_skips_what_is_not_worked(
    start: datetime, hours: float, due: datetime
) -> None:
    assert CALENDAR.add(start, timedelta(hours=hours)) == due


def test_working_days_between() -> None:
    assert CALENDAR.working_days_between(at(1, 10), at(1, 17)) == 0
    assert CALENDAR.working_days_between(at(1, 10), at(4, 9)) == 2  # Wed is a holiday
    assert CALENDAR.working_days_between(at(4, 10), at(7, 9)) == 2  # Sat worked, Sun not


def test_bad_calendars_are_refused() -> None:
    with pytest.raises(ValueError, match="ends before"):
        parse_windows("18:00-09:00")
    never = WorkingCalendar(SHANGHAI, parse_windows("09:00-10:00"), frozenset())
    with pytest.raises(ValueError, match="no working time"):
        never.add(at(1, 9), timedelta(hours=1))

"""Working time: hours of the day, working weekdays, public holidays and make-up working days
(调休). Pure functions of datetimes; deadlines are counted in working time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HORIZON_DAYS = 3660  # a deadline further than this is a configuration error


def parse_windows(spec: str) -> tuple[tuple[time, time], ...]:
    """'09:00-12:00,13:30-18:00' -> ordered windows within a day."""
    windows = []
    for part in spec.split(","):
        start, _, end = part.strip().partition("-")
        window = (time.fromisoformat(start.strip()), time.fromisoformat(end.strip()))
        if window[0] >= window[1]:
            raise ValueError(f"window {part!r} ends before it starts")
        windows.append(window)
    return tuple(sorted(windows))


def parse_weekdays(spec: str) -> frozenset[int]:
    """'mon-fri' or 'mon,wed,sat' -> weekday numbers (Monday is 0)."""
    days: set[int] = set()
    for part in spec.lower().split(","):
        first, _, last = part.strip().partition("-")
        days.update(range(DAYS.index(first), DAYS.index(last or first) + 1))
    return frozenset(days)


@dataclass(frozen=True)
class WorkingCalendar:
    zone: ZoneInfo
    windows: tuple[tuple[time, time], ...]
    weekdays: frozenset[int]
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()  # weekend days worked instead of a holiday

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() in self.weekdays and day not in self.holidays

    def add(self, start: datetime, amount: timedelta) -> datetime:
        """The instant when `amount` of working time has passed since `start`."""
        remaining, cursor = amount, start.astimezone(self.zone)
        for offset in range(_HORIZON_DAYS):
            day = cursor.date() + timedelta(days=offset)
            if not self.is_working_day(day):
                continue
            for opens, closes in self.windows:
                begin = max(datetime.combine(day, opens, self.zone), cursor)
                end = datetime.combine(day, closes, self.zone)
                if begin >= end:
                    continue
                if remaining <= end - begin:
                    return (begin + remaining).astimezone(UTC)
                remaining -= end - begin
        raise ValueError("no working time within ten years: check the calendar")

    def working_days_between(self, start: datetime, end: datetime) -> int:
        """Working days after `start`'s day, up to and including `end`'s day (local dates)."""
        first, last = start.astimezone(self.zone).date(), end.astimezone(self.zone).date()
        return sum(
            self.is_working_day(first + timedelta(days=n))
            for n in range(1, (last - first).days + 1)
        )

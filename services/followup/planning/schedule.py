"""When a customer may be contacted: pure functions of the clock, the customer and policy.

A day's allowed time is the policy's windows (no night, lunch or late evening; no weekend or
holiday), less the customer's do-not-disturb windows, inside their preferred hours when those
leave any time at all; a call must also fall in the agents' working hours on a day the team
still has capacity for."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HORIZON_DAYS = 60
Span = tuple[datetime, datetime]


@dataclass(frozen=True)
class Window:
    start: time
    end: time  # before `start` for a window that crosses midnight (22:00-07:00)


def parse_hours(spec: str, *, overnight: bool = False) -> tuple[Window, ...]:
    """'09:00-12:00,13:30-20:00' -> windows; only `overnight` ones may cross midnight."""
    windows = []
    for part in spec.split(","):
        if not part.strip():
            continue
        start, _, end = part.strip().partition("-")
        window = Window(time.fromisoformat(start.strip()), time.fromisoformat(end.strip()))
        if window.start == window.end or (window.start > window.end and not overnight):
            raise ValueError(f"window {part!r} ends before it starts")
        windows.append(window)
    return tuple(sorted(windows, key=lambda w: w.start))


def parse_days(spec: str) -> frozenset[int]:
    """'mon-fri' or 'mon,wed,sat'."""
    days: set[int] = set()
    for part in spec.lower().split(","):
        first, _, last = part.strip().partition("-")
        lo, hi = DAYS.index(first), DAYS.index(last or first)
        days.update(range(lo, hi + 1))
    return frozenset(days)


def parse_dates(spec: str) -> frozenset[date]:
    """'2026-10-01,2026-10-02' -> dates (holidays, or weekend days worked instead: 调休)."""
    return frozenset(date.fromisoformat(p.strip()) for p in spec.split(",") if p.strip())


@dataclass(frozen=True)
class Allowed:
    """Times of day on given weekdays (0 = Monday), less holidays, plus make-up working days."""

    windows: tuple[Window, ...]
    weekdays: frozenset[int]
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()

    def open_on(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() in self.weekdays and day not in self.holidays


@dataclass(frozen=True)
class CustomerTimes:
    zone: ZoneInfo
    do_not_disturb: tuple[Window, ...] = ()
    preferred: tuple[Window, ...] = ()


@dataclass(frozen=True)
class Team:
    """The callback agents: when they work (their zone) and how many calls each makes a day."""

    allowed: Allowed
    zone: ZoneInfo
    agents: int
    per_agent: int
    booked: Mapping[date, int] = field(default_factory=dict)  # calls already planned per day

    def has_room(self, day: date) -> bool:
        return self.booked.get(day, 0) < self.agents * self.per_agent


def next_allowed(
    after: datetime, customer: CustomerTimes, allowed: Allowed, team: Team | None = None
) -> datetime:
    """The first instant at or after `after` the customer may be contacted, in UTC."""
    zone = customer.zone
    first = after.astimezone(zone).date()
    for offset in range(HORIZON_DAYS):
        day = first + timedelta(days=offset)
        if not allowed.open_on(day):
            continue
        spans = _subtract(
            _spans(day, allowed.windows, zone), _spans(day, customer.do_not_disturb, zone)
        )
        preferred = _intersect(spans, _spans(day, customer.preferred, zone))
        spans = preferred or spans
        if team is not None:
            spans = _intersect(spans, _team_spans(team, day))
        for start, end in spans:
            candidate = max(start, after)
            if candidate < end:
                return candidate.astimezone(UTC)
    raise ValueError("no allowed time in the next sixty days: check the contact policy")


def next_working_day(after: datetime, zone: ZoneInfo, allowed: Allowed) -> datetime:
    """Midnight (customer time) starting the first working day after `after`'s day."""
    day = after.astimezone(zone).date()
    for offset in range(1, HORIZON_DAYS):
        if allowed.open_on(day + timedelta(days=offset)):
            return datetime.combine(day + timedelta(days=offset), time(0), zone).astimezone(UTC)
    raise ValueError("no working day in the next sixty days: check the calendar")


def _spans(day: date, windows: Iterable[Window], zone: ZoneInfo) -> list[Span]:
    """The windows on `day` as instants; an overnight window gives its two ends of the day."""
    midnight = datetime.combine(day, time(0), zone)
    next_midnight = datetime.combine(day + timedelta(days=1), time(0), zone)
    spans = []
    for w in windows:
        if w.start < w.end:
            spans.append((datetime.combine(day, w.start, zone), datetime.combine(day, w.end, zone)))
        else:
            spans += [
                (midnight, datetime.combine(day, w.end, zone)),
                (datetime.combine(day, w.start, zone), next_midnight),
            ]
    return sorted(spans)


def _team_spans(team: Team, customer_day: date) -> list[Span]:
    """The team's working spans on the days around the customer's (zones may differ)."""
    spans: list[Span] = []
    for shift in (-1, 0, 1):
        day = customer_day + timedelta(days=shift)
        if team.allowed.open_on(day) and team.has_room(day):
            spans += _spans(day, team.allowed.windows, team.zone)
    return sorted(spans)


def _intersect(a: list[Span], b: list[Span]) -> list[Span]:
    out = []
    for a_start, a_end in a:
        for b_start, b_end in b:
            start, end = max(a_start, b_start), min(a_end, b_end)
            if start < end:
                out.append((start, end))
    return sorted(out)


def _subtract(spans: list[Span], blocks: list[Span]) -> list[Span]:
    for b_start, b_end in blocks:
        kept = []
        for start, end in spans:
            if b_end <= start or b_start >= end:
                kept.append((start, end))
                continue
            if start < b_start:
                kept.append((start, b_start))
            if b_end < end:
                kept.append((b_end, end))
        spans = kept
    return spans

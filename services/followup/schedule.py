"""When and how to contact a customer: pure functions of the clock, the customer and policy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from phonenumbers import timezone as phone_timezones

from shared.events.complaints import ContactChannel

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Window:
    start: time
    end: time


@dataclass(frozen=True)
class Allowed:
    """Times of day on given weekdays (0 = Monday)."""

    windows: tuple[Window, ...]
    weekdays: frozenset[int]


def parse_hours(spec: str) -> tuple[Window, ...]:
    """'09:00-12:00,13:30-20:00' -> windows; a window may not cross midnight."""
    windows = []
    for part in spec.split(","):
        start, _, end = part.strip().partition("-")
        window = Window(time.fromisoformat(start.strip()), time.fromisoformat(end.strip()))
        if window.start >= window.end:
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


@dataclass(frozen=True)
class ContactPolicy:
    calls: Allowed
    messages: Allowed
    letters: Allowed

    def allowed(self, channel: ContactChannel) -> Allowed:
        return {"phone": self.calls, "sms": self.messages, "email": self.messages,
                "letter": self.letters}[channel]  # fmt: skip


def next_allowed(after: datetime, zone: ZoneInfo, allowed: Allowed) -> datetime:
    """The first instant at or after `after` inside an allowed window, in UTC."""
    local = after.astimezone(zone)
    for offset in range(15):
        day: date = local.date() + timedelta(days=offset)
        if day.weekday() not in allowed.weekdays:
            continue
        for window in allowed.windows:
            start = datetime.combine(day, window.start, zone)
            end = datetime.combine(day, window.end, zone)
            candidate = max(start, local)
            if candidate < end:
                return candidate.astimezone(UTC)
    raise ValueError("no allowed time in the next two weeks: check the contact policy")


def customer_zone(timezone: str | None, phone: str | None, default: str) -> ZoneInfo:
    """The customer's own zone; else the phone number's, when it has a single one."""
    for candidate in (timezone, _phone_zone(phone), default):
        if candidate:
            try:
                return ZoneInfo(candidate)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def _phone_zone(phone: str | None) -> str | None:
    if not phone:
        return None
    try:
        zones = phone_timezones.time_zones_for_number(phonenumbers.parse(phone, None))
    except phonenumbers.NumberParseException:
        return None
    return zones[0] if len(zones) == 1 and zones[0] != "Etc/Unknown" else None


def reachable_channels(
    *, phone: str | None, email: str | None, postal: str | None, preferred: str | None
) -> list[ContactChannel]:
    """Channels we can use, the customer's preference first, then phone, SMS, e-mail, letter."""
    usable: list[ContactChannel] = []
    if phone:
        usable += ["phone", "sms"]
    if email:
        usable.append("email")
    if postal:
        usable.append("letter")
    for channel in usable:
        if channel == preferred:
            usable.remove(channel)
            usable.insert(0, channel)
            break
    return usable


@dataclass(frozen=True)
class Plan:
    channel: ContactChannel
    at: datetime
    within_deadline: bool
    reason: str | None


def plan_contact(
    *, now: datetime, deadline: datetime, zone: ZoneInfo, channels: Sequence[ContactChannel],
    policy: ContactPolicy,
) -> Plan:  # fmt: skip
    """The first channel, in order, that has an allowed time before the deadline; if none has,
    the first channel at its first allowed time, flagged late."""
    if not channels:
        raise ValueError("the customer has no usable contact channel")
    first_at = next_allowed(now, zone, policy.allowed(channels[0]))
    for channel in channels:
        at = (
            first_at if channel == channels[0] else next_allowed(now, zone, policy.allowed(channel))
        )
        if at <= deadline:
            reason = None if channel == channels[0] else (
                f"{channels[0]} has no allowed time before the deadline"
            )  # fmt: skip
            return Plan(channel, at, True, reason)
    return Plan(channels[0], first_at, False, "no channel has an allowed time before the deadline")

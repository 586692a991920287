"""Which channel, and what after an attempt fails: pure functions of the contact policy.

Phone first (or the customer's preference); after the allowed number of unanswered calls, or
a refusal, a written channel (SMS, then e-mail); a wrong number is never called again and
takes SMS to it down too; when nothing is left, the customer is unreachable."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from phonenumbers import timezone as phone_timezones

from services.followup.planning.schedule import Allowed, CustomerTimes, Team, next_allowed
from shared.events.common import ContactChannel
from shared.events.followup import AttemptOutcome

Outcome = AttemptOutcome
UNANSWERED: frozenset[str] = frozenset({"no_answer", "busy", "voicemail"})


@dataclass(frozen=True)
class ContactPolicy:
    calls: Allowed
    messages: Allowed
    letters: Allowed

    def allowed(self, channel: ContactChannel) -> Allowed:
        return {
            "phone": self.calls,
            "sms": self.messages,
            "email": self.messages,
            "letter": self.letters,
        }[channel]


@dataclass(frozen=True)
class ContactRetryPolicy:
    phone_attempts: int = 3
    min_gap: timedelta = timedelta(hours=2)
    written: tuple[ContactChannel, ...] = ("sms", "email")  # the fallback, in order
    reply_window: timedelta = timedelta(hours=48)


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
    *,
    now: datetime,
    deadline: datetime,
    customer: CustomerTimes,
    channels: Sequence[ContactChannel],
    policy: ContactPolicy,
    team: Team | None = None,
) -> Plan:
    """The first channel, in order, that has an allowed time before the deadline; if none has,
    the first channel that has one at all, flagged late. Calls need an agent too: a customer
    whose hours never meet the agents' (far abroad) is written to instead."""
    times: dict[ContactChannel, datetime] = {}
    for channel in channels:
        agents = team if channel == "phone" else None
        try:
            times[channel] = next_allowed(now, customer, policy.allowed(channel), agents)
        except ValueError:  # no allowed time in the horizon on this channel
            continue
    if not times:
        raise ValueError("the customer has no usable contact channel with an allowed time")
    first = channels[0]
    for channel, at in times.items():
        if at <= deadline:
            reason = (
                None if channel == first else f"{first} has no allowed time before the deadline"
            )
            return Plan(channel, at, True, reason)
    channel, at = next(iter(times.items()))
    return Plan(channel, at, False, "no channel has an allowed time before the deadline")


@dataclass(frozen=True)
class Retry:
    """Try again on `channel`, not before `not_before` (then in allowed hours)."""

    channel: ContactChannel
    not_before: datetime
    reason: str


@dataclass(frozen=True)
class GiveUp:
    reason: str


def after_failure(
    *,
    channel: ContactChannel,
    outcome: Outcome,
    calls_made: int,
    channels: Sequence[ContactChannel],
    policy: ContactRetryPolicy,
    now: datetime,
) -> Retry | GiveUp:
    """What to do after an attempt that did not reach the customer. `channels` are the ones
    still usable (a wrong number has already removed phone and SMS)."""
    if channel == "phone" and outcome in UNANSWERED and calls_made < policy.phone_attempts:
        return Retry("phone", now + policy.min_gap, f"call {calls_made} unanswered ({outcome})")
    tried = {channel} | ({"phone"} if outcome in ("refused", "wrong_number") else set())
    order = ["phone", *policy.written] if channel == "phone" else list(policy.written)
    later = order[order.index(channel) + 1 :] if channel in order else list(policy.written)
    for candidate in later:
        if candidate in channels and candidate not in tried:
            return Retry(candidate, now, f"{channel} {outcome.replace('_', ' ')}: {candidate} next")
    return GiveUp(f"unreachable: {channel} {outcome.replace('_', ' ')}, no channel left")

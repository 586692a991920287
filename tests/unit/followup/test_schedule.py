"""When and how the customer is contacted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.followup.bootstrap import policy_from
from services.followup.planning.plan import customer_zone, plan_contact, reachable_channels
from services.followup.planning.schedule import CustomerTimes, next_allowed, parse_days, parse_hours
from services.followup.settings import FollowupSettings

SHANGHAI = ZoneInfo("Asia/Shanghai")
POLICY = policy_from(FollowupSettings()).contact
CUSTOMER = CustomerTimes(SHANGHAI)


def local(
    year: int, month: int, day: int, hour: int, minute: int, zone: ZoneInfo = SHANGHAI
) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=zone)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (local(2026, 11, 23, 10, 0), local(2026, 11, 23, 10, 0)),  # Monday morning: now
        (local(2026, 11, 23, 12, 15), local(2026, 11, 23, 13, 30)),  # lunch: after lunch
        (local(2026, 11, 23, 20, 30), local(2026, 11, 24, 9, 0)),  # late evening: next morning
        (local(2026, 11, 24, 3, 0), local(2026, 11, 24, 9, 0)),  # night
        (local(2026, 11, 27, 19, 59), local(2026, 11, 27, 19, 59)),  # Friday, last minute
        (local(2026, 11, 28, 10, 0), local(2026, 11, 30, 9, 0)),  # Saturday: Monday
    ],
)
def test_calls_wait_for_allowed_hours_on_working_days(now: datetime, expected: datetime) -> None:
    assert next_allowed(now, CUSTOMER, POLICY.calls) == expected.astimezone(UTC)


def test_hours_are_the_customers_own() -> None:
    new_york = ZoneInfo("America/New_York")
    now = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Sunday 21:00 in New York
    assert next_allowed(now, CustomerTimes(new_york), POLICY.calls) == local(
        2026, 11, 23, 9, 0, zone=new_york
    )


def test_messages_may_go_out_at_weekends_but_not_at_night() -> None:
    saturday_night = local(2026, 11, 28, 22, 0)
    assert next_allowed(saturday_night, CUSTOMER, POLICY.messages) == local(2026, 11, 29, 8, 0)


def test_friday_night_complaint_falls_back_to_sms_to_keep_the_deadline() -> None:
    now = local(2026, 11, 27, 21, 0)  # Friday 21:00, deadline Saturday 21:00
    plan = plan_contact(
        now=now,
        deadline=now + timedelta(hours=24),
        customer=CUSTOMER,
        channels=["phone", "sms", "email"],
        policy=POLICY,
    )
    assert (plan.channel, plan.at, plan.within_deadline) == ("sms", local(2026, 11, 28, 8, 0), True)
    assert plan.reason == "phone has no allowed time before the deadline"


def test_when_no_channel_meets_the_deadline_the_first_one_is_planned_late() -> None:
    now = local(2026, 11, 27, 21, 0)
    plan = plan_contact(
        now=now,
        deadline=now + timedelta(hours=2),
        customer=CUSTOMER,
        channels=["phone", "letter"],
        policy=POLICY,
    )
    assert (plan.channel, plan.within_deadline) == ("phone", False)
    assert plan.at == local(2026, 11, 30, 9, 0)


def test_preferred_channel_comes_first_and_unusable_ones_are_left_out() -> None:
    assert reachable_channels(phone="+86138", email="a@b.cn", postal=None, preferred="email") == [
        "email",
        "phone",
        "sms",
    ]
    assert reachable_channels(phone=None, email=None, postal="A市", preferred="phone") == ["letter"]


def test_zone_from_the_customer_then_the_phone_number_then_the_default() -> None:
    assert customer_zone("Europe/Paris", "+8613800138000", "UTC").key == "Europe/Paris"
    assert customer_zone(None, "+442079460958", "UTC").key == "Europe/London"
    assert customer_zone(None, "+14155550100", "UTC").key == "America/Los_Angeles"
    # An Australian mobile could be in any of eight zones: the default decides.
    assert customer_zone(None, "+61412345678", "Asia/Shanghai").key == "Asia/Shanghai"
    assert customer_zone("Not/AZone", None, "Asia/Tokyo").key == "Asia/Tokyo"


def test_policy_parsing() -> None:
    assert parse_days("mon-fri") == frozenset(range(5))
    assert parse_days("sat,sun") == frozenset({5, 6})
    assert [(w.start.hour, w.end.hour) for w in parse_hours("13:00-18:00, 08:00-12:00")] == [
        (8, 12),
        (13, 18),
    ]
    with pytest.raises(ValueError, match="ends before"):
        parse_hours("18:00-09:00")

"""Scheduling that respects people (holidays, do-not-disturb, preferred hours, agents' hours
and capacity) and the retry and fallback plan; all with an explicit clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from services.followup.bootstrap import policy_from
from services.followup.planning.plan import (
    ContactRetryPolicy,
    GiveUp,
    Retry,
    after_failure,
    plan_contact,
)
from services.followup.planning.schedule import (
    CustomerTimes,
    next_allowed,
    next_working_day,
    parse_dates,
    parse_hours,
)
from services.followup.settings import FollowupSettings
from shared.events.common import ContactChannel

SHANGHAI = ZoneInfo("Asia/Shanghai")
POLICY = policy_from(
    FollowupSettings(holidays="2026-10-01,2026-10-02,2026-10-05", workdays="2026-10-10")
)
CALLS, TEAM = POLICY.contact.calls, POLICY.team


def at(month: int, day: int, hour: int, minute: int = 0, zone: ZoneInfo = SHANGHAI) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=zone)


def customer(dnd: str = "", preferred: str = "", zone: ZoneInfo = SHANGHAI) -> CustomerTimes:
    return CustomerTimes(
        zone,
        parse_hours(dnd, overnight=True) if dnd else (),
        parse_hours(preferred, overnight=True) if preferred else (),
    )


def test_national_day_holidays_are_skipped_and_the_make_up_saturday_is_worked() -> None:
    # Wednesday 30 September, evening: 1-2 October holidays, then the weekend, 5 Oct holiday.
    assert next_allowed(at(9, 30, 21), customer(), CALLS) == at(10, 6, 9)
    # Saturday 10 October is a make-up working day (调休).
    assert next_allowed(at(10, 9, 20, 30), customer(), CALLS) == at(10, 10, 9)
    assert parse_dates(" 2026-10-01 ,") == frozenset({date(2026, 10, 1)})


def test_do_not_disturb_across_midnight_and_at_lunch() -> None:
    sleeper = customer(dnd="19:00-10:30,12:00-14:00")
    assert next_allowed(at(11, 23, 8), sleeper, CALLS) == at(11, 23, 10, 30)
    assert next_allowed(at(11, 23, 11, 59), sleeper, CALLS) == at(11, 23, 11, 59)
    assert next_allowed(at(11, 23, 12, 1), sleeper, CALLS) == at(11, 23, 14)
    assert next_allowed(at(11, 23, 19, 30), sleeper, CALLS) == at(11, 24, 10, 30)


def test_preferred_hours_are_used_when_they_leave_time_and_ignored_when_not() -> None:
    evenings = customer(preferred="18:00-22:00")
    assert next_allowed(at(11, 23, 9), evenings, CALLS) == at(11, 23, 18)
    never_open = customer(preferred="02:00-04:00")  # inside the night: no call then anyway
    assert next_allowed(at(11, 23, 9), never_open, CALLS) == at(11, 23, 9)


def test_calls_need_an_agent_at_work_in_the_agents_zone() -> None:
    # A customer in London at 09:00 their time is 17:00 in Shanghai: agents stop at 18:00.
    london = customer(zone=ZoneInfo("Europe/London"))
    nine_london = at(11, 23, 9, zone=ZoneInfo("Europe/London"))
    assert next_allowed(nine_london, london, CALLS, TEAM) == nine_london
    eleven_london = at(11, 23, 11, zone=ZoneInfo("Europe/London"))  # 19:00 in Shanghai
    # Next agent time overlapping London's allowed hours: Tuesday 09:00 London = 17:00 CST.
    assert next_allowed(eleven_london, london, CALLS, TEAM) == at(
        11, 24, 9, zone=ZoneInfo("Europe/London")
    )


def test_a_full_day_pushes_calls_to_the_next_working_day_with_room() -> None:
    monday, tuesday = date(2026, 11, 23), date(2026, 11, 24)
    capacity = TEAM.agents * TEAM.per_agent
    full = replace(TEAM, booked={monday: capacity, tuesday: capacity - 1})
    assert next_allowed(at(11, 23, 10), customer(), CALLS, full) == at(11, 24, 9)
    fuller = replace(full, booked={monday: capacity, tuesday: capacity})
    assert next_allowed(at(11, 23, 10), customer(), CALLS, fuller) == at(11, 25, 9)


def test_a_full_team_sends_the_acknowledgment_by_sms_to_keep_the_deadline() -> None:
    now = at(11, 23, 10)
    capacity = TEAM.agents * TEAM.per_agent
    full = replace(TEAM, booked={date(2026, 11, 23): capacity, date(2026, 11, 24): capacity})
    plan = plan_contact(
        now=now,
        deadline=now + timedelta(hours=24),
        customer=customer(),
        channels=["phone", "sms"],
        policy=POLICY.contact,
        team=full,
    )
    assert (plan.channel, plan.at) == ("sms", now)


def test_the_satisfaction_callback_starts_the_next_working_day() -> None:
    friday_evening = at(11, 27, 18)
    start = next_working_day(friday_evening, SHANGHAI, CALLS)
    assert start == at(11, 30, 0)
    assert next_allowed(start, customer(), CALLS, TEAM) == at(11, 30, 9)
    assert next_working_day(at(9, 30, 10), SHANGHAI, CALLS) == at(10, 6, 0)


RETRY = ContactRetryPolicy(phone_attempts=3, min_gap=timedelta(hours=2), written=("sms", "email"))
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
ALL: list[ContactChannel] = ["phone", "sms", "email"]


def test_unanswered_calls_are_retried_two_hours_apart_then_sms_then_email() -> None:
    first = after_failure(
        channel="phone", outcome="no_answer", calls_made=1, channels=ALL, policy=RETRY, now=NOW
    )
    assert first == Retry("phone", NOW + timedelta(hours=2), "call 1 unanswered (no_answer)")
    third = after_failure(
        channel="phone", outcome="busy", calls_made=3, channels=ALL, policy=RETRY, now=NOW
    )
    assert isinstance(third, Retry) and third.channel == "sms" and third.not_before == NOW
    no_reply = after_failure(
        channel="sms", outcome="no_reply", calls_made=3, channels=ALL, policy=RETRY, now=NOW
    )
    assert isinstance(no_reply, Retry) and no_reply.channel == "email"
    last = after_failure(
        channel="email", outcome="no_reply", calls_made=3, channels=ALL, policy=RETRY, now=NOW
    )
    assert isinstance(last, GiveUp) and "unreachable" in last.reason


def test_a_refusal_ends_the_calls_and_a_wrong_number_leaves_only_email() -> None:
    refused = after_failure(
        channel="phone", outcome="refused", calls_made=1, channels=ALL, policy=RETRY, now=NOW
    )
    assert isinstance(refused, Retry) and refused.channel == "sms"
    wrong = after_failure(
        channel="phone",
        outcome="wrong_number",
        calls_made=1,
        channels=["email"],
        policy=RETRY,
        now=NOW,
    )
    assert isinstance(wrong, Retry) and wrong.channel == "email"
    nothing_left = after_failure(
        channel="phone", outcome="wrong_number", calls_made=1, channels=[], policy=RETRY, now=NOW
    )
    assert isinstance(nothing_left, GiveUp)


def test_a_customer_whose_hours_never_meet_the_agents_gets_an_sms() -> None:
    new_york = customer(zone=ZoneInfo("America/New_York"))
    now = at(11, 23, 10)
    plan = plan_contact(
        now=now,
        deadline=now + timedelta(hours=24),
        customer=new_york,
        channels=["phone", "sms"],
        policy=POLICY.contact,
        team=TEAM,
    )
    assert plan.channel == "sms" and plan.reason == "phone has no allowed time before the deadline"

"""The team's load: scheduled phone calls counted per day of the team's zone, by the
database, on both databases."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

from services.followup.callbacks.domain import Callback
from services.followup.planning.plan import Plan
from services.followup.unit_of_work import FollowupUnitOfWork
from shared.clock import FixedClock
from shared.db.engine import make_session_factory
from shared.events.common import ContactChannel
from tests.events import envelope, registered, routed
from tests.system import System

SHANGHAI = ZoneInfo("Asia/Shanghai")


def planned(at: datetime, now: datetime, channel: ContactChannel = "phone") -> Callback:
    return Callback.schedule(
        complaint_id=uuid4(),
        reference="TS-1",
        department="billing",
        purpose="acknowledgment",
        occasion="",
        plan=Plan(channel, at, True, None),
        deadline=at + timedelta(days=1),
        timezone="Asia/Shanghai",
        priority="P3",
        now=now,
    )


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


async def test_scheduled_phone_calls_are_counted_per_day_of_the_teams_zone(
    system: System,
) -> None:
    now = system.clock.now()  # Monday 10:00 in Shanghai
    today = now.astimezone(SHANGHAI).date()
    tomorrow, later = today + timedelta(days=1), today + timedelta(days=2)
    cancelled = planned(at(today, 15), now)
    sessions = make_session_factory(system.services["followup"].engine)
    async with FollowupUnitOfWork(sessions, system.clock) as uow:
        for callback in [
            planned(at(today, 11), now),
            planned(at(today, 23, 30), now),  # 15:30 UTC: still Monday in Shanghai
            planned(at(tomorrow, 0, 30), now),  # 16:30 UTC Monday: Tuesday in Shanghai
            planned(at(later, 9), now),
            planned(at(today + timedelta(days=5), 9), now),  # past the days asked for
            planned(now - timedelta(hours=1), now),  # before `since`
            planned(at(today, 12), now, channel="sms"),  # not a call
            cancelled,
        ]:
            await uow.callbacks.add(callback)
        cancelled.cancel(now, "resolved")
        await uow.callbacks.save(cancelled)
        await uow.commit()
    async with FollowupUnitOfWork(sessions, system.clock) as uow:
        booked = await uow.callbacks.calls_booked(now, SHANGHAI, 3)
    assert booked == {today: 2, tomorrow: 1, later: 1}
    assert all(isinstance(day, date) for day in booked)


async def test_a_team_booked_for_weeks_gets_the_call_on_its_first_free_day(
    database_url: str, clock: FixedClock
) -> None:
    """The plan is first made with the next fortnight counted; one landing beyond it is made
    again with the whole horizon counted, so the booked days past the fortnight are seen."""
    system = System(database_url, clock, extra_settings={"agents": 1, "agent_daily_capacity": 1})
    await system.start()
    try:
        now = clock.now()  # Monday 10:00 in Shanghai
        today = now.astimezone(SHANGHAI).date()
        sessions = make_session_factory(system.services["followup"].engine)
        async with FollowupUnitOfWork(sessions, clock) as uow:
            for day in range(21):  # one call a day: the team is full for three weeks
                await uow.callbacks.add(planned(at(today + timedelta(days=day), 11), now))
            await uow.commit()
        handlers = system.services["followup"].handlers
        event = registered(now)
        later = routed(event.complaint_id, now, first_response_due=now + timedelta(days=40))
        for each in (event, later):
            await handlers[each.TYPE](each, envelope(each, now))
        async with FollowupUnitOfWork(sessions, clock) as uow:
            [acknowledgment] = await uow.callbacks.open_for(event.complaint_id)
    finally:
        await system.close()
    assert acknowledgment.channel == "phone"
    first_free = today + timedelta(days=21)  # a Monday
    assert acknowledgment.scheduled_for.astimezone(SHANGHAI).date() == first_free

"""Follow-up's composition root."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from services.followup import api, consumers, models
from services.followup.dependencies import FollowupState
from services.followup.schedule import Allowed, ContactPolicy, parse_days, parse_hours
from services.followup.services import FollowupPolicy
from services.followup.settings import FollowupSettings
from services.followup.unit_of_work import FollowupUnitOfWork
from shared.clock import Clock
from shared.db.engine import make_engine, make_session_factory
from shared.events.envelope import Trace
from shared.messaging.topics import INTAKE_COMPLAINTS, ROUTING_CASES
from shared.service import Service


def policy_from(settings: FollowupSettings) -> FollowupPolicy:
    return FollowupPolicy(
        contact=ContactPolicy(
            calls=Allowed(parse_hours(settings.call_hours), parse_days(settings.call_days)),
            messages=Allowed(
                parse_hours(settings.message_hours), parse_days(settings.message_days)
            ),
            letters=Allowed(parse_hours(settings.letter_hours), parse_days("mon-fri")),
        ),
        default_timezone=settings.default_timezone,
    )


def build(
    settings: FollowupSettings, clock: Clock, *, engine: AsyncEngine | None = None
) -> Service:
    engine = engine or make_engine(
        settings.database_url, schemas=[models.SCHEMA], pool_size=settings.db_pool_size
    )
    sessions = make_session_factory(engine)

    def make_uow(trace: Trace | None = None) -> FollowupUnitOfWork:
        return FollowupUnitOfWork(sessions, clock, trace)

    return Service(
        name="followup",
        engine=engine,
        outbox=models.outbox,
        state=FollowupState(make_uow=make_uow),
        routers=[api.router],
        consumes=(INTAKE_COMPLAINTS, ROUTING_CASES),
        handlers=consumers.build_handlers(make_uow, policy_from(settings)),
    )

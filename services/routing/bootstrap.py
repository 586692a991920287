"""Routing's composition root."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from functools import partial

from sqlalchemy.ext.asyncio import AsyncEngine

from services.routing import consumers, tables
from services.routing.assignment import api as assignment_api
from services.routing.case import api as case_api
from services.routing.config import load_config
from services.routing.departments import api as departments_api
from services.routing.dependencies import RoutingState
from services.routing.escalation import backlog
from services.routing.escalation.watchdog import escalate_once
from services.routing.learning.active import ActiveModel
from services.routing.learning.schedule import RetrainPolicy, ScheduledRetraining
from services.routing.rules import api as rules_api
from services.routing.seeding import seed_configuration
from services.routing.settings import RoutingSettings
from services.routing.unit_of_work import RoutingUnitOfWork
from services.routing.validity import api as validity_api
from shared.clock import Clock
from shared.db.engine import make_engine, make_session_factory
from shared.events.envelope import Trace
from shared.messaging.topics import FOLLOWUP_CONTACTS, INTAKE_COMPLAINTS
from shared.service import Service

log = logging.getLogger(__name__)


def engine_for(settings: RoutingSettings) -> AsyncEngine:
    return make_engine(
        settings.database_url, schemas=[tables.SCHEMA], pool_size=settings.db_pool_size
    )


def build_state(settings: RoutingSettings, clock: Clock, engine: AsyncEngine) -> RoutingState:
    """What routing's routes, consumers and commands work with."""
    sessions = make_session_factory(engine)

    def make_uow(trace: Trace | None = None) -> RoutingUnitOfWork:
        return RoutingUnitOfWork(sessions, clock, trace)

    config = load_config(settings.config_path)
    model = ActiveModel(check_every=settings.model_check_seconds)
    return RoutingState(make_uow=make_uow, config=config, model=model)


def watch(state: RoutingState, settings: RoutingSettings) -> Callable[[], Awaitable[None]]:
    """The watchdog's pass: escalate overdue cases, then retrain the model when it is due."""
    retraining = ScheduledRetraining(
        state.uow,
        state.config,
        RetrainPolicy(
            every=timedelta(hours=settings.retrain_hours),
            min_per_department=settings.retrain_min_per_department,
            min_accuracy=settings.retrain_min_accuracy,
            model_dir=settings.model_dir,
        ),
    )

    async def one_pass() -> None:
        await escalate_once(state.uow(), state.config)
        if settings.retrain_hours:
            await retraining.run_once()

    return one_pass


def build(settings: RoutingSettings, clock: Clock, *, engine: AsyncEngine | None = None) -> Service:
    engine = engine or engine_for(settings)
    state = build_state(settings, clock, engine)
    make_uow, config, model = state.make_uow, state.config, state.model

    async def startup() -> None:
        if await seed_configuration(state.uow(), config):
            log.info("seeded departments and rules from %s", settings.config_path)

    return Service(
        name="routing",
        engine=engine,
        outbox=tables.outbox,
        dead_letters=tables.dead_letters,
        state=state,
        routers=[
            departments_api.router,
            assignment_api.router,
            validity_api.router,
            case_api.router,
            rules_api.router,
        ],
        consumes=(INTAKE_COMPLAINTS, FOLLOWUP_CONTACTS),
        handlers=consumers.build_handlers(make_uow, config, model),
        startup=startup,
        periodic=watch(state, settings),
        periodic_seconds=settings.watchdog_seconds,
        sample=partial(backlog.sample, engine),
    )

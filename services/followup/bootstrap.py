"""Follow-up's composition root."""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import cast
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncEngine

from services.followup import consumers, tables
from services.followup.callbacks import api, backlog, queue_api
from services.followup.dependencies import FollowupState
from services.followup.figures import api as figures_api
from services.followup.outbound.dispatcher import Dispatcher, SendResult
from services.followup.outbound.texts import Texts
from services.followup.outbound.transports import (
    SmsGateway,
    SmtpMailer,
    SpoolDirectory,
    Transport,
)
from services.followup.planning.contacts import FollowupPolicy
from services.followup.planning.plan import ContactPolicy, ContactRetryPolicy
from services.followup.planning.schedule import Allowed, Team, parse_dates, parse_days, parse_hours
from services.followup.settings import FollowupSettings
from services.followup.unit_of_work import FollowupUnitOfWork
from shared.clock import Clock
from shared.db.engine import make_engine, make_session_factory
from shared.events.common import ContactChannel
from shared.events.envelope import Trace
from shared.mail import SmtpSettings
from shared.messaging.topics import INTAKE_COMPLAINTS, ROUTING_CASES
from shared.service import Service


def policy_from(settings: FollowupSettings) -> FollowupPolicy:
    holidays, workdays = parse_dates(settings.holidays), parse_dates(settings.workdays)

    def allowed(hours: str, days: str) -> Allowed:
        return Allowed(parse_hours(hours), parse_days(days), holidays, workdays)

    written = tuple(c.strip() for c in settings.written_fallback.split(",") if c.strip())
    if not set(written) <= {"sms", "email", "letter"}:
        raise ValueError(f"FOLLOWUP_WRITTEN_FALLBACK: unknown channel in {written}")
    return FollowupPolicy(
        contact=ContactPolicy(
            calls=allowed(settings.call_hours, settings.call_days),
            messages=allowed(settings.message_hours, settings.message_days),
            letters=allowed(settings.letter_hours, "mon-fri"),
        ),
        retry=ContactRetryPolicy(
            phone_attempts=settings.phone_attempts,
            min_gap=timedelta(minutes=settings.attempt_gap_minutes),
            written=cast(tuple[ContactChannel, ...], written),
            reply_window=timedelta(hours=settings.reply_window_hours),
        ),
        team=Team(
            allowed(settings.agent_hours, settings.agent_days),
            ZoneInfo(settings.default_timezone),
            settings.agents,
            settings.agent_daily_capacity,
        ),
        default_timezone=settings.default_timezone,
        lease=timedelta(minutes=settings.claim_lease_minutes),
        reopen_at_or_below=settings.reopen_at_or_below,
        satisfaction_within=timedelta(days=settings.satisfaction_within_days),
    )


def transports_from(settings: FollowupSettings) -> dict[str, Transport]:
    spool = SpoolDirectory(Path(settings.spool_dir))
    sms: Transport = spool
    if settings.sms_gateway_url:
        token = settings.sms_gateway_token.get_secret_value() or None
        sms = SmsGateway(
            settings.sms_gateway_url,
            token,
            settings.sms_sender,
            timeout=settings.sms_timeout_seconds,
        )
    email: Transport = spool
    if settings.smtp_host:
        email = SmtpMailer(
            SmtpSettings(
                host=settings.smtp_host,
                port=settings.smtp_port,
                username=settings.smtp_username or None,
                password=settings.smtp_password.get_secret_value() or None,
                starttls=settings.smtp_starttls,
                sender=settings.mail_from,
                sender_name=settings.organisation,
            )
        )
    return {"sms": sms, "email": email}


def build(
    settings: FollowupSettings, clock: Clock, *, engine: AsyncEngine | None = None
) -> Service:
    engine = engine or make_engine(
        settings.database_url, schemas=[tables.SCHEMA], pool_size=settings.db_pool_size
    )
    sessions = make_session_factory(engine)

    def make_uow(trace: Trace | None = None) -> FollowupUnitOfWork:
        return FollowupUnitOfWork(sessions, clock, trace)

    policy = policy_from(settings)
    texts = Texts(settings.organisation)
    texts.check()
    dispatcher = Dispatcher(
        make_uow,
        policy,
        texts,
        SendResult(transports_from(settings), concurrency=settings.send_concurrency),
    )
    return Service(
        name="followup",
        engine=engine,
        outbox=tables.outbox,
        dead_letters=tables.dead_letters,
        state=FollowupState(make_uow=make_uow, policy=policy, texts=texts, dispatcher=dispatcher),
        routers=[
            queue_api.router,
            api.router,
            figures_api.router,
        ],  # /callbacks/queue before /callbacks/{id}
        consumes=(INTAKE_COMPLAINTS, ROUTING_CASES),
        handlers=consumers.build_handlers(make_uow, policy),
        periodic=dispatcher.catch_up,
        periodic_seconds=settings.dispatch_seconds,
        sample=partial(backlog.sample, engine),
    )

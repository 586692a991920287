"""Insights' composition root."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncEngine

from services.insights import consumers, tables
from services.insights.dashboard import pages as dashboard_pages
from services.insights.dependencies import InsightsState
from services.insights.figures import api as figures_api
from services.insights.settings import InsightsSettings
from services.insights.surveillance.config import DetectorConfig, TopicConfig
from services.insights.unit_of_work import InsightsUnitOfWork
from services.insights.warning import api as warning_api
from services.insights.warning.delivery import Courier, Recipients
from services.insights.warning.watch import Watch
from shared.clock import Clock
from shared.db.engine import make_engine, make_session_factory
from shared.events.envelope import Trace
from shared.mail import SmtpSettings
from shared.messaging.topics import EVENT_TOPICS
from shared.service import Service


def recipients_from(settings: InsightsSettings) -> Recipients:
    secret = settings.alert_webhook_secret.get_secret_value()
    if settings.alert_webhook_url and not secret.startswith("whsec_"):
        raise ValueError("INSIGHTS_ALERT_WEBHOOK_SECRET: a whsec_ secret signs the webhook")
    smtp = None
    if settings.smtp_host:
        smtp = SmtpSettings(
            host=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username or None,
            password=settings.smtp_password.get_secret_value() or None,
            starttls=settings.smtp_starttls,
            sender=settings.mail_from,
            sender_name="Tousu insights",
        )
    emails = tuple(a.strip() for a in settings.alert_emails.split(",") if a.strip())
    return Recipients(settings.alert_webhook_url, secret, emails, smtp)


def build(
    settings: InsightsSettings, clock: Clock, *, engine: AsyncEngine | None = None
) -> Service:
    engine = engine or make_engine(
        settings.database_url, schemas=[tables.SCHEMA], pool_size=settings.db_pool_size
    )
    sessions = make_session_factory(engine)

    def make_uow(trace: Trace | None = None) -> InsightsUnitOfWork:
        return InsightsUnitOfWork(sessions, clock, trace)

    zone = ZoneInfo(settings.default_timezone)
    config = DetectorConfig(alpha=settings.alert_alpha, min_count=settings.alert_min_count)
    courier = Courier(make_uow, recipients_from(settings))
    topics = TopicConfig(alpha=settings.topic_alpha, min_count=settings.topic_min_count)
    watch = Watch(
        make_uow, zone, config, courier, min_total=settings.alert_min_history, topics=topics
    )
    return Service(
        name="insights",
        engine=engine,
        outbox=tables.outbox,
        dead_letters=tables.dead_letters,
        state=InsightsState(make_uow=make_uow, zone=zone),
        routers=[figures_api.router, warning_api.router, dashboard_pages.router],
        consumes=EVENT_TOPICS,
        handlers=consumers.build_handlers(make_uow),
        periodic=watch.run_once,
        periodic_seconds=settings.detect_minutes * 60,
    )

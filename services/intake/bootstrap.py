"""Intake's composition root: everything a process needs, built from settings."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from services.intake import consumers, tables
from services.intake.attachments import api as attachments_api
from services.intake.attachments.files import FileKeeper
from services.intake.attachments.store import (
    AttachmentRules,
    AttachmentStore,
    LocalAttachmentStore,
    S3AttachmentStore,
)
from services.intake.audit import api as audit_api
from services.intake.complaints import api
from services.intake.complaints.register import IntakePolicy
from services.intake.complaints.repository import ComplaintNumbers
from services.intake.customers import api as customers_api
from services.intake.customers.retention import erase_expired
from services.intake.dependencies import IntakeState
from services.intake.inbound.gateways import api as gateways_api
from services.intake.inbound.receive import ThreadingPolicy
from services.intake.settings import IntakeSettings
from services.intake.unit_of_work import IntakeUnitOfWork
from shared.clock import Clock
from shared.db.engine import make_engine, make_session_factory
from shared.events.envelope import Trace
from shared.messaging.topics import FOLLOWUP_CONTACTS, ROUTING_CASES
from shared.service import Service


def build(settings: IntakeSettings, clock: Clock, *, engine: AsyncEngine | None = None) -> Service:
    engine = engine or make_engine(
        settings.database_url, schemas=[tables.SCHEMA], pool_size=settings.db_pool_size
    )
    sessions = make_session_factory(engine)
    numbers = ComplaintNumbers()

    def make_uow(trace: Trace | None = None) -> IntakeUnitOfWork:
        return IntakeUnitOfWork(sessions, clock, trace, numbers=numbers)

    policy = IntakePolicy(
        first_response_within=timedelta(hours=settings.first_response_hours),
        phone_region=settings.default_phone_region,
        reference_prefix=settings.reference_prefix,
        repeat_window=timedelta(days=settings.repeat_window_days),
    )
    files = FileKeeper(
        attachment_store(settings), AttachmentRules(max_bytes=settings.attachment_max_mb * 2**20)
    )
    return Service(
        name="intake",
        engine=engine,
        outbox=tables.outbox,
        dead_letters=tables.dead_letters,
        state=IntakeState(
            make_uow=make_uow,
            policy=policy,
            clock=clock,
            threading=ThreadingPolicy(window=timedelta(hours=settings.thread_window_hours)),
            files=files,
            webhook_window=timedelta(seconds=settings.webhook_window_seconds),
        ),
        routers=[
            api.router,
            attachments_api.router,
            gateways_api.router,
            audit_api.router,
            customers_api.router,
        ],
        consumes=(ROUTING_CASES, FOLLOWUP_CONTACTS),
        handlers=consumers.build_handlers(make_uow),
        periodic=lambda: erase_expired(make_uow, files.store, settings.retention_years),
        periodic_seconds=settings.retention_check_hours * 3600,
    )


def attachment_store(settings: IntakeSettings) -> AttachmentStore:
    if not settings.attachments_s3_bucket:
        return LocalAttachmentStore(Path(settings.attachments_dir))
    return S3AttachmentStore(
        settings.attachments_s3_bucket,
        prefix=settings.attachments_s3_prefix,
        endpoint_url=settings.attachments_s3_endpoint_url,
        region=settings.attachments_s3_region,
        access_key_id=settings.attachments_s3_access_key_id,
        secret_access_key=settings.attachments_s3_secret_access_key,
    )

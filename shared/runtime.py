"""Running a service as one of its processes: api, worker (consumer) or relay."""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from aiokafka import AIOKafkaConsumer
from prometheus_client import start_http_server

from shared.auth.keys import KeyStore
from shared.auth.sealing import SecretBox
from shared.auth.tables import ACCESS_SCHEMA
from shared.clock import Clock
from shared.db.engine import make_engine
from shared.db.together import transactions_on
from shared.events.registry import EVENTS
from shared.messaging.consumer import HandlerRetryPolicy, MessageProcessor
from shared.messaging.kafka import (
    KafkaPublisher,
    LoggedAssignments,
    ensure_topics,
    kafka_reachable,
    run_kafka_consumer,
    start_with_retry,
    stop_quietly,
    when_broker_answers,
)
from shared.messaging.topics import ALL_TOPICS, dead_letter_topic
from shared.outbox.backlog import backlog
from shared.outbox.dead_letters import DatabaseDeadLetters, run_replays
from shared.outbox.relay import run_relay
from shared.service import Service
from shared.settings import ServiceSettings
from shared.stopping import Abandoned, exit_after, finish_within
from shared.web.health import Check

log = logging.getLogger(__name__)


def stop_on_signals(stopping: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()

    def stop() -> None:
        if not stopping.is_set():
            exit_after(STOP_DEADLINE_SECONDS, "stopping")
        stopping.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop)


BEAT_SECONDS = 10.0  # how often a waiting periodic job touches its heartbeat
SAMPLE_SECONDS = 15.0  # how often the relay samples its service's gauges (Prometheus' usual)
# After SIGTERM a consumer finishes the message in hand, else is cancelled: with the
# Kafka clients' own bounded close, a process is gone well within compose's 10 s.
STOP_GRACE_SECONDS = 3.0
# The last resort, for a database that stopped answering: its connections' close hangs.
STOP_DEADLINE_SECONDS = 8.0


def heartbeat(settings: ServiceSettings) -> Callable[[], None]:
    """Touches the heartbeat file (if configured): the compose healthcheck reads its age."""
    if not settings.heartbeat_file:
        return lambda: None
    path = Path(settings.heartbeat_file)
    return path.touch


def retry_policy(settings: ServiceSettings) -> HandlerRetryPolicy:
    return HandlerRetryPolicy(
        settings.consumer_max_attempts,
        settings.consumer_backoff_seconds,
        settings.consumer_backoff_max_seconds,
    )


def processor_for(
    service: Service, settings: ServiceSettings, clock: Clock, stopping: asyncio.Event
) -> MessageProcessor:
    """Dead letters go to the service's own table, whichever way the process runs."""
    return MessageProcessor(
        consumer=service.name,
        registry=EVENTS,
        handlers=service.handlers,
        dead_letters=DatabaseDeadLetters(service.engine, service.dead_letters, clock),
        dead_letter_topic=dead_letter_topic(service.name),
        retry=retry_policy(settings),
        stopping=stopping,
        together=transactions_on(service.engine),
        run_size=run_size(service, settings),
    )


# A run holds its SQLite file's one write lock, and SQLite's readers take it too (BEGIN
# IMMEDIATE): short runs keep the API's requests from waiting behind a long one.
SQLITE_RUN_SIZE = 10


def run_size(service: Service, settings: ServiceSettings) -> int:
    if service.engine.dialect.name == "sqlite":
        return min(settings.consumer_run_size, SQLITE_RUN_SIZE)
    return settings.consumer_run_size


def secret_box(settings: ServiceSettings) -> SecretBox:
    return SecretBox.from_settings(settings.secret_key.get_secret_value(), settings.secret_key_file)


def key_store(settings: ServiceSettings, clock: Clock) -> KeyStore:
    return KeyStore(make_engine(settings.database_url, schemas=[ACCESS_SCHEMA], pool_size=2), clock)


def kafka_check(settings: ServiceSettings) -> Check:
    async def check() -> bool:
        return await kafka_reachable(settings.kafka_bootstrap_servers)

    return check


def serve_metrics(settings: ServiceSettings) -> None:
    """A background process's own /metrics (no API key: bind it to the internal network)."""
    if settings.metrics_port:
        start_http_server(settings.metrics_port)
        log.info("metrics on port %d", settings.metrics_port)


async def run_worker(service: Service, settings: ServiceSettings, clock: Clock) -> None:
    stopping = asyncio.Event()
    stop_on_signals(stopping)
    serve_metrics(settings)
    await service.startup()
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        group_id=service.name,
        client_id=f"{service.name}-worker",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    consumer.subscribe(service.consumes, listener=LoggedAssignments(service.name))
    topics = partial(
        ensure_topics,
        settings.kafka_bootstrap_servers,
        ALL_TOPICS,
        partitions=settings.kafka_partitions,
        replication=settings.kafka_replication,
    )
    try:
        if not await when_broker_answers(topics, stopping):
            return
        if not await start_with_retry(consumer, stopping):
            return
        log.info("%s worker consuming %s", service.name, ", ".join(service.consumes))
        processor = processor_for(service, settings, clock, stopping)
        replays = asyncio.create_task(
            run_replays(service.engine, service.dead_letters, processor, clock, stopping)
        )
        consuming = run_kafka_consumer(
            consumer,
            processor,
            stopping,
            concurrency=settings.consumer_concurrency,
            on_idle=heartbeat(settings),
        )
        try:
            await finish_within(consuming, stopping, grace=STOP_GRACE_SECONDS)
        except Abandoned:
            log.warning("%s worker: consumer loop abandoned on shutdown", service.name)
        stopping.set()
        await replays
    finally:
        await stop_quietly(consumer)
        await service.close()
    log.info("%s worker stopped", service.name)


async def run_outbox_relay(service: Service, settings: ServiceSettings, clock: Clock) -> None:
    stopping = asyncio.Event()
    stop_on_signals(stopping)
    serve_metrics(settings)
    publisher = KafkaPublisher(settings.kafka_bootstrap_servers, client_id=f"{service.name}-relay")
    try:
        if not await start_with_retry(publisher, stopping):
            return
        log.info("%s relay publishing", service.name)
        sampling = asyncio.create_task(sample_figures(service, clock, stopping))
        await run_relay(
            service.engine,
            service.outbox,
            publisher,
            clock,
            stopping,
            batch_size=settings.relay_batch_size,
            poll_seconds=settings.relay_poll_seconds,
            linger_seconds=settings.relay_linger_ms / 1000,
            on_idle=heartbeat(settings),
        )
        await sampling
    finally:
        await stop_quietly(publisher)
        await service.close()
    log.info("%s relay stopped", service.name)


async def sample_figures(
    service: Service, clock: Clock, stopping: asyncio.Event, *, seconds: float = SAMPLE_SECONDS
) -> None:
    """Every few seconds until `stopping`: the service's backlog and its own figures into the
    process's gauges (a scrape must not query the database)."""
    while not stopping.is_set():
        try:
            now = clock.now()
            found = await backlog(service.engine, service.outbox, service.dead_letters, now)
            found.export(service.name)
            if service.sample is not None:
                await service.sample(now)
        except Exception as exc:  # the database may be away: the next pass tries again
            log.debug("%s figures not sampled (%s)", service.name, type(exc).__name__)
        try:
            await asyncio.wait_for(stopping.wait(), timeout=seconds)
        except TimeoutError:
            pass


async def run_periodic_job(
    service: Service, settings: ServiceSettings, stopping: asyncio.Event
) -> None:
    """Run the service's periodic job until `stopping`; a failed pass is logged and retried.
    The heartbeat is touched every few seconds while the last pass succeeded, so a job that
    runs once a day still looks alive to the health check."""
    assert service.periodic is not None  # noqa: S101 - callers check
    beat = heartbeat(settings)
    due, healthy = 0.0, False
    while not stopping.is_set():
        if time.monotonic() >= due:
            more = False
            try:
                # A pass stuck on a database that is gone must not hold up SIGTERM.
                done = await finish_within(service.periodic(), stopping, grace=STOP_GRACE_SECONDS)
                more, healthy = done is True, True
            except Abandoned:
                break
            except Exception as exc:  # the next pass tries again; the database may be back
                healthy = False
                log.warning(
                    "%s periodic job failed (%s: %s)", service.name, type(exc).__name__, exc
                )
            due = time.monotonic() + (0.0 if more else service.periodic_seconds)
        if healthy:
            beat()
        try:
            await asyncio.wait_for(
                stopping.wait(), timeout=max(0.0, min(BEAT_SECONDS, due - time.monotonic()))
            )
        except TimeoutError:
            pass


async def run_watchdog(service: Service, settings: ServiceSettings) -> None:
    stopping = asyncio.Event()
    stop_on_signals(stopping)
    serve_metrics(settings)
    await service.startup()
    try:
        log.info("%s watchdog running every %.0fs", service.name, service.periodic_seconds)
        await run_periodic_job(service, settings, stopping)
    finally:
        await service.close()

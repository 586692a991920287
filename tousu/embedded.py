"""The embedded default: all three services in one process, on SQLite and the in-process bus,
through the same outbox, relay, inbox and message-processing code as the distributed mode."""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path

import uvicorn

from shared.auth.keys import KeyStore
from shared.clock import SystemClock
from shared.db.engine import is_sqlite, sqlite_schema_file
from shared.db.migrate import upgrade
from shared.messaging.memory import InMemoryBus
from shared.outbox.dead_letters import run_replays
from shared.outbox.relay import run_relay
from shared.runtime import (
    key_store,
    processor_for,
    run_periodic_job,
    sample_figures,
    secret_box,
)
from shared.settings import TousuSettings
from shared.web.app import create_api
from tousu.registry import SERVICES

log = logging.getLogger(__name__)


def local_key_path(database_url: str) -> Path:
    """Where `tousu run` keeps its local admin key: beside the SQLite files (else in var/)."""
    folder = sqlite_schema_file(database_url, "access").parent if is_sqlite(database_url) else None
    return (folder or Path("var")) / "local-api-key"


async def local_key(keys: KeyStore, database_url: str) -> str:
    """An admin key for local use, kept in a file so restarts reuse it."""
    path = local_key_path(database_url)
    if path.exists() and await keys.verify(key := path.read_text().strip()):
        return key
    _, key = await keys.create("local (tousu run)", ["admin"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(key + "\n")
    os.chmod(path, 0o600)
    return key


async def run_embedded(settings: TousuSettings) -> None:
    url = settings.database_url
    await upgrade(url)
    clock, stopping = SystemClock(), asyncio.Event()
    bus = InMemoryBus()
    built = {
        name: entry.create(clock, database_url=url, db_pool_size=4)
        for name, entry in SERVICES.items()
    }
    replays = []
    for service_settings, service in built.values():
        processor = processor_for(service, service_settings, clock, stopping)
        bus.subscribe(service.consumes, processor.process_all)
        replays.append(
            asyncio.create_task(
                run_replays(service.engine, service.dead_letters, processor, clock, stopping)
            )
        )
    services = [service for _, service in built.values()]
    keys = key_store(settings, clock)

    async def memory_bus_ready() -> bool:
        return True

    app = create_api(
        services,
        keys,
        secret_box(settings),
        title="Tousu (embedded)",
        broker_check=memory_bus_ready,
    )
    relays = [
        asyncio.create_task(
            run_relay(s.engine, s.outbox, bus, clock, stopping, batch_size=100, poll_seconds=1.0)
        )
        for s in services
    ]
    relays += [
        asyncio.create_task(run_periodic_job(s, service_settings, stopping))
        for service_settings, s in built.values()
        if s.periodic is not None
    ]
    relays += [asyncio.create_task(sample_figures(s, clock, stopping)) for s in services]
    key = await local_key(keys, url)
    server = uvicorn.Server(
        uvicorn.Config(
            app, host=settings.host, port=settings.port, log_config=None, access_log=False
        )
    )
    print(f"Tousu is running on http://{settings.host}:{settings.port}  (docs: /docs)")  # noqa: T201
    print(f"API key for local use: {key}")  # noqa: T201
    try:
        await server.serve()
    finally:
        stopping.set()
        await asyncio.gather(*relays, *replays, return_exceptions=True)
        for service in services:
            await service.close()
